"""The report form in chromium: one click on "Lưu và gửi báo cáo" sends the form once."""

import pytest

from reporting import services
from tests import factories as f

pytestmark = pytest.mark.browser


def test_the_buttons_are_disabled_while_the_form_is_sent_so_a_double_click_posts_once(page, login, hanoi_officer, plan):
    # given the officer on the form of a report not yet complete
    period = f.period(plan, "2025-H1")
    report = services.report_start(agency=hanoi_officer.agency, period=period, user=hanoi_officer)
    login(page, hanoi_officer)
    page.goto(f"/bao-cao/{report.pk}/sua/")
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)

    # when "Lưu và gửi báo cáo" is clicked twice in a row
    with page.expect_navigation():
        state = page.evaluate(
            """() => {
                const send = [...document.querySelectorAll("#report-form button[type=submit]")]
                    .find((b) => b.value === "submit");
                send.click();
                const disabled = [...document.querySelectorAll("#report-form button[type=submit]")]
                    .map((b) => b.disabled);
                send.click();
                return {disabled, busy: document.getElementById("report-form").getAttribute("aria-busy")};
            }"""
        )

    # then every button was disabled from the first click, one POST left, and it carried "submit"
    assert state == {"disabled": [True, True], "busy": "true"}
    assert len(posts) == 1
    sent = posts[0].post_data  # multipart: the form has a file input
    assert sent.count('name="action"') == 1 and 'name="action"\r\n\r\nsubmit\r\n' in sent
    assert "chưa gửi được" in page.content()
