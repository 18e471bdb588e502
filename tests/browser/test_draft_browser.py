"""Issue 16 "done when": a reviewer composes, issues and downloads the 2025-FY consolidated report from the
demo in the browser; the PDF reads, page 1 to the signature, like a ministerial summary (situation,
results, assessment, directions, proposals) with the signer's name."""

import io
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from accounts.models import User
from exports import synthesis
from exports.models import ConsolidatedDraft, IssuedReport
from reporting.models import ReportingPeriod

pytestmark = pytest.mark.browser


def test_a_reviewer_composes_issues_and_downloads_the_2025_fy_report(page, login, reorganised, settings, tmp_path):
    # Given the demo: its users (the head of the issuing body among them) and every period's reports
    settings.DEMO_MODE = True
    call_command("seed_demo_users")
    call_command("seed_demo")
    period = ReportingPeriod.objects.get(plan=reorganised, code="2025-FY")
    director = User.objects.get(username="cuctruongbtxh")  # the demo's head of Cục Bảo trợ xã hội
    reviewer = User.objects.get(username="thamdinhbyt")  # the demo's reviewer of Cục Bảo trợ xã hội
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    headings = dict(synthesis.sections_for(period))

    # When the reviewer opens the consolidated report from the menu and makes the 2025-FY draft
    login(page, reviewer)
    page.goto("/")
    page.get_by_role("link", name="Báo cáo tổng hợp").first.click()
    page.get_by_role("link", name=f"Năm 2025 ({period.code})").click()
    page.get_by_role("button", name="Tạo bản dự thảo từ số liệu").click()
    situation = page.get_by_label(headings["situation"])
    assert "Theo báo cáo của" in situation.input_value()

    # ... edits the assessment, sets number, signer, and saves
    assessment = page.get_by_label(headings["assessment"])
    edited = "Nhìn chung, các bộ, ngành và địa phương đã triển khai Kế hoạch nghiêm túc <b>đúng hạn</b>."
    assessment.fill(edited + "\n\n" + assessment.input_value())
    page.get_by_label("Số và ký hiệu (báo cáo tổng hợp)").fill("15/BC-BTXH")
    page.get_by_label("Người ký").select_option(str(director.pk))
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_selector("text=Đã lưu bản dự thảo (phiên bản 2)")
    draft = ConsolidatedDraft.objects.get(period=period)
    assert draft.sections["assessment"].startswith(edited) and draft.signer == director
    page.screenshot(path=str(shots / "draft-page.png"), full_page=False)
    page.locator("#section-results").screenshot(path=str(shots / "draft-results.png"))

    # ... sees in the history who changed what, and the assessment before and after
    page.get_by_role("link", name="Các phiên bản và thay đổi").click()
    page.get_by_role("link", name="2", exact=True).click()
    assert page.locator(".diff-added").first.inner_text().strip().endswith(edited)
    page.screenshot(path=str(shots / "draft-version.png"), full_page=False)
    page.goto(f"/bao-cao-tong-hop/{period.pk}/")

    # ... types in the directions, then asks for them again from the data: the typed text is saved
    # first, the change is shown, and replaced only when confirmed
    page.get_by_label(headings["directions"]).fill("Một dòng sẽ được thay.")
    page.locator("#section-directions").get_by_role("button", name="Làm mới từ số liệu").click()
    page.wait_for_selector("text=Thay nội dung bằng nội dung mới từ số liệu?")
    assert "Một dòng sẽ được thay." in page.locator(".diff-removed").first.inner_text()
    page.screenshot(path=str(shots / "draft-refill.png"), full_page=False)
    page.get_by_role("button", name="Thay bằng nội dung mới").click()
    page.wait_for_selector("text=Đã làm mới từ số liệu (phiên bản 4)")
    assert ConsolidatedDraft.objects.get(period=period).versions.get(number=3).sections["directions"] == (
        "Một dòng sẽ được thay."
    )

    # ... renders the PDF (the job page follows it), issues it and downloads the issued PDF
    page.get_by_role("button", name="Lưu và tạo PDF").click()
    page.wait_for_url("**/xuat-bao-cao/*/")
    page.wait_for_selector("#export-status[data-status=done]", timeout=120_000)
    page.get_by_role("link", name="Ban hành bản này").click()
    page.get_by_role("button", name="Ban hành").click()
    issued = IssuedReport.objects.get()
    page.wait_for_url(f"**/ban-hanh/{issued.pk}/")
    assert issued.number == "15" and issued.symbol == "BC-BTXH"
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản ban hành (PDF)").click()
    pdf_path = tmp_path / "bao-cao.pdf"
    pdf_path.write_bytes(Path(download.value.path()).read_bytes())

    # Then the PDF reads, page 1 to the signature, as the ministry's summary in order, with the signer
    pages = [
        unicodedata.normalize("NFC", p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages
    ]
    text = re.sub(r"\s+", " ", " ".join(pages))
    order = ["situation", "results", "assessment", "directions", "proposals"]
    at = [text.index(f". {headings[key].upper()}") for key in order]
    assert at == sorted(at), at
    signature = text.index("Vũ Đức Minh")
    annex = text.find("(Kèm theo Báo cáo số")  # the first annex
    assert at[-1] < signature and (annex == -1 or signature < annex)
    body = text[:signature]
    assert "Theo báo cáo của" in body and "Kết quả thực hiện các chỉ tiêu" in body
    assert "<b>đúng hạn</b>" in body  # the reviewer's words, printed as typed, never as markup
    assert "Số: 15/BC-BTXH" in text and "CỤC TRƯỞNG" in text
    # The reviewer looks at the first pages
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:  # poppler-utils, in the test set of system packages
        command = [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "4", str(pdf_path), str(shots / "draft-pdf")]
        subprocess.run(command, check=True)  # noqa: S603 - our own arguments, no shell
