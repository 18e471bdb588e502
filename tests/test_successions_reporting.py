"""Who is reminded, who reviews and how rates count across the 2025 changes (issue 13, item 2)."""

import datetime

import pytest
from django.urls import reverse

from accounts import rules
from accounts.services import check_roles_fit_agency
from agencies.models import Agency
from dashboards import selectors as dashboards
from notifications.models import Reminder
from notifications.selectors import due_on
from notifications.services import reminders_send
from reporting.obligations import period_obligations
from reporting.selectors import period_reports, period_summary
from tests import factories as f
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _run(day: datetime.date, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return reminders_send(day=day)


def test_molisa_gets_no_2025_fy_reminder_and_the_ministry_of_health_does(
    reorganised, django_capture_on_commit_callbacks
):
    # Given the annual period of 2025 open, and officers at MOLISA, the Ministry of Health and a merged province
    f.period(reorganised, "2025-FY")
    make_user("molisa", "bo-ldtbxh", "agency_officer")
    make_user("byt", "bo-y-te", "agency_officer")
    make_user("brvt", "so-ldtbxh-ba-ria-vung-tau", "provincial_officer")
    # When the reminders of the due day go out
    _run(datetime.date(2025, 12, 20), django_capture_on_commit_callbacks)
    # Then MOLISA and Bà Rịa - Vũng Tàu's DOLISA get none; the Ministry of Health and the 34 do
    reminded = set(Reminder.objects.values_list("agency__code", flat=True))
    assert "bo-ldtbxh" not in reminded and "so-ldtbxh-ba-ria-vung-tau" not in reminded
    assert "bo-y-te" in reminded
    assert len([code for code in reminded if code.startswith("so-y-te-")]) == 34
    assert not any(code.startswith("so-ldtbxh-") for code in reminded)


def test_the_2025_h1_reminders_still_go_to_the_63_dolisas_but_not_to_molisa(
    reorganised, django_capture_on_commit_callbacks
):
    f.period(reorganised, "2025-H1")
    _run(datetime.date(2025, 6, 20), django_capture_on_commit_callbacks)
    reminded = set(Reminder.objects.values_list("agency__code", flat=True))
    assert len([code for code in reminded if code.startswith("so-ldtbxh-")]) == 63
    assert "bo-ldtbxh" not in reminded and "bo-y-te" in reminded


def test_the_reviewers_of_a_period_sit_where_the_monitoring_body_was_on_its_due_date(reorganised):
    # Given a reviewer of the old department and one of the Ministry of Health's Cục Bảo trợ xã hội
    old = make_user("cu", "cuc-pctnxh", "reviewer")
    new = make_user("moi", "cuc-btxh-byt", "reviewer")
    f.period(reorganised, "2024-FY")
    f.period(reorganised, "2025-FY")
    # Then both may review (the new department took the old one's duties over, by data) ...
    assert rules.is_reviewer(old) and rules.is_reviewer(new)
    assert not rules.is_reviewer(make_user("byt-reviewer", "bo-y-te", "reviewer"))
    check_roles_fit_agency(agency=Agency.objects.get(code="cuc-btxh-byt"), roles=["reviewer"])
    # ... and each period's digest goes to the monitoring body of its due date
    digests = {
        d.period.code: {u.username for u in d.reviewers}
        for day in (datetime.date(2024, 12, 20), datetime.date(2025, 12, 20))
        for d in due_on(day).digests
    }
    assert digests["2024-FY"] == {"cu"}
    assert digests["2025-FY"] == {"moi"}


def test_the_2025_fy_reports_reach_the_ministry_of_healths_reviewer(reorganised, client):
    reviewer = make_user("moi", "cuc-btxh-byt", "reviewer")
    period = f.period(reorganised, "2025-FY")
    report = f.report(Agency.objects.get(code="so-y-te-ho-chi-minh-2025"), period, status="submitted")
    assert reviewer.has_perm("reporting.view_report", report)
    assert rules.can_review_report(reviewer, report)


def test_a_health_department_officer_is_a_provincial_officer(reorganised):
    officer = make_user("hcm", "so-y-te-ho-chi-minh-2025", "provincial_officer")
    period = f.period(reorganised, "2025-FY")
    assert rules.can_start_report(officer, period)
    check_roles_fit_agency(agency=officer.agency, roles=["provincial_officer"])


def test_the_reporting_rate_never_exceeds_100_percent_across_the_change(reorganised):
    # Given every expected agency reporting on time in 2025-H1 (63 provinces) and 2025-FY (34), and a
    # DOLISA that ended on 30 June 2025 having sent a 2025-FY report all the same
    h1, fy = f.period(reorganised, "2025-H1"), f.period(reorganised, "2025-FY")
    for period in (h1, fy):
        for agency in period_obligations(period).agencies:
            f.report(agency, period, status="submitted")
    f.report(Agency.objects.get(code="so-ldtbxh-ha-giang"), fy, status="submitted")
    # Then each period counts its own expected agencies: 100%, not more; the stray report is listed apart
    for period, provinces in ((h1, 63), (fy, 34)):
        data = dashboards.submissions(reorganised, period, [h1, fy])
        assert data.expected == len(period_obligations(period).agencies)
        assert data.received == data.expected and data.reporting_rate == data.on_time_rate == 100
        assert len(period_obligations(period).provinces()) == provinces
    stray = [row for row in dashboards.submissions(reorganised, fy, [h1, fy]).rows if not row.expected]
    assert [row.agency.code for row in stray] == ["so-ldtbxh-ha-giang"]
    assert period_summary(period_reports(fy))["unexpected"] == 1


def test_the_34_provinces_of_2025_fy_have_their_dashboard_api_and_consolidated_rows(reorganised, client, reviewer):
    from exports import selectors as exports

    fy = f.period(reorganised, "2025-FY", is_open=False)
    hcmc = Agency.objects.get(code="so-y-te-ho-chi-minh-2025")
    f.report(hcmc, fy, status="accepted")
    client.force_login(reviewer)
    page = client.get(reverse("dashboards:province", args=[hcmc.code]), {"period": fy.code})
    assert page.status_code == 200
    api = client.get(reverse("api:province-figures", args=[hcmc.parent_id]), {"period": fy.code})
    assert api.status_code == 200 and api.json()["reporter"]["code"] == hcmc.code
    rows = exports.consolidated(fy).province_matrix.rows
    assert len(rows) == 34 and hcmc in [agency for agency, _cells in rows]


def test_the_ministry_of_health_may_update_the_tasks_the_decision_gave_molisa(reorganised):
    from tasks.responsibility import Reading, answers_for_task

    task = reorganised.tasks.get(code="1.1")
    health = Agency.objects.get(code="bo-y-te")
    assert rules.can_update_task_status(make_user("byt", "bo-y-te", "agency_officer"), task)
    # It answers by MOLISA's lead entry, as reported; as written, the decision never named it for 1.1.
    entry = answers_for_task(health, task, Reading.REPORTED)
    assert entry.role == "lead" and entry.agency.code == "bo-ldtbxh"
    assert (
        answers_for_task(health, task, Reading.WRITTEN) is None
        or answers_for_task(health, task, Reading.WRITTEN).agency_id != entry.agency_id
    )
