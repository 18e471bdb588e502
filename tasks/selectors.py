"""Reads of the plan shared by pages, API and exports."""

from collections import defaultdict

from django.db.models import Prefetch, QuerySet

from agencies.models import Agency, Collective
from tasks.models import Plan, Responsibility, Task, TaskGroup
from tasks.responsibility import Reading, plan_task_roles, tasks_answered_by


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
    """The collectives that stand for ``agency`` (``Collective.includes``)."""
    return [c for c in Collective.objects.prefetch_related("members") if c.includes(agency)]


def tasks_of_agency(plan: Plan, agency: Agency) -> list[tuple[Task, str, Responsibility]]:
    """(task, role, responsibility) for each task the agency leads or supports as the decision wrote it.

    ``Reading.WRITTEN`` in any year (``tasks.responsibility``): directly or through a collective;
    a lead role wins over a partner role, then a direct entry over a collective.
    """
    return [(task, row.role, row) for task, row in tasks_answered_by(plan, agency, Reading.WRITTEN)]


def agency_task_counts(plan: Plan) -> dict[int, dict[str, int]]:
    """For every agency id, how many tasks it leads and supports as written (directly or through a collective)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"lead": 0, "partner": 0})
    for by_agency in plan_task_roles(plan, Reading.WRITTEN).values():
        for agency_id, row in by_agency.items():
            counts[agency_id][row.role] += 1
    return dict(counts)
