"""Who answers for a task or a target: each reading of ``tasks.responsibility`` once, on Hà Nội.

Hà Nội's DOLISA answers for 18 tasks on its 2025 report (the tasks running in 2025, as reported),
0 on its agency page (the decision never names a DOLISA), 20 on the dashboard (as reported, every
year) and 20 in the permission rules (as written or as reported, every year).
"""

import datetime

import pytest

from accounts import rules
from agencies.models import Agency, Collective
from dashboards import selectors as dashboards
from reporting.obligations import period_obligations
from tasks import selectors as tasks
from tasks.responsibility import Answerers, Reading, answers_for_task, plan_task_roles, tasks_answered_by
from tests import factories as f
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

DUE = datetime.date(2025, 6, 20)


@pytest.fixture
def hanoi(plan):
    return Agency.objects.get(code="so-ldtbxh-ha-noi")


@pytest.fixture
def committee(plan):
    return Agency.objects.get(code="ubnd-ha-noi")


def _tasks_of(roles: dict, agency: Agency) -> set[int]:
    return {task_id for task_id, by_agency in roles.items() if agency.pk in by_agency}


def test_the_dolisa_reports_the_tasks_running_in_the_year_as_reported(plan, hanoi):
    period = f.period(plan, "2025-H1", is_open=False)
    assert len(period_obligations(period).tasks[hanoi.pk]) == 18
    assert len(_tasks_of(plan_task_roles(plan, Reading.REPORTED, day=DUE, year=2025), hanoi)) == 18


def test_the_agency_page_shows_the_plan_as_written(plan, hanoi, committee):
    # The decision names Hà Nội's People's Committee (through "UBND các tỉnh"), never its DOLISA.
    assert tasks.tasks_of_agency(plan, hanoi) == []
    assert len(tasks_answered_by(plan, committee, Reading.WRITTEN)) == 20
    counts = tasks.agency_task_counts(plan)
    assert hanoi.pk not in counts
    assert sum(counts[committee.pk].values()) == 20


def test_the_dashboard_reads_the_plan_as_reported_in_every_year(plan, hanoi, committee):
    roles = dashboards.task_roles(plan, DUE)
    assert len(_tasks_of(roles, hanoi)) == 20
    assert _tasks_of(roles, committee) == set()


def test_the_permission_reads_the_plan_as_written_or_as_reported(plan, hanoi, committee):
    dolisa_user = make_user("so", "so-ldtbxh-ha-noi", "agency_officer")
    committee_user = make_user("ubnd", "ubnd-ha-noi", "agency_officer")
    every_task = list(plan.tasks.all())
    assert sum(rules.is_responsible_for_task(dolisa_user, t) for t in every_task) == 20
    assert sum(rules.is_responsible_for_task(committee_user, t) for t in every_task) == 20
    # The committee answers as written only; its DOLISA as reported only.
    task = every_task[0]
    assert answers_for_task(committee, task, Reading.REPORTED) is None
    assert answers_for_task(committee, task, Reading.WRITTEN) is not None
    assert answers_for_task(hanoi, task, Reading.WRITTEN) is None
    assert answers_for_task(hanoi, task, Reading.REPORTED) is not None


def test_a_lead_role_wins_over_a_partner_role_and_a_direct_entry_over_a_collective(plan):
    police = Agency.objects.get(code="bo-cong-an")
    roles = plan_task_roles(plan, Reading.WRITTEN)
    for task_id, by_agency in roles.items():
        row = by_agency.get(police.pk)
        entries = [r for r in plan.tasks.get(pk=task_id).responsibilities.all() if r.agency_id == police.pk]
        if entries:
            # Named directly: the entry kept is a direct one, and a lead if any direct entry is.
            assert row.agency_id == police.pk
            assert (row.role == "lead") == any(r.role == "lead" for r in entries)


def test_an_agency_answers_only_on_the_days_it_exists(plan, hanoi):
    # Given Hà Nội's DOLISA dissolved on 28 February 2025 and a successor department from 1 March
    hanoi.valid_to = datetime.date(2025, 2, 28)
    hanoi.save()
    successor = Agency.objects.create(
        code="so-noi-vu-ha-noi",
        name="Sở Nội vụ thành phố Hà Nội",
        kind=Agency.Kind.PROVINCIAL_DOLISA,
        parent=hanoi.parent,
        valid_from=datetime.date(2025, 3, 1),
    )
    before = plan_task_roles(plan, Reading.REPORTED, day=datetime.date(2024, 12, 20))
    after = plan_task_roles(plan, Reading.REPORTED, day=DUE)
    assert len(_tasks_of(before, hanoi)) == 20 and _tasks_of(before, successor) == set()
    assert _tasks_of(after, hanoi) == set() and len(_tasks_of(after, successor)) == 20
    # Without a day, an agency of any date answers.
    assert len(_tasks_of(plan_task_roles(plan, Reading.REPORTED), hanoi)) == 20


def test_a_collective_stands_for_its_kinds_and_its_listed_members(plan):
    provinces = Collective.objects.get(code="ubnd-cac-tinh")
    police = Agency.objects.get(code="bo-cong-an")
    assert provinces.includes(Agency.objects.get(code="ubnd-ha-noi"))
    assert not provinces.includes(police)
    provinces.members.add(police)
    provinces = Collective.objects.get(pk=provinces.pk)
    assert provinces.includes(police)
    assert police in provinces.expand(DUE)
    assert Answerers.load(DUE).members[provinces.pk] == set(provinces.expand(DUE).values_list("pk", flat=True))


def test_a_target_is_answered_by_its_kinds_and_named_agencies_in_its_years(plan, hanoi):
    answerers = Answerers.load(DUE, collectives=False)
    target = plan.targets.get(code="8a")
    named = set(target.reported_by_agencies.values_list("pk", flat=True))
    reporters = answerers.target_reporters(target, named, 2025)
    assert Agency.objects.get(code="bo-cong-an").pk in reporters
    assert (hanoi.pk in reporters) == (Agency.Kind.PROVINCIAL_DOLISA in target.reported_by_kinds)
    assert answerers.target_reporters(target, named, target.plan.start_year - 1) == set()


def test_the_readings_take_a_fixed_number_of_queries(reorganised, plan, hanoi, django_assert_max_num_queries):
    # The successions and the provinces' chosen departments are three queries more, however many.
    with django_assert_max_num_queries(8):
        plan_task_roles(plan, Reading.REPORTED, day=DUE, year=2025)
    task = plan.tasks.get(code="1.1")
    with django_assert_max_num_queries(8):
        answers_for_task(hanoi, task)
