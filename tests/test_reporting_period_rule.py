"""May this user change this report now: decided once in accounts/rules.py, and what the pages show.

The period rule: an open period takes work; a closed one takes it from an agency an admin granted
an extension, and takes the corrections of a returned report.
"""

import datetime

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import Report
from tests.conftest import make_user
from tests.reporting_helpers import periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db

HANOI_NOON_25_JUNE = datetime.datetime(2025, 6, 25, 5, 0, tzinfo=datetime.UTC)


@pytest.fixture
def h1(plan, time_machine):
    time_machine.move_to(HANOI_NOON_25_JUNE)
    return periods(plan)["2025-H1"]


def _close(period):
    period.is_open = False
    period.save()


def _grant(period, agency, admin_user):
    services.period_exception_grant(
        period=period, agency=agency, until=datetime.date(2025, 7, 5), reason="Bão lũ", user=admin_user
    )


def _form_post(report, **fields) -> dict:
    data = {"version": str(report.version), "action": "save", "results": "Đánh giá đã gõ dài."}
    data["limitations"] = "Khó khăn đã gõ."
    data.update(fields)
    return data


def test_the_rules_say_whether_a_report_may_be_changed_now(h1, hanoi_officer, admin_user):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    assert hanoi_officer.has_perm("reporting.change_report", report)
    assert hanoi_officer.has_perm("reporting.start_report", h1)
    # Closed: neither the draft nor a new report
    _close(h1)
    report = Report.objects.get(pk=report.pk)
    assert not hanoi_officer.has_perm("reporting.change_report", report)
    assert not hanoi_officer.has_perm("reporting.submit_report", report)
    assert not hanoi_officer.has_perm("reporting.start_report", h1)
    # An extension for Hà Nội opens both again, for Hà Nội only
    _grant(h1, hanoi_officer.agency, admin_user)
    assert hanoi_officer.has_perm("reporting.change_report", report)
    assert hanoi_officer.has_perm("reporting.start_report", h1)
    hcm_officer = make_user("hcm2", "so-ldtbxh-ho-chi-minh", "provincial_officer")
    assert not hcm_officer.has_perm("reporting.start_report", h1)


def test_a_returned_report_may_be_corrected_after_the_period_closed(h1, hanoi_officer, reviewer):
    from tests.reporting_helpers import filled_report

    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    report = services.report_return(report=report, user=reviewer, comment="Bổ sung chỉ tiêu 9")
    _close(h1)
    assert hanoi_officer.has_perm("reporting.change_report", Report.objects.get(pk=report.pk))


def test_an_agency_granted_an_extension_may_start_its_report_from_my_reports(
    client, h1, hanoi_officer, hcm_officer, admin_user
):
    # Given a closed period and an extension for Hà Nội only
    _close(h1)
    _grant(h1, hanoi_officer.agency, admin_user)
    start = reverse("report-start", args=[h1.code])
    # Hà Nội sees the extension and the button, not "Kỳ đã khóa"
    client.force_login(hanoi_officer)
    page = client.get(reverse("report-mine")).content.decode()
    assert f'action="{start}"' in page
    assert "gia hạn đến 05/07/2025" in page
    assert "Kỳ đã khóa" not in page.split(h1.code)[1].split("</tr>")[0]
    # and the button works
    response = client.post(start)
    report = Report.objects.get(agency=hanoi_officer.agency, period=h1)
    assert response.status_code == 302 and response["Location"] == reverse("report-edit", args=[report.pk])
    # Hồ Chí Minh City, without an extension, sees the period locked and no button
    client.force_login(hcm_officer)
    page = client.get(reverse("report-mine")).content.decode()
    assert f'action="{start}"' not in page
    assert "Kỳ đã khóa" in page


def test_a_draft_whose_period_closed_opens_read_only_saying_so(client, h1, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    _close(h1)
    client.force_login(hanoi_officer)
    # "Báo cáo của đơn vị" offers to read it, not to continue filling it
    page = client.get(reverse("report-mine")).content.decode()
    assert reverse("report-detail", args=[report.pk]) in page
    assert "Tiếp tục điền" not in page
    # The form itself is not offered: the read-only page says why, before anyone types
    response = client.get(reverse("report-edit", args=[report.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("report-detail", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Kỳ báo cáo 6 tháng đầu năm 2025 đã khóa" in page
    assert reverse("report-edit", args=[report.pk]) not in page


def test_a_save_after_the_period_closed_keeps_what_was_typed_and_says_why(client, h1, hanoi_officer):
    # Given the form opened while the period was open
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    client.force_login(hanoi_officer)
    assert client.get(reverse("report-edit", args=[report.pk])).status_code == 200
    # When the period closes before the officer presses Save
    _close(h1)
    response = client.post(reverse("report-edit", args=[report.pk]), _form_post(report))
    # Then the form comes back with what was typed, unsaved, and the reason
    page = response.content.decode()
    assert response.status_code == 409
    assert "Đánh giá đã gõ dài." in page and "Khó khăn đã gõ." in page
    assert "Chưa lưu được: kỳ báo cáo 6 tháng đầu năm 2025 đã khóa." in page
    assert "CHƯA được lưu, vì kỳ báo cáo đã khóa" in page
    assert Report.objects.get(pk=report.pk).results == ""


def test_a_stranger_still_gets_the_plain_refusal(client, h1, hanoi_officer, hcm_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    _close(h1)
    client.force_login(hcm_officer)
    assert client.get(reverse("report-edit", args=[report.pk])).status_code == 404


def test_my_reports_reads_the_extensions_and_periods_in_bulk(
    client, plan, h1, hanoi_officer, admin_user, django_assert_num_queries
):
    # The page shows every period of the plan; the rules ask, for each closed one, whether an extension
    # runs and, for each report, its period. Counted once with one closed period, a report and an
    # extension; then with every period closed, several reports and extensions: the same queries.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    all_periods = periods(plan)
    _close(h1)
    _grant(h1, hanoi_officer.agency, admin_user)
    services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    client.force_login(hanoi_officer)
    client.get(reverse("report-mine"))  # the structure caches, as any page after the first
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("report-mine")).content.decode()
    assert "gia hạn đến 05/07/2025" in page

    later = [p for code, p in sorted(all_periods.items()) if code != h1.code][:5]
    for period in later:
        services.report_start(agency=hanoi_officer.agency, period=period, user=hanoi_officer)
        _close(period)
        _grant(period, hanoi_officer.agency, admin_user)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("report-mine")).content.decode()
    assert page.count("gia hạn đến 05/07/2025") == 6
