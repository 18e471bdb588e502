"""Who must report what in a period, computed from the plan and the agencies existing on the due date.

- Every provincial DOLISA reports for its province. A task given to a province's People's
  Committee (directly, or through "UBND các tỉnh, thành phố trực thuộc trung ương") is reported
  by that province's DOLISA, the body the decision's Article 5 charges with carrying it out.
- Every central agency that leads or supports a task running that year (directly, or through a
  collective such as "Các Bộ, ngành, cơ quan trung ương của các đoàn thể") reports on those tasks.
- An agency named in a target's ``reported_by_agencies`` (e.g. Bộ Công an for 6, 7, 8a, 8b) reports.
- A target is offered to an agency whose kind is in ``reported_by_kinds`` or that is named in
  ``reported_by_agencies``, in the years the target applies.

Nothing here is a hard-coded list: the state changes (as in 2025), and the answer follows the
agencies' dates.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from agencies.models import Agency, Collective
from indicators.models import Target
from reporting.models import ReportingPeriod
from tasks.models import Responsibility, Task

PROVINCIAL_KINDS = {Agency.Kind.PROVINCIAL_COMMITTEE, Agency.Kind.PROVINCIAL_DOLISA}


@dataclass
class Obligations:
    """For one period: each reporting agency with the tasks and targets it reports on."""

    period: ReportingPeriod
    agencies: list[Agency] = field(default_factory=list)
    tasks: dict[int, list[Task]] = field(default_factory=dict)  # agency id -> tasks, in plan order
    roles: dict[tuple[int, int], str] = field(default_factory=dict)  # (agency id, task id) -> lead/partner
    targets: dict[int, list[Target]] = field(default_factory=dict)  # agency id -> targets, in plan order

    @property
    def agency_ids(self) -> set[int]:
        return {a.pk for a in self.agencies}

    def provinces(self) -> list[Agency]:
        return [a for a in self.agencies if a.kind == Agency.Kind.PROVINCIAL_DOLISA]


def period_obligations(period: ReportingPeriod) -> Obligations:
    """Every agency expected to report in ``period``, with what it reports; a fixed number of queries."""
    plan = period.plan
    day = period.due_date
    existing = list(Agency.objects.existing_on(day).select_related("parent"))
    collectives = list(Collective.objects.prefetch_related("members"))
    members: dict[int, set[int]] = {}
    for collective in collectives:
        explicit = {m.pk for m in collective.members.all()}
        members[collective.pk] = {a.pk for a in existing if a.kind in collective.member_kinds or a.pk in explicit}

    dolisa_of_province = {a.parent_id: a for a in existing if a.kind == Agency.Kind.PROVINCIAL_DOLISA and a.parent_id}
    by_id = {a.pk: a for a in existing}

    def reporter(agency_id: int) -> Agency | None:
        agency = by_id.get(agency_id)
        if agency is None:
            return None
        if agency.kind == Agency.Kind.PROVINCIAL_COMMITTEE:
            return dolisa_of_province.get(agency.pk)
        return agency

    tasks = [t for t in plan.tasks.select_related("plan").order_by("position") if t.runs_in(period.year)]
    task_ids = {t.pk for t in tasks}
    task_roles: dict[int, dict[int, str]] = defaultdict(dict)
    rows = Responsibility.objects.filter(task_id__in=task_ids).values("task_id", "role", "agency_id", "collective_id")
    for row in rows:
        ids = [row["agency_id"]] if row["agency_id"] else sorted(members.get(row["collective_id"], ()))
        for agency_id in ids:
            agency = reporter(agency_id)
            if agency is None:
                continue
            if task_roles[agency.pk].get(row["task_id"]) != Responsibility.Role.LEAD:
                task_roles[agency.pk][row["task_id"]] = row["role"]

    targets = [
        t
        for t in plan.targets.prefetch_related("reported_by_agencies").order_by("position")
        if t.applies_in(period.year)
    ]
    target_map: dict[int, list[Target]] = defaultdict(list)
    for target in targets:
        named = {a.pk for a in target.reported_by_agencies.all()}
        for agency in existing:
            if agency.kind in target.reported_by_kinds or agency.pk in named:
                target_map[agency.pk].append(target)

    expected_ids = {a.pk for a in existing if a.kind == Agency.Kind.PROVINCIAL_DOLISA}
    expected_ids |= {agency_id for agency_id, by_task in task_roles.items() if by_task}
    expected_ids |= {agency_id for agency_id in target_map if by_id[agency_id].kind not in PROVINCIAL_KINDS}

    result = Obligations(period=period)
    result.agencies = sorted((by_id[i] for i in expected_ids), key=_reporting_order)
    for agency_id in expected_ids:
        by_task = task_roles.get(agency_id, {})
        result.tasks[agency_id] = [t for t in tasks if t.pk in by_task]
        for task_id, role in by_task.items():
            result.roles[(agency_id, task_id)] = role
        result.targets[agency_id] = target_map.get(agency_id, [])
    return result


def _reporting_order(agency: Agency) -> tuple:
    from agencies.collation import vn_sort_key

    provincial = agency.kind in PROVINCIAL_KINDS
    return (provincial, vn_sort_key(agency.province_name if provincial else agency.name))


def agency_obligations(period: ReportingPeriod, agency: Agency) -> tuple[list[Task], list[Target]]:
    """The tasks and targets ``agency`` reports on in ``period`` (empty lists when it need not report)."""
    obligations = period_obligations(period)
    return obligations.tasks.get(agency.pk, []), obligations.targets.get(agency.pk, [])
