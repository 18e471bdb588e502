"""Issue 15 in chromium: a viewer reaches accepted reports by clicks; the report form by keyboard; 390 px."""

import pytest
from django.urls import reverse

from agencies.models import Agency
from indicators.models import Target
from reporting import services
from tests import factories as f
from tests.reporting_helpers import periods

pytestmark = pytest.mark.browser


def _accepted_hanoi_report(plan):
    period = periods(plan)["2025-H1"]
    report = f.report(Agency.objects.get(code="so-ldtbxh-ha-noi"), period, status="accepted")
    f.figure(report, Target.objects.get(plan=plan, code="1"), numerator=420, denominator=579)
    return report


def test_a_viewer_reaches_an_accepted_report_by_clicks_alone(page, login, plan, viewer):
    report = _accepted_hanoi_report(plan)
    login(page, viewer)
    # Given the viewer on the portal's home page
    page.goto("/")
    # When they follow the menu to the accepted reports, then the province's name
    page.get_by_role("link", name="Báo cáo đã tiếp nhận").first.click()
    page.wait_for_url("**" + reverse("report-accepted"))
    page.get_by_role("link", name="Hà Nội").first.click()
    # Then the report is open
    page.wait_for_url("**" + reverse("report-detail", args=[report.pk]))
    assert "Báo cáo 6 tháng đầu năm 2025" in page.locator("h1").inner_text()


def test_a_province_pages_figure_links_to_the_report_behind_it(page, login, plan, viewer):
    report = _accepted_hanoi_report(plan)
    login(page, viewer)
    page.goto(reverse("dashboards:province", args=["so-ldtbxh-ha-noi"]) + "?ky=2025-H1")
    link = page.locator(f'a[href="{reverse("report-detail", args=[report.pk])}#chi-tieu-1"]')
    link.click()
    page.wait_for_url("**" + reverse("report-detail", args=[report.pk]) + "#chi-tieu-1")
    assert page.locator("#chi-tieu-1").is_visible()


def test_the_submit_button_is_a_few_tabs_away_through_the_jump_list_with_a_visible_ring(
    page, login, plan, hanoi_officer
):
    period = periods(plan)["2025-H1"]
    report = services.report_start(agency=hanoi_officer.agency, period=period, user=hanoi_officer)
    login(page, hanoi_officer)
    page.goto(reverse("report-edit", args=[report.pk]))
    # Tab from the top of the page until the jump list's last entry has the focus, then follow it
    tabs = 0
    while tabs < 80:
        page.keyboard.press("Tab")
        tabs += 1
        if page.evaluate("document.activeElement.getAttribute('href')") == "#luu-gui":
            break
    page.keyboard.press("Enter")
    while tabs < 80:
        page.keyboard.press("Tab")
        tabs += 1
        if page.evaluate("document.activeElement.textContent.trim()") == "Lưu và gửi báo cáo":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Lưu và gửi báo cáo"
    assert tabs <= 40, tabs  # was 153
    # the focus ring: a solid outline at least 2px wide, dark enough to see on white
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; })()"
    )
    assert style[0] == "solid" and style[1] >= 2, style
    rgb = [int(x) for x in style[2][style[2].index("(") + 1 : style[2].index(")")].split(",")[:3]]
    assert _contrast_with_white(rgb) >= 3, style  # WCAG 2.4.11 / 1.4.11: 3:1 against the white page


def _contrast_with_white(rgb) -> float:
    """WCAG's contrast ratio between a colour and white."""

    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize("name", ["report-mine", "review-index", "report-accepted"])
def test_lists_fit_a_390_px_phone(page, login, plan, hanoi_officer, reviewer, name):
    _accepted_hanoi_report(plan)
    user = hanoi_officer if name == "report-mine" else reviewer
    login(page, user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse(name))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


def test_a_reviewer_chooses_the_daily_digest_from_the_notifications_page(page, login, reviewer):
    login(page, reviewer)
    page.goto(reverse("notification-list"))
    page.get_by_role("link", name="Cách nhận thư thông báo").click()
    page.get_by_label("Một thư tổng hợp mỗi ngày (08:00)").check()
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu cách nhận thư thông báo.").wait_for()
    assert page.get_by_label("Một thư tổng hợp mỗi ngày (08:00)").is_checked()
    page.screenshot(path="/tmp/h9_notice_settings.png", full_page=True)
    reviewer.refresh_from_db()
    assert reviewer.notice_email == "digest"
