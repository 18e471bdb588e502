"""A reviewer issues the consolidated report in the browser, downloads it, and sends back the signed copy."""

import hashlib
import os
from pathlib import Path

import pytest

from exports.models import ExportJob, IssuedReport
from exports.services import export_request
from reporting.demo import fill_period
from tests import factories as f
from tests.signing import make_identity, sign_pdf

pytestmark = pytest.mark.browser


def test_a_reviewer_issues_the_report_downloads_it_and_the_signed_copy_is_verified(
    page, login, plan, admin_user, reviewer, settings, tmp_path
):
    # Given the admin's rendering of 2025-H1 (accepted reports) and the CA of the signer's certificate
    period = f.period(plan, "2025-H1")
    fill_period(period, only_codes=frozenset({"so-ldtbxh-ha-noi", "bo-cong-an"}))
    job = export_request(user=admin_user, kind=ExportJob.Kind.PDF_CONSOLIDATED, period=period)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    identity = make_identity()
    (tmp_path / "ca.pem").write_bytes(identity.ca_pem)
    settings.SIGNATURE_TRUST_ROOTS = [str(tmp_path / "ca.pem")]
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))

    # When the reviewer opens "Ban hành" from the menu and issues it with its number
    login(page, reviewer)
    page.goto("/")
    page.get_by_role("link", name="Ban hành").first.click()
    page.get_by_label("Bản PDF được ban hành").select_option(str(job.pk))
    page.get_by_label("Số văn bản").fill("125")
    page.get_by_role("button", name="Ban hành").click()

    # Then the issued report's page shows its hash, and the PDF downloads as issued
    issued = IssuedReport.objects.get()
    page.wait_for_url(f"**/ban-hanh/{issued.pk}/")
    assert issued.sha256 in page.content()
    page.screenshot(path=str(shots / "issued-report.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản ban hành (PDF)").click()
    issued_bytes = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(issued_bytes).hexdigest() == issued.sha256

    # When a copy signed over another document is sent, it is refused beside the field
    from weasyprint import HTML

    other = sign_pdf(HTML(string="<p lang=vi>Một văn bản khác.</p>").write_pdf(), identity)
    (tmp_path / "sai.pdf").write_bytes(other)
    page.get_by_label("Tệp PDF đã ký số").set_input_files(str(tmp_path / "sai.pdf"))
    page.get_by_role("button", name="Nộp bản ký số").click()
    error = page.locator("#id_file-error")
    assert "Nội dung đã ký khác" in error.inner_text()
    page.screenshot(path=str(shots / "issued-refused.png"), full_page=True)

    # When the copy the official signed is sent, the page shows who signed and when
    (tmp_path / "da-ky.pdf").write_bytes(sign_pdf(issued_bytes, identity))
    page.get_by_label("Tệp PDF đã ký số").set_input_files(str(tmp_path / "da-ky.pdf"))
    page.get_by_role("button", name="Nộp bản ký số").click()
    page.wait_for_selector("text=Nguyễn Văn An")
    assert "Tin cậy" in page.content()
    page.screenshot(path=str(shots / "issued-signed.png"), full_page=True)
    issued.refresh_from_db()
    assert issued.signer_name == "Nguyễn Văn An" and issued.signed_at is not None
