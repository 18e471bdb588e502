"""The state since 2025 as data: the succession file, who reports in each period around 1 March and
1 July 2025, and MOLISA's tasks carried by the Ministry of Health (issue 13, items 1 and 2)."""

import datetime

import pytest
from django.core.management import call_command

from agencies.models import Agency, ReportingDepartment, Succession
from agencies.succession_file import SuccessionFileError, load_succession_data, load_succession_file
from reporting.obligations import period_obligations
from tasks.models import Responsibility
from tasks.planfile import load_plan_file
from tasks.responsibility import Reading, plan_task_roles
from tests import factories as f
from tests.conftest import PLAN_FILE, REORGANISATION_FILE

pytestmark = pytest.mark.django_db


def _codes(period) -> set[str]:
    return {a.code for a in period_obligations(period).agencies}


def _province_reporters(period) -> list[Agency]:
    return period_obligations(period).provinces()


def _snapshot() -> dict:
    return {
        "agencies": sorted(
            Agency.objects.values_list("code", "name", "kind", "parent__code", "valid_from", "valid_to")
        ),
        "successions": sorted(
            (
                s.code,
                s.effective_from,
                s.scope,
                s.legal_basis,
                s.note,
                tuple(sorted(a.code for a in s.predecessors.all())),
                tuple(sorted(a.code for a in s.successors.all())),
            )
            for s in Succession.objects.prefetch_related("predecessors", "successors")
        ),
        "agency history": Agency.history.count(),
        "succession history": Succession.history.count(),
    }


def test_loading_the_2025_file_twice_changes_nothing(plan):
    first = load_succession_file(REORGANISATION_FILE)
    assert first.created == 34 * 2 + 2 + Succession.objects.count()  # 34 provinces x 2, Bộ Nội vụ, Cục BTXH
    before = _snapshot()

    second = load_succession_file(REORGANISATION_FILE)

    assert not second.changed and second.unchanged > 0
    assert _snapshot() == before


def test_loading_the_plan_again_keeps_the_dates_the_succession_file_set(reorganised):
    # The plan file leaves every date empty; a second load of it must not reopen the 63 provinces.
    result = load_plan_file(PLAN_FILE)
    assert not result.changed
    assert Agency.objects.get(code="ubnd-ha-giang").valid_to == datetime.date(2025, 6, 30)
    assert Agency.objects.get(code="bo-ldtbxh").valid_to == datetime.date(2025, 2, 28)


def test_the_command_loads_the_file_and_says_what_changed(plan, capsys):
    call_command("load_successions", str(REORGANISATION_FILE))
    call_command("load_successions", str(REORGANISATION_FILE))
    assert "0 mới, 0 cập nhật" in capsys.readouterr().out.splitlines()[-1]


def test_the_file_holds_the_63_provinces_merged_into_34(reorganised):
    july = datetime.date(2025, 7, 1)
    assert Agency.objects.existing_on(july - datetime.timedelta(days=1)).provinces().count() == 63
    assert Agency.objects.existing_on(july).provinces().count() == 34
    assert Agency.objects.existing_on(july).filter(kind=Agency.Kind.PROVINCIAL_HEALTH).count() == 34
    # Several to one, as provinces.csv maps them: Hà Giang and Tuyên Quang became Tuyên Quang.
    merged = Succession.objects.get(successors__code="ubnd-tuyen-quang-2025")
    assert {a.code for a in merged.predecessors.all()} == {"ubnd-ha-giang", "ubnd-tuyen-quang"}
    assert merged.legal_basis.startswith("Nghị quyết số 202/2025/QH15")
    hcmc = Succession.objects.get(successors__code="ubnd-ho-chi-minh-2025")
    assert {a.code for a in hcmc.predecessors.all()} == {"ubnd-ho-chi-minh", "ubnd-binh-duong", "ubnd-ba-ria-vung-tau"}
    # One to several: MOLISA's duties in this plan to the Ministry of Health, the rest to Home Affairs.
    molisa = Agency.objects.get(code="bo-ldtbxh")
    outgoing = {s.scope: {a.code for a in s.successors.all()} for s in molisa.successions_out.all()}
    assert outgoing == {"plan": {"bo-y-te"}, "all": {"bo-noi-vu"}}
    department = Agency.objects.get(code="cuc-btxh-byt")
    assert department.parent.code == "bo-y-te" and department.valid_from == datetime.date(2025, 3, 1)
    assert department.successions_in.get().predecessors.get().code == "cuc-pctnxh"


