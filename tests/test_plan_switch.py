"""A second plan beside 808 (issue 13, item 6): a small made-up plan file of the same shape loads with its
own periods and leaves 808's export byte-identical; pages show the current plan by date and let the
user choose another. The made-up file lives under tests/: the demo never loads it."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from plan808.clock import HANOI
from reporting.models import ReportingPeriod
from reporting.services import period_create_for_plan
from tasks.models import Plan
from tasks.planfile import export_plan_json, load_plan_file
from tasks.selectors import current_plan

pytestmark = pytest.mark.django_db

MADE_UP = Path(__file__).resolve().parent / "data" / "plan_2026_2030_test.yaml"
MADE_UP_CODE = "99/QĐ-BYT-THU"


@pytest.fixture
def two_plans(plan):
    before = export_plan_json(plan)
    period_create_for_plan(plan=plan)
    periods_808 = sorted(plan.periods.values_list("code", "due_date"))
    load_plan_file(MADE_UP)
    second = Plan.objects.get(code=MADE_UP_CODE)
    period_create_for_plan(plan=second)
    return plan, second, before, periods_808


def test_a_second_plan_loads_beside_808_with_its_own_periods_and_808_is_unchanged(two_plans):
    plan, second, before, periods_808 = two_plans
    assert export_plan_json(Plan.objects.get(pk=plan.pk)) == before  # byte for byte
    assert sorted(plan.periods.values_list("code", "due_date")) == periods_808
    assert second.periods.count() == 10 and {p.year for p in second.periods.all()} == set(range(2026, 2031))
    assert (second.tasks.count(), second.targets.count(), second.issuer.code) == (1, 1, "bo-y-te")
    # loading it again changes nothing of either
    assert not load_plan_file(MADE_UP).changed
    assert export_plan_json(Plan.objects.get(pk=plan.pk)) == before


def test_the_current_plan_is_the_one_running_on_the_day(two_plans):
    plan, second, *_ = two_plans
    assert current_plan(datetime.date(2024, 5, 1)) == plan
    assert current_plan(datetime.date(2027, 1, 4)) == second
    assert current_plan(datetime.date(2031, 1, 1)) == second  # the latest to have started


@pytest.mark.parametrize(
    "day", [datetime.datetime(2025, 3, 1, 9, tzinfo=HANOI), datetime.datetime(2027, 3, 1, 9, tzinfo=HANOI)]
)
def test_pages_show_the_current_plan_and_the_user_may_choose_another(client, reviewer, two_plans, day):
    plan, second, *_ = two_plans
    current, other = (plan, second) if day.year == 2025 else (second, plan)
    with time_machine.travel(day, tick=False):
        client.force_login(reviewer)  # a session of that day (sessions end after SESSION_MAX_HOURS)
        page = client.get(reverse("plan-overview")).content.decode()
        assert current.title in page and 'name="ke_hoach"' in page
        # choosing the other plan shows it, and the choice stays for the session
        assert other.title in client.get(reverse("plan-overview"), {"ke_hoach": other.code}).content.decode()
        assert other.title in client.get(reverse("plan-overview")).content.decode()
        dashboard = client.get(reverse("dashboards:national")).content.decode()
        own = ReportingPeriod.objects.filter(plan=other).order_by("due_date").first()
        assert f'value="{own.code}"' in dashboard and 'id="dash-plan"' in dashboard
        # an unknown plan falls back to the current one
        assert current.title in client.get(reverse("plan-overview"), {"ke_hoach": "không có"}).content.decode()


def test_with_808_alone_there_is_no_switch(client, reviewer, plan):
    client.force_login(reviewer)
    page = client.get(reverse("plan-overview")).content.decode()
    assert 'name="ke_hoach"' not in page and plan.title in page
