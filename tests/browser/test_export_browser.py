"""The admin asks for the consolidated PDF in the browser with no worker: the page answers at once, the
button waits while the render runs in the background thread, and the job page follows it to the end."""

import os
import threading
from pathlib import Path

import pytest

from exports import services
from reporting.demo import fill_period
from tests import factories as f

pytestmark = pytest.mark.browser


def test_the_pdf_is_made_in_the_background_while_the_page_follows_it(
    page, login, plan, admin_user, settings, monkeypatch, tmp_path
):
    period = f.period(plan, "2025-H1")
    fill_period(period, only_codes=frozenset({"so-ldtbxh-ha-noi", "bo-cong-an"}))
    settings.EXPORT_RENDER_THREAD = True  # the embedded default
    release = threading.Event()
    real_render = services._render

    def held_render(job):
        assert release.wait(60)
        return real_render(job)

    monkeypatch.setattr(services, "_render", held_render)
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))

    # When the admin asks for the consolidated PDF
    login(page, admin_user)
    page.goto("/xuat-bao-cao/")
    page.get_by_label("Loại tệp").select_option("pdf_consolidated")
    page.get_by_label("Kỳ báo cáo").select_option(str(period.pk))
    page.get_by_label("Số và ký hiệu (báo cáo tổng hợp)").fill("45/BC-BTXH")
    page.get_by_role("button", name="Tạo tệp").click()

    # Then the job page comes at once and says the file is being made
    page.wait_for_url("**/xuat-bao-cao/*/")
    job_url = page.url
    assert page.locator("#export-status").get_attribute("data-status") in ("queued", "running")
    # and the export page's button waits, pointing at the job
    page.goto("/xuat-bao-cao/")
    assert page.get_by_role("button", name="Tạo tệp").is_disabled()
    assert page.locator("#export-pending a").get_attribute("href") in job_url
    page.screenshot(path=str(shots / "export-pending.png"), full_page=True)

    # When the render ends, the job page (left open) follows it to "Hoàn thành" without a reload
    page.goto(job_url)
    release.set()
    page.wait_for_selector('#export-status[data-status="done"]', timeout=60_000)
    assert page.get_by_role("link", name="Tải tệp về").is_visible()
    page.screenshot(path=str(shots / "export-done.png"), full_page=True)
