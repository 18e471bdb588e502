"""The admin sets the consolidated report's number, recipients and signer on the export page: a missing
number is said beside its field with what was typed kept; the job page then shows the block it keeps."""

import os
from pathlib import Path

import pytest

from exports import services
from reporting.demo import fill_period
from tests import factories as f
from tests.conftest import make_user

pytestmark = pytest.mark.browser


def test_the_admin_sets_the_dispatch_block_before_asking_for_the_pdf(
    page, login, reorganised, admin_user, monkeypatch, tmp_path
):
    period = f.period(reorganised, "2025-H1")
    fill_period(period, only_codes=frozenset({"so-ldtbxh-ha-noi"}))
    deputy = make_user("thutruong", "bo-y-te", "viewer", first_name="Thị Lan", last_name="Nguyễn")
    deputy.position = "Thứ trưởng"
    deputy.save()
    # The render itself is tested in tests/test_dispatch_block.py: here the page, not the PDF.
    monkeypatch.setattr(services, "_dispatch", lambda job_id: None)
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))

    # When the admin fills the block but forgets the number
    login(page, admin_user)
    page.goto("/xuat-bao-cao/")
    page.get_by_label("Kỳ báo cáo").select_option(str(period.pk))
    assert "Thủ tướng Chính phủ (để b/c)" in page.get_by_label("Nơi nhận (mỗi dòng một nơi)").input_value()
    page.get_by_label("Nơi nhận (mỗi dòng một nơi)").fill("Thủ tướng Chính phủ (để b/c)\nVăn phòng Chính phủ")
    page.get_by_label("Người ký").select_option(str(deputy.pk))
    page.get_by_label("Ký thay (KT.) người đứng đầu").check()
    page.get_by_label("Chức danh của người được ký thay").fill("Bộ trưởng")
    page.get_by_role("button", name="Tạo tệp").click()

    # Then the page says so beside the number, and keeps what was typed
    page.wait_for_selector("#id_dispatch_number-error")
    assert "Nhập số và ký hiệu" in page.locator("#id_dispatch_number-error").inner_text()
    assert page.get_by_label("Người ký").input_value() == str(deputy.pk)
    assert "Văn phòng Chính phủ" in page.get_by_label("Nơi nhận (mỗi dòng một nơi)").input_value()
    page.screenshot(path=str(shots / "dispatch-missing-number.png"), full_page=True)

    # When the number is given, the job page shows the number and the signer
    page.get_by_label("Số và ký hiệu (báo cáo tổng hợp)").fill("123/BC-BYT")
    page.get_by_role("button", name="Tạo tệp").click()
    page.wait_for_url("**/xuat-bao-cao/*/")
    facts = page.locator("dl.facts").inner_text()
    assert "123/BC-BYT" in facts and "KT. Bộ trưởng" in facts and "Nguyễn Thị Lan" in facts
    page.screenshot(path=str(shots / "dispatch-job.png"), full_page=True)
