"""In chromium: a save refused because a colleague submitted meanwhile shows the officer's text, unsaved,
with the reason and without a Save button that could only fail again."""

import os

import pytest

from reporting import services
from reporting.models import Report
from tests import factories as f
from tests.reporting_helpers import complete_data, pdf_file

pytestmark = pytest.mark.browser


def test_a_save_after_a_colleague_submitted_shows_the_typed_text_and_why(page, login, hanoi_officer, plan, tmp_path):
    # Given the officer on the form of a draft
    period = f.period(plan, "2025-H1")
    report = services.report_start(agency=hanoi_officer.agency, period=period, user=hanoi_officer)
    login(page, hanoi_officer)
    page.goto(f"/bao-cao/{report.pk}/sua/")
    page.fill("textarea[name=proposals]", "Đề nghị Bộ hỗ trợ =SUM(kinh phí) cho 30 xã.")

    # When a colleague completes and submits the report before the officer saves
    saved = services.report_save(
        report=report, user=hanoi_officer, data=complete_data(report), expected_version=report.version
    )
    services.report_attach(report=saved, user=hanoi_officer, file=pdf_file(), kind="official_report")
    services.report_submit(report=Report.objects.get(pk=report.pk), user=hanoi_officer)
    with page.expect_navigation():
        page.click("#report-form button[value=save]")

    # Then the text is on screen, unsaved, with the reason, and no save button
    assert page.input_value("textarea[name=proposals]") == "Đề nghị Bộ hỗ trợ =SUM(kinh phí) cho 30 xã."
    assert page.locator("text=Chưa lưu được").count() >= 1
    assert page.locator("#report-form button[type=submit]").count() == 0
    page.screenshot(path=str(os.environ.get("SCREENSHOT_DIR", tmp_path)) + "/unsaved-after-submit.png", full_page=False)
