"""Reads of the plan shared by pages, API and exports."""

from collections import defaultdict

from django.db.models import Prefetch, Q, QuerySet

from agencies.models import Agency, Collective
from tasks.models import Plan, Responsibility, Task, TaskGroup


def current_plan() -> Plan | None:
    """The plan shown by default: the most recent decision."""
    return Plan.objects.select_related("issuer").order_by("-decision_date").first()


def responsibilities_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}responsibilities",
        queryset=Responsibility.objects.select_related("agency", "collective").order_by("role", "position"),
    )


def plan_groups(plan: Plan) -> QuerySet[TaskGroup]:
    """Groups in order, each with its tasks and their responsibilities, in a fixed number of queries."""
    tasks = Task.objects.order_by("position").prefetch_related("activities", responsibilities_prefetch())
    return plan.groups.order_by("position").prefetch_related(Prefetch("tasks", queryset=tasks))


def task_detail(plan: Plan, code: str) -> Task:
    return (
        Task.objects.select_related("group", "plan")
        .prefetch_related("activities", responsibilities_prefetch())
        .get(plan=plan, code=code)
    )


def collectives_including(agency: Agency) -> list[Collective]:
    """The collectives whose expansion contains ``agency`` (by kind, or listed as a member)."""
    return [
        c
        for c in Collective.objects.prefetch_related("members")
        if agency.kind in c.member_kinds or agency in c.members.all()
    ]


def tasks_of_agency(plan: Plan, agency: Agency) -> list[tuple[Task, str, Responsibility]]:
    """(task, role, responsibility) for each task the agency leads or supports, directly or through a collective.

    Where an agency is named both directly and through a collective, the direct entry wins, and a
    lead role wins over a partner role.
    """
    collective_ids = [c.pk for c in collectives_including(agency)]
    rows = (
        Responsibility.objects.filter(task__plan=plan)
        .filter(Q(agency=agency) | Q(collective__in=collective_ids))
        .select_related("task", "collective", "agency")
        .order_by("task__position")
    )
    best: dict[int, Responsibility] = {}
    for row in rows:
        kept = best.get(row.task_id)
        rank = (row.role == Responsibility.Role.LEAD, row.agency_id is not None)
        if kept is None or rank > (kept.role == Responsibility.Role.LEAD, kept.agency_id is not None):
            best[row.task_id] = row
    return [(r.task, r.role, r) for r in sorted(best.values(), key=lambda r: r.task.position)]


def agency_task_counts(plan: Plan) -> dict[int, dict[str, int]]:
    """For every agency id, how many tasks it leads and supports (directly or through a collective)."""
    responsibilities = list(
        Responsibility.objects.filter(task__plan=plan).values("task_id", "role", "agency_id", "collective_id")
    )
    collectives = list(Collective.objects.prefetch_related("members"))
    agencies = list(Agency.objects.only("id", "kind"))
    roles: dict[int, dict[int, str]] = defaultdict(dict)
    for agency in agencies:
        member_of = {c.pk for c in collectives if agency.kind in c.member_kinds or agency in c.members.all()}
        for row in responsibilities:
            if row["agency_id"] == agency.pk or row["collective_id"] in member_of:
                previous = roles[agency.pk].get(row["task_id"])
                if previous != Responsibility.Role.LEAD:
                    roles[agency.pk][row["task_id"]] = row["role"]
    counts = {}
    for agency_id, by_task in roles.items():
        values = list(by_task.values())
        counts[agency_id] = {"lead": values.count("lead"), "partner": values.count("partner")}
    return counts
