"""Issue 15, item 2 in chromium: the officer sends, the agency's approver approves, the ministry receives."""

import pytest
from django.urls import reverse

from reporting.models import Report
from tests.conftest import make_user
from tests.reporting_helpers import filled_report, hanoi_approval_on, periods

pytestmark = pytest.mark.browser


def test_the_officer_sends_the_approver_approves_and_the_ministry_receives(
    page, login, plan, hanoi_officer, reviewer, admin_user
):
    # Given Hà Nội's department approves its reports, issued by the city's People's Committee
    hanoi_approval_on(hanoi_officer.agency, admin_user)
    approver = make_user("giamdoc", "so-ldtbxh-ha-noi", "approver", first_name="Bình", last_name="Trần Văn")
    report = filled_report(periods(plan)["2025-H1"], hanoi_officer)

    # When the officer presses "Lưu và gửi báo cáo"
    login(page, hanoi_officer)
    page.goto(reverse("report-edit", args=[report.pk]))
    assert page.get_by_text("Báo cáo sẽ chờ lãnh đạo cơ quan phê duyệt, rồi mới đến Bộ.").is_visible()
    page.get_by_role("button", name="Lưu và gửi báo cáo").click()
    page.get_by_text("Đã trình báo cáo để lãnh đạo phê duyệt").wait_for()
    assert page.locator(".facts .status").first.inner_text() == "Chờ phê duyệt"

    # Then the approver finds it from the menu, reads it and approves it
    page.context.clear_cookies()
    login(page, approver)
    page.goto("/")
    page.get_by_role("link", name="Chờ phê duyệt").first.click()
    page.wait_for_url("**" + reverse("report-approval-queue"))
    page.get_by_role("link", name="Báo cáo 6 tháng đầu năm 2025").click()
    page.wait_for_url("**" + reverse("report-detail", args=[report.pk]))
    assert page.get_by_text("Ủy ban nhân dân thành phố Hà Nội").first.is_visible()
    page.screenshot(path="/tmp/h1_approval_detail.png", full_page=False)
    page.get_by_role("button", name="Phê duyệt và gửi Bộ").click()
    page.get_by_text("Đã phê duyệt; báo cáo đã gửi đến Bộ.").wait_for()
    assert page.get_by_text("Không có báo cáo nào đang chờ phê duyệt.").is_visible()

    # And the ministry's reviewer is told and finds it submitted, with the approval in its history
    page.context.clear_cookies()
    login(page, reviewer)
    page.goto(reverse("notification-list"))
    page.get_by_text("đã gửi báo cáo 6 tháng đầu năm 2025").first.wait_for()
    page.goto(reverse("report-detail", args=[report.pk]))
    assert page.locator(".facts .status").first.inner_text() == "Đã gửi"
    history = page.locator("#lich-su").inner_text()
    assert "Trình phê duyệt" in history and "Phê duyệt, gửi Bộ" in history
    assert page.get_by_role("button", name="Tiếp nhận báo cáo").is_visible()
    page.locator("#lich-su").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/h1_approval_reviewer.png", full_page=False)
    assert Report.objects.get(pk=report.pk).status == "submitted"


def test_the_approvers_list_and_the_report_fit_a_390_px_phone(page, login, plan, hanoi_officer, admin_user):
    from reporting import services

    hanoi_approval_on(hanoi_officer.agency, admin_user)
    approver = make_user("giamdoc", "so-ldtbxh-ha-noi", "approver")
    report = services.report_submit(report=filled_report(periods(plan)["2025-H1"], hanoi_officer), user=hanoi_officer)
    login(page, approver)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("report-approval-queue"))
    assert page.get_by_role("link", name="Báo cáo 6 tháng đầu năm 2025").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(reverse("report-detail", args=[report.pk]))
    page.locator("#phe-duyet").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/h1_approval_phone.png", full_page=False)
    assert page.get_by_role("button", name="Phê duyệt và gửi Bộ").is_visible()
