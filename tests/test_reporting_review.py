"""Reviewers' pages: every expected report of a period, never-started ones too; task status on the task page."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from agencies.models import Agency
from reporting import selectors, services
from reporting.models import Report, ReportEvent, ReportingPeriod, TaskStatusUpdate
from tests.reporting_helpers import filled_report, periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def test_period_reports_lists_every_expected_agency_with_status_and_timeliness(h1, hanoi_officer, hcm_officer):
    # given Hà Nội submitted on time, HCM late, and nobody else started
    services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer, at=utc(2025, 6, 20, 16, 59))
    services.report_submit(report=filled_report(h1, hcm_officer), user=hcm_officer, at=utc(2025, 6, 20, 17, 0))
    # when the reviewer lists the period after its deadline
    rows = {r.agency.code: r for r in selectors.period_reports(h1, now=utc(2025, 7, 1))}
    # then every expected agency is there: 63 DOLISAs and the central agencies
    assert len(rows) == 89
    assert (rows["so-ldtbxh-ha-noi"].status, rows["so-ldtbxh-ha-noi"].timeliness) == ("submitted", "on_time")
    assert rows["so-ldtbxh-ho-chi-minh"].timeliness == "late"
    assert (rows["bo-cong-an"].report, rows["bo-cong-an"].timeliness) == (None, "missing")
    before = {r.agency.code: r.timeliness for r in selectors.period_reports(h1, now=utc(2025, 6, 1))}
    assert before["bo-cong-an"] == "not_yet"


def test_the_review_page_shows_never_started_reports_in_a_fixed_number_of_queries(
    client, reviewer, h1, hanoi_officer, hcm_officer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    client.force_login(reviewer)
    url = reverse("review-period", args=[h1.code])
    with CaptureQueriesContext(connection) as one_report:
        page = client.get(url).content.decode()
    assert "Hà Nội" in page
    assert page.count("Chưa lập") >= 88
    # more reports do not cost more queries
    services.report_submit(report=filled_report(h1, hcm_officer), user=hcm_officer)
    with CaptureQueriesContext(connection) as two_reports:
        client.get(url)
    assert len(two_reports) == len(one_report) <= 25
    filtered = client.get(url, {"loc": "submitted"}).content.decode()
    assert len(re.findall(r'href="/bao-cao/\d+/"', filtered)) == 2  # the two reports (not the menu's links)


def test_the_report_page_costs_the_same_queries_for_a_large_report(
    client, reviewer, h1, hanoi_officer, django_assert_max_num_queries
):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    client.force_login(reviewer)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("report-detail", args=[report.pk]))
    assert response.status_code == 200


def test_the_reviewer_returns_with_a_comment_the_officer_resubmits_the_reviewer_accepts(
    client, h1, hanoi_officer, reviewer
):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    client.force_login(reviewer)
    # a comment on one section, then a return without a comment is refused with its message
    client.post(reverse("report-comment", args=[report.pk]), {"section": "budget", "text": "Tách kinh phí theo nguồn"})
    page = client.post(reverse("report-return", args=[report.pk]), {"comment": " "}).content.decode()
    assert "Trường này là bắt buộc." in page or "Cần ghi rõ" in page
    client.post(reverse("report-return", args=[report.pk]), {"comment": "Bổ sung chỉ tiêu 9"})
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED
    # the officer sees the comment and the return reason on the form, and resubmits
    client.force_login(hanoi_officer)
    form = client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert "Bổ sung chỉ tiêu 9" in form and "Tách kinh phí theo nguồn" in form
    services.report_submit(report=report, user=hanoi_officer)
    client.force_login(reviewer)
    client.post(reverse("report-accept", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    assert list(report.events.order_by("pk").values_list("action", flat=True)) == [
        "create",
        "submit",
        "return",
        "submit",
        "accept",
    ]


def test_an_admin_reopens_from_the_report_page_and_a_reason_is_required(
    client, h1, hanoi_officer, reviewer, admin_user
):
    report = services.report_accept(
        report=services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer), user=reviewer
    )
    client.force_login(admin_user)
    assert client.post(reverse("report-reopen", args=[report.pk]), {"reason": ""}).status_code == 400
    client.post(reverse("report-reopen", args=[report.pk]), {"reason": "Tỉnh sửa số liệu chỉ tiêu 1"})
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED
    assert report.events.last().action == ReportEvent.Action.REOPEN


def test_my_reports_lists_the_periods_and_starts_a_report(client, plan, hanoi_officer):
    periods(plan)
    client.force_login(hanoi_officer)
    page = client.get(reverse("report-mine")).content.decode()
    assert "6 tháng đầu năm 2025" in page and page.count("Lập báo cáo") == 8
    response = client.post(reverse("report-start", args=["2025-H1"]))
    report = Report.objects.get(agency=hanoi_officer.agency, period__code="2025-H1")
    assert response["Location"] == reverse("report-edit", args=[report.pk])


def test_the_task_page_lets_a_responsible_officer_update_the_status_and_shows_the_history(
    client, plan, police_officer, viewer
):
    client.force_login(police_officer)
    url = reverse("task-detail", args=["1.1"])
    assert 'name="status"' in client.get(url).content.decode()
    # a bad choice is refused beside the field and the note typed is kept
    bad = client.post(reverse("task-status-update", args=["1.1"]), {"status": "xong", "note": "Đã họp liên ngành"})
    assert bad.status_code == 400
    assert "Đã họp liên ngành" in bad.content.decode()
    client.post(reverse("task-status-update", args=["1.1"]), {"status": "in_progress", "note": "Đã họp liên ngành"})
    client.post(reverse("task-status-update", args=["1.1"]), {"status": "done", "note": "Hoàn thành"})
    assert TaskStatusUpdate.objects.filter(agency=police_officer.agency).count() == 2
    # everyone who reads the plan sees the history; only responsible officers get the form
    client.force_login(viewer)
    page = client.get(url).content.decode()
    assert "Đã họp liên ngành" in page and "Hoàn thành" in page
    assert 'name="status"' not in page


def test_make_periods_is_idempotent(plan, capsys):
    call_command("make_periods")
    call_command("make_periods")
    assert ReportingPeriod.objects.filter(plan=plan).count() == 8
    assert "8 kỳ báo cáo (0 mới)" in capsys.readouterr().out


def test_an_admin_edits_a_period_and_grants_an_exception_in_the_admin_with_a_reason(client, plan, admin_user):
    h1 = periods(plan)["2025-H1"]
    client.force_login(admin_user)
    url = reverse("admin:reporting_reportingperiod_change", args=[h1.pk])
    assert client.get(url).status_code == 200
    hanoi = Agency.objects.get(code="so-ldtbxh-ha-noi")
    response = client.post(
        url,
        {
            "name": h1.name,
            "due_date": "25/06/2025",
            "window_start": "15/12/2024",
            "window_end": "14/06/2025",
            "is_open": "",
            "change_reason": "Lùi hạn theo Công văn số 12/BYT-BTXH",
            "exceptions-TOTAL_FORMS": "1",
            "exceptions-INITIAL_FORMS": "0",
            "exceptions-0-agency": hanoi.pk,
            "exceptions-0-until": "05/07/2025",
            "exceptions-0-reason": "Bão số 3",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    h1.refresh_from_db()
    assert (h1.due_date, h1.is_open) == (datetime.date(2025, 6, 25), False)
    assert h1.history.first().history_change_reason == "Lùi hạn theo Công văn số 12/BYT-BTXH"
    exception = h1.exceptions.get()
    assert (exception.agency, exception.granted_by, exception.reason) == (hanoi, admin_user, "Bão số 3")


def test_the_form_page_costs_the_same_queries_however_many_rows_are_filled(
    client, h1, hanoi_officer, django_assert_max_num_queries
):
    report = filled_report(h1, hanoi_officer)
    client.force_login(hanoi_officer)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("report-edit", args=[report.pk])).status_code == 200


def test_latest_task_status_is_one_query_for_every_agency(plan, police_officer, django_assert_num_queries):
    for code in ("1.1", "1.2", "1.3"):
        task = plan.tasks.get(code=code)
        for status in ("in_progress", "done"):
            services.task_status_update(
                task=task, agency=police_officer.agency, user=police_officer, status=status, note=""
            )
    with django_assert_num_queries(1):
        latest = selectors.latest_task_status(plan)
    assert {(u.task.code, u.status) for u in latest.values()} == {("1.1", "done"), ("1.2", "done"), ("1.3", "done")}


def test_the_admin_lists_reports_read_only(client, h1, hanoi_officer, admin_user):
    report = filled_report(h1, hanoi_officer)
    client.force_login(admin_user)
    assert client.get(reverse("admin:reporting_report_changelist")).status_code == 200
    assert client.get(reverse("admin:reporting_report_delete", args=[report.pk])).status_code == 403
