"""Reads of the plan shared by pages, API and exports."""

import datetime
from collections import defaultdict

from django.db.models import Prefetch, QuerySet

from agencies.models import Agency, Collective
from plan808.clock import hanoi_today
from tasks.models import Plan, Responsibility, Task, TaskGroup
from tasks.responsibility import Reading, plan_task_roles, tasks_answered_by

# The plan a user chose (?ke_hoach=<decision number>), kept for the session; without one, the current plan.
PLAN_PARAM = "ke_hoach"
PLAN_SESSION_KEY = "plan808_plan"


def _current(plans: list[Plan], today: datetime.date | None = None) -> Plan | None:
    """Among ``plans`` (most recent decision first): the one running in today's year in Hà Nội, else the
    latest to have started, else the most recent decision."""
    year = (today or hanoi_today()).year
    running = [p for p in plans if p.start_year <= year <= p.end_year]
    started = [p for p in plans if p.start_year <= year]
    return (running or started or plans or [None])[0]


def current_plan(today: datetime.date | None = None) -> Plan | None:
    """The plan shown by default: the plan current by date (808 until a successor programme starts)."""
    return _current(list(Plan.objects.select_related("issuer").order_by("-decision_date")), today)


def plan_choice(request) -> tuple[Plan | None, list[Plan]]:
    """The plan a page shows and every plan loaded (for the plan switch), in one query.

    ``?ke_hoach=<decision number>`` chooses a plan and keeps it for the session; without a valid
    choice the page shows the current plan by date.
    """
    plans = list(Plan.objects.select_related("issuer").order_by("-decision_date"))
    asked = request.GET.get(PLAN_PARAM)
    code = asked if asked is not None else request.session.get(PLAN_SESSION_KEY)
    plan = next((p for p in plans if p.code == code), None) if code else None
    if asked is not None and request.session.get(PLAN_SESSION_KEY) != (plan.code if plan else None):
        if plan is None:
            request.session.pop(PLAN_SESSION_KEY, None)
        else:
            request.session[PLAN_SESSION_KEY] = plan.code
    return plan or _current(plans), plans


def chosen_plan(request) -> Plan | None:
    return plan_choice(request)[0]


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
