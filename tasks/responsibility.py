"""Who answers for which task and which target: the one home of the rule (tasks/README.md).

A task's "Cơ quan chủ trì" and "Cơ quan phối hợp" name agencies or collectives; a collective stands
for its members (``Collective.includes``). Three readings of the same entries:

- ``Reading.WRITTEN``, the plan as the decision wrote it: the agency named, or every member of the
  collective named.
- ``Reading.REPORTED``, the plan as it is reported: as written, except that a People's Committee's
  share is reported by its province's department of the day (the DOLISA, which the decision's
  Article 5 charges with carrying it out; the Sở Y tế of the 34 provinces from 1 July 2025; or the
  department an admin chose), so the committee itself answers for nothing.
- ``Reading.EITHER``: an agency answers in either reading (what a user may update a task for).

Each reading can be narrowed to a year (the tasks running that year) and to a day (the agencies
existing that day); on a day, the duties of an agency that no longer exists are carried by its
successors of that day (``agencies.Succession``: a succession of this plan's duties wins over one of
all duties), so MOLISA's tasks go to the Ministry of Health from 1 March 2025. Without a day, an
agency of any date answers; as reported, so do its successors of any date (the Ministry of Health
may update a task the decision gave MOLISA). Where an agency answers for a task
through several entries, a lead role wins over a partner role, then a direct entry over a collective.

A target is answered for by every agency of a kind in its ``reported_by_kinds`` or named in its
``reported_by_agencies``, in the years the target applies.

This module is where the dates of the agencies are read, so that a change of agencies (successions,
mergers) changes the answer in one place.
"""

import datetime
import enum
from collections import defaultdict
from collections.abc import Iterable

from agencies.models import PROVINCIAL_DEPARTMENT_KINDS, Agency, Collective
from agencies.selectors import Lineage
from indicators.models import Target
from tasks.models import Plan, Responsibility, Task


class Reading(enum.Enum):
    WRITTEN = "written"
    REPORTED = "reported"
    EITHER = "either"