def test_a_bad_file_loads_nothing_and_names_each_problem(plan):
    data = {
        "agencies": [{"code": "so-moi"}, {"code": "bo-ldtbxh", "valid_from": "2026-01-01", "valid_to": "2025-02-28"}],
        "successions": [
            {
                "code": "x",
                "effective_from": "2025-13-01",
                "predecessors": ["khong-co"],
                "successors": ["bo-y-te"],
                "scope": "some",
                "legal_basis": "…",
            }
        ],
    }
    with pytest.raises(SuccessionFileError) as raised:
        load_succession_data(data)
    text = str(raised.value)
    for expected in (
        "so-moi",
        "tên (name) và loại (kind)",
        "valid_to trước valid_from",
        "2025-13-01",
        "khong-co",
        "some",
    ):
        assert expected in text
    assert not Agency.objects.filter(code="so-moi").exists() and not Succession.objects.exists()


@pytest.mark.parametrize(
    ("code", "provinces", "kind"),
    [
        ("2024-FY", 63, Agency.Kind.PROVINCIAL_DOLISA),
        ("2025-H1", 63, Agency.Kind.PROVINCIAL_DOLISA),
        ("2025-FY", 34, Agency.Kind.PROVINCIAL_HEALTH),
    ],
)
def test_the_provinces_expected_follow_who_exists_on_the_due_date(reorganised, code, provinces, kind):
    period = f.period(reorganised, code)
    reporters = _province_reporters(period)
    assert len(reporters) == provinces
    assert {a.kind for a in reporters} == {kind}


def test_molisa_reports_until_its_end_and_the_ministry_of_health_carries_its_tasks_after(reorganised):
    plan = reorganised
    molisa_leads = {r.task_id for r in Responsibility.objects.filter(agency__code="bo-ldtbxh", role="lead")}
    assert molisa_leads

    assert "bo-ldtbxh" in _codes(f.period(plan, "2024-FY"))
    for code in ("2025-H1", "2025-FY"):
        period = f.period(plan, code)
        obligations = period_obligations(period)
        health = Agency.objects.get(code="bo-y-te")
        assert "bo-ldtbxh" not in {a.code for a in obligations.agencies}
        running = {t.pk for t in plan.tasks.all() if t.runs_in(period.year)}
        led = {t.pk for t in obligations.tasks[health.pk] if obligations.roles[(health.pk, t.pk)] == "lead"}
        assert molisa_leads & running <= led


def test_bà_rịa_vũng_tàu_reports_in_2025_h1_but_not_in_2025_fy(reorganised):
    h1, fy = f.period(reorganised, "2025-H1"), f.period(reorganised, "2025-FY")
    assert "so-ldtbxh-ba-ria-vung-tau" in _codes(h1)
    assert "so-ldtbxh-ba-ria-vung-tau" not in _codes(fy)
    assert "so-y-te-ho-chi-minh-2025" in _codes(fy)


def test_the_34_provinces_report_the_targets_their_departments_answer_for(reorganised):
    fy = period_obligations(f.period(reorganised, "2025-FY"))
    hcmc = Agency.objects.get(code="so-y-te-ho-chi-minh-2025")
    provincial_targets = [t for t in reorganised.targets.all() if "provincial_dolisa" in t.reported_by_kinds]
    assert provincial_targets
    assert {t.code for t in fy.targets[hcmc.pk]} >= {t.code for t in provincial_targets if t.applies_in(2025)}


def test_an_admins_choice_of_department_changes_who_reports_from_its_date(reorganised):
    # Given Hà Nội's People's Committee choosing its Department of Home Affairs from 1 December 2025
    hanoi = Agency.objects.get(code="ubnd-ha-noi-2025")
    home_affairs = Agency.objects.create(
        code="so-noi-vu-ha-noi-2025",
        name="Sở Nội vụ thành phố Hà Nội",
        kind=Agency.Kind.OTHER,
        parent=hanoi,
        valid_from=datetime.date(2025, 7, 1),
    )
    ReportingDepartment.objects.create(
        province=hanoi, department=home_affairs, valid_from=datetime.date(2025, 12, 1), reason="Quyết định của UBND"
    )
    # Then the 2025-FY report of Hà Nội comes from it, not from its Sở Y tế; still 34 provinces
    reporters = {a.code for a in _province_reporters(f.period(reorganised, "2025-FY"))}
    assert "so-noi-vu-ha-noi-2025" in reporters and "so-y-te-ha-noi-2025" not in reporters
    assert len(reporters) == 34
    roles = plan_task_roles(reorganised, Reading.REPORTED, day=datetime.date(2025, 12, 20), year=2025)
    assert any(home_affairs.pk in by_agency for by_agency in roles.values())
