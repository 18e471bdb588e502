"""The plan overview and a task page, as a signed-in reader sees them in chromium."""

import pytest

pytestmark = pytest.mark.browser


def test_a_reader_opens_the_plan_and_follows_a_task(page, login, reviewer):
    # Given a signed-in reviewer on the plan overview
    login(page, reviewer)
    page.goto("/ke-hoach/")
    # Then the plan's title and its groups are on screen, in Vietnamese
    assert page.locator("h1").inner_text() == (
        "Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm giai đoạn 2021-2025"
    )
    group_3 = page.locator("#nhom-3 h2")
    assert group_3.is_visible()
    assert "Tăng cường thanh tra, kiểm tra" in group_3.inner_text()
    assert page.get_by_text("Hàng năm", exact=True).is_visible()
    # When they open task 3.4 from the table
    page.locator("#nhom-3").get_by_role("link", name="3.4", exact=True).click()
    page.wait_for_url("**/ke-hoach/nhiem-vu/3.4/")
    # Then its activities and its agencies are visible, as the decision writes them.
    assert "Tăng cường quản lý về an ninh, trật tự" in page.locator("h1").inner_text()
    activities = page.locator("ol.activities > li")
    assert activities.count() == 5
    assert activities.nth(4).inner_text().startswith("Phối hợp giữa Công an với Viện Kiểm sát nhân dân")
    assert page.get_by_role("link", name="Bộ Văn hóa - Thể Thao và Du lịch").is_visible()
    assert page.get_by_role("heading", name="Cơ quan chủ trì").is_visible()


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login_page(page):
    page.goto("/ke-hoach/")
    assert "/dang-nhap/" in page.url