class Answerers:
    """The agencies that may answer (those existing on ``day``, or all) with each collective's members.

    ``lineage`` (successions and the provinces' reporting departments, ``agencies.selectors``) says
    who carries the duties of an agency that no longer exists on the day, and which department
    reports for a province.
    """

    def __init__(
        self,
        agencies: Iterable[Agency],
        collectives: Iterable[Collective] = (),
        day: datetime.date | None = None,
        lineage: Lineage | None = None,
    ):
        self.day = day
        self.lineage = lineage or Lineage()
        self.agencies = [a for a in agencies if day is None or a.exists_on(day)]
        self.by_id = {a.pk: a for a in self.agencies}
        self.collectives = list(collectives)
        self.members = {c.pk: {a.pk for a in self.agencies if c.includes(a)} for c in self.collectives}
        self.departments_of = self.lineage.reporting_departments(self.agencies, day)
        self.reporting_departments = set().union(*self.departments_of.values()) if self.departments_of else set()
        self.ids_of_kind: dict[str, set[int]] = defaultdict(set)
        for agency in self.agencies:
            self.ids_of_kind[agency.kind].add(agency.pk)

    @classmethod
    def load(cls, day: datetime.date | None = None, *, collectives: bool = True) -> "Answerers":
        """Seven queries (five without collectives: enough for targets)."""
        agencies = Agency.objects.existing_on(day) if day else Agency.objects.all()
        loaded = Collective.objects.prefetch_related("members") if collectives else ()
        return cls(agencies.only("id", "kind", "parent_id", "valid_from", "valid_to"), loaded, day, Lineage.load())

    def on(self, day: datetime.date) -> "Answerers":
        """The same agencies and collectives narrowed to ``day``, without a query."""
        return Answerers(self.agencies, self.collectives, day, self.lineage)

    def carriers(self, agency_id: int) -> set[int]:
        """Who carries the duties the plan gives ``agency_id``: itself while it exists, then its successors.

        Without a day, the agency itself only: the plan as the decision wrote it.
        """
        if self.day is None:
            return {agency_id} if agency_id in self.by_id else set()
        return self.lineage.carriers(agency_id, self.day, self.by_id.__contains__)

    def written(self, row: Responsibility) -> set[int]:
        """The agencies an entry names (or, on a day, those carrying its duties then), or the collective's members."""
        if row.agency_id is not None:
            return self.carriers(row.agency_id)
        return self.members.get(row.collective_id, set())

    def reported(self, row: Responsibility) -> set[int]:
        """As written, a People's Committee replaced by the department reporting for its province.

        Without a day, an agency that took the named one's duties over answers too (any date).
        """
        named = self.written(row)
        if self.day is None and row.agency_id is not None:
            named = self.lineage.carriers(row.agency_id, None, self.by_id.__contains__) & self.by_id.keys()
        result: set[int] = set()
        for agency_id in named:
            if self.by_id[agency_id].kind == Agency.Kind.PROVINCIAL_COMMITTEE:
                result |= self.departments_of.get(agency_id, set())
            else:
                result.add(agency_id)
        return result

    def of(self, row: Responsibility, reading: Reading) -> set[int]:
        if reading is Reading.WRITTEN:
            return self.written(row)
        if reading is Reading.REPORTED:
            return self.reported(row)
        return self.written(row) | self.reported(row)

    def task_roles(self, rows: Iterable[Responsibility], reading: Reading) -> dict[int, dict[int, Responsibility]]:
        """{task id: {agency id: the entry it answers by}}; lead wins over partner, direct over collective."""
        result: dict[int, dict[int, Responsibility]] = defaultdict(dict)
        for row in rows:
            for agency_id in self.of(row, reading):
                kept = result[row.task_id].get(agency_id)
                if kept is None or _rank(row) > _rank(kept):
                    result[row.task_id][agency_id] = row
        return dict(result)

    def target_reporters(self, target: Target, named: set[int], year: int) -> set[int]:
        """The agencies answering for ``target`` in ``year``; ``named`` are its ``reported_by_agencies`` ids."""
        if not target.applies_in(year):
            return set()
        # A target that the provinces' departments report goes to each province's department of the
        # day, whatever its kind (Sở LĐTBXH until 30 June 2025, Sở Y tế or an admin's choice after).
        # Set operations over the agencies indexed by kind: thousands of units, dozens of targets.
        result = {pk for pk in named if pk in self.by_id}
        for kind in target.reported_by_kinds:
            if kind not in PROVINCIAL_DEPARTMENT_KINDS:
                result |= self.ids_of_kind.get(kind, set())
        if any(kind in PROVINCIAL_DEPARTMENT_KINDS for kind in target.reported_by_kinds):
            result |= self.reporting_departments & self.by_id.keys()
        return result


def _rank(row: Responsibility) -> tuple[bool, bool]:
    return (row.role == Responsibility.Role.LEAD, row.agency_id is not None)


def plan_task_roles(
    plan: Plan, reading: Reading, *, day: datetime.date | None = None, year: int | None = None
) -> dict[int, dict[int, Responsibility]]:
    """{task id: {agency id: entry}} for the tasks of ``plan`` (running in ``year`` if given); eight queries.

    The entries come with their task (and its plan), agency and collective.
    """
    rows = list(
        Responsibility.objects.filter(task__plan=plan)
        .select_related("task__plan", "agency", "collective")
        .order_by("task__position", "role", "position")  # on a tie, the entry written first
    )
    if year is not None:
        rows = [r for r in rows if r.task.runs_in(year)]
    return Answerers.load(day).task_roles(rows, reading)


def tasks_answered_by(plan: Plan, agency: Agency, reading: Reading) -> list[tuple[Task, Responsibility]]:
    """(task, the entry it answers by) for every task of ``plan`` that ``agency`` answers for, in plan order."""
    roles = plan_task_roles(plan, reading)
    rows = [by_agency[agency.pk] for by_agency in roles.values() if agency.pk in by_agency]
    return [(r.task, r) for r in sorted(rows, key=lambda r: r.task.position)]


def answers_for_task(agency: Agency, task: Task, reading: Reading = Reading.EITHER) -> Responsibility | None:
    """The entry by which ``agency`` answers for ``task`` (of any date), or None; eight queries."""
    roles = Answerers.load().task_roles(task.responsibilities.all(), reading)
    return roles.get(task.pk, {}).get(agency.pk)
