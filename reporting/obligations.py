"""Who must report what in a period, computed from the plan and the agencies existing on the due date.

Who answers for a task or a target is ``tasks.responsibility``'s rule; here, who must report:

- every province's reporting department of the due date, for its province (its DOLISA up to 30 June
  2025, its Sở Y tế after, or the department an admin chose: ``agencies.ReportingDepartment``);
- every agency answering for a task running that year, in ``Reading.REPORTED`` (so a task given to
  a province's People's Committee is reported by that province's DOLISA);
- every central agency answering for a target that applies that year (e.g. Bộ Công an for 6, 7, 8a,
  8b); a target is offered to every agency answering for it.

Nothing here is a hard-coded list: the state changes (as in 2025), and the answer follows the
agencies' dates.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from agencies.collation import vn_sort_key
from agencies.models import PROVINCIAL_DEPARTMENT_KINDS, Agency, Collective
from agencies.selectors import Lineage
from indicators.cache import STRUCTURE, cached
from indicators.models import Target
from reporting.models import ReportingPeriod
from tasks.models import Responsibility, Task
from tasks.responsibility import Answerers, Reading

PROVINCIAL_KINDS = {Agency.Kind.PROVINCIAL_COMMITTEE, *PROVINCIAL_DEPARTMENT_KINDS}


@dataclass
class Obligations:
    """For one period: each reporting agency with the tasks and targets it reports on."""

    period: ReportingPeriod
    agencies: list[Agency] = field(default_factory=list)
    tasks: dict[int, list[Task]] = field(default_factory=dict)  # agency id -> tasks, in plan order
    roles: dict[tuple[int, int], str] = field(default_factory=dict)  # (agency id, task id) -> lead/partner
    targets: dict[int, list[Target]] = field(default_factory=dict)  # agency id -> targets, in plan order
    province_reporters: set[int] = field(default_factory=set)  # the departments reporting for a province

    @property
    def agency_ids(self) -> set[int]:
        return {a.pk for a in self.agencies}

    def provinces(self) -> list[Agency]:
        """The departments reporting for a province, one per province (its People's Committee's report)."""
        return [a for a in self.agencies if a.pk in self.province_reporters]


def period_obligations(period: ReportingPeriod) -> Obligations:
    """Every agency expected to report in ``period``, with what it reports.

    Tasks in ``Reading.REPORTED`` for the period's year, with the agencies existing on its due date
    (``tasks.responsibility``). Computed from the structure only (agencies, collectives, successions,
    reporting departments, tasks, responsibilities, targets, the period's dates), so it is kept in
    the cache until one of them changes (``indicators.cache.STRUCTURE``, bumped by their signals):
    the review list, "start" and the reminders ask for it on every request of a deadline day.
    """
    found = cached(f"period-obligations:{period.pk}", lambda: _period_obligations(period), depends_on=(STRUCTURE,))
    found.period = period  # the caller's period object, not the cached copy
    return found


def _period_obligations(period: ReportingPeriod) -> Obligations:
    """``period_obligations`` computed: a fixed number of queries."""
    plan = period.plan
    existing = list(Agency.objects.existing_on(period.due_date).select_related("parent"))
    answerers = Answerers(existing, Collective.objects.prefetch_related("members"), period.due_date, Lineage.load())
    by_id = {a.pk: a for a in existing}

    # The end-of-term review covers every year of the plan: every task and target that ran in any of them.
    years = period.years
    tasks = [t for t in plan.tasks.select_related("plan").order_by("position") if any(t.runs_in(y) for y in years)]
    rows = Responsibility.objects.filter(task__in=tasks)
    task_roles: dict[int, dict[int, str]] = defaultdict(dict)
    for task_id, by_agency in answerers.task_roles(rows, Reading.REPORTED).items():
        for agency_id, row in by_agency.items():
            task_roles[agency_id][task_id] = row.role

    targets = [
        t
        for t in plan.targets.prefetch_related("reported_by_agencies").order_by("position")
        if any(t.applies_in(y) for y in years)
    ]
    target_map: dict[int, list[Target]] = defaultdict(list)
    for target in targets:
        named = {a.pk for a in target.reported_by_agencies.all()}
        year = period.year if target.applies_in(period.year) else max(y for y in years if target.applies_in(y))
        for agency_id in answerers.target_reporters(target, named, year):
            target_map[agency_id].append(target)

    province_reporters = answerers.reporting_departments
    expected_ids = set(province_reporters)
    expected_ids |= {agency_id for agency_id, by_task in task_roles.items() if by_task}
    expected_ids |= {
        agency_id
        for agency_id in target_map
        if by_id[agency_id].kind not in PROVINCIAL_KINDS and agency_id not in province_reporters
    }

    result = Obligations(period=period, province_reporters=province_reporters)
    result.agencies = sorted((by_id[i] for i in expected_ids), key=_reporting_order)
    for agency_id in expected_ids:
        by_task = task_roles.get(agency_id, {})
        result.tasks[agency_id] = [t for t in tasks if t.pk in by_task]
        for task_id, role in by_task.items():
            result.roles[(agency_id, task_id)] = role
        result.targets[agency_id] = target_map.get(agency_id, [])
    return result


def _reporting_order(agency: Agency) -> tuple:
    provincial = agency.kind in PROVINCIAL_KINDS
    return (provincial, vn_sort_key(agency.province_name if provincial else agency.name))


def agency_obligations(period: ReportingPeriod, agency: Agency) -> tuple[list[Task], list[Target]]:
    """The tasks and targets ``agency`` reports on in ``period`` (empty lists when it need not report)."""
    obligations = period_obligations(period)
    return obligations.tasks.get(agency.pk, []), obligations.targets.get(agency.pk, [])
