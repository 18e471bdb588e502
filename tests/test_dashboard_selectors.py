"""The dashboards' reads agree with the reporting obligations, and ended tasks keep their agencies."""

import pytest

from dashboards import selectors
from reporting.obligations import period_obligations
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_task_roles_match_the_obligations_for_the_tasks_running_in_the_period(plan):
    period = f.period(plan, "2025-H1", is_open=False)
    obligations = period_obligations(period)
    roles = selectors.task_roles(plan, period.due_date)
    for task in plan.tasks.all():
        if not task.runs_in(period.year):
            continue
        expected = {a for a, tasks in obligations.tasks.items() if any(t.pk == task.pk for t in tasks)}
        assert set(roles[task.pk]) == expected, task.code
        for agency_id in expected:
            assert roles[task.pk][agency_id] == obligations.roles[(agency_id, task.pk)], task.code


def test_a_task_whose_timeframe_ended_keeps_its_responsible_agencies(plan):
    # 2.1 ran in 2022-2023; in 2025 the obligations no longer list it, the board still must.
    period = f.period(plan, "2025-H1", is_open=False)
    task = plan.tasks.get(code="2.1")
    assert not task.runs_in(2025)
    assert len(selectors.task_roles(plan, period.due_date)[task.pk]) > 0
    assert selectors.task_has_ended(task, period)
    assert selectors.task_has_ended(task, f.period(plan, "2023-FY", is_open=False))
    assert not selectors.task_has_ended(task, f.period(plan, "2023-H1", is_open=False))


def test_the_default_period_is_the_latest_whose_due_day_has_come_in_hanoi(plan):
    import datetime

    h1, fy = f.period(plan, "2025-H1", is_open=False), f.period(plan, "2025-FY", is_open=False)
    periods = [h1, fy]
    assert selectors.default_period(periods, today=datetime.date(2025, 6, 19)) == h1  # none due yet: the first
    assert selectors.default_period(periods, today=datetime.date(2025, 6, 20)) == h1
    assert selectors.default_period(periods, today=datetime.date(2025, 12, 20)) == fy
    assert selectors.pick_period(periods, "2025-FY") == fy
    assert selectors.pick_period(periods, "no-such") in periods
