"""Issued means frozen: the consolidated report as issued (bytes, SHA-256, who, when) never changes; a
correction is a new issue naming the one it replaces; the signed copy is verified with pyHanko."""

import hashlib

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from exports.models import ExportJob, FrozenReportError, IssuedReport
from exports.services import export_request, issued_report_attach_signed, issued_report_issue
from reporting.demo import fill_period
from tests import factories as f
from tests.signing import make_identity, sign_pdf

SAMPLE = frozenset({"so-ldtbxh-ha-noi", "so-ldtbxh-ho-chi-minh", "bo-cong-an"})


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    """A real PDF, made as the reports are (WeasyPrint), small enough to sign in a few milliseconds."""
    from weasyprint import HTML

    return HTML(
        string="<html lang=vi><body><h1>BÁO CÁO</h1><p>Kết quả thực hiện Kế hoạch 808.</p></body></html>"
    ).write_pdf()


@pytest.fixture(scope="module")
def identity():
    return make_identity()


@pytest.fixture
def period(plan):
    return f.period(plan, "2025-H1")


def rendered_job(period, user, content: bytes) -> ExportJob:
    """A finished consolidated export holding ``content``, as export_run leaves one."""
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.PDF_CONSOLIDATED, period=period, status=ExportJob.Status.DONE, requested_by=user, pages=1
    )
    job.file.save("bao-cao-tong-hop.pdf", ContentFile(content), save=True)
    return job


def test_a_reviewer_issues_the_rendered_report_and_downloads_the_same_bytes(
    client, plan, admin_user, reviewer, django_capture_on_commit_callbacks
):
    # Given the admin rendered the consolidated report of accepted reports
    period = f.period(plan, "2025-H1")
    fill_period(period, only_codes=SAMPLE)
    with django_capture_on_commit_callbacks(execute=True):
        job = export_request(user=admin_user, kind=ExportJob.Kind.PDF_CONSOLIDATED, period=period)
    job.refresh_from_db()
    rendered = job.file.open("rb").read()

    # When a reviewer issues it on the issue page, with its number
    client.force_login(reviewer)
    page = client.get(reverse("issued-list")).content.decode()
    assert f'value="{job.pk}"' in page
    response = client.post(reverse("issued-list"), {"job": job.pk, "number": "125", "replaces": "", "reason": ""})

    # Then the issue keeps those bytes with their SHA-256, who issued it and when
    issued = IssuedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("issued-detail", args=[issued.pk])
    assert issued.sha256 == hashlib.sha256(rendered).hexdigest() and issued.size == len(rendered)
    assert (issued.issued_by, issued.number, issued.period, issued.pages) == (reviewer, "125", period, job.pages)
    assert issued.issued_at is not None and str(issued).startswith("125/BC-")
    detail = client.get(response["Location"]).content.decode()
    assert issued.sha256 in detail and "Nộp bản ký số" in detail
    download = client.get(reverse("issued-download", args=[issued.pk]))
    assert b"".join(download.streaming_content) == rendered
    # and the rendering issued is no longer offered for issuing
    assert f'value="{job.pk}"' not in client.get(reverse("issued-list")).content.decode()
    # and the audit trail has the issue, by whom
    assert issued.history.get().history_user == reviewer


def test_an_issued_report_cannot_change_nor_be_deleted(period, reviewer, small_pdf):
    issued = issued_report_issue(user=reviewer, job=rendered_job(period, reviewer, small_pdf), number="7")

    issued.number = "8"
    with pytest.raises(FrozenReportError):
        issued.save()
    with pytest.raises(FrozenReportError):
        issued.save(update_fields=["number", "signer_name"])
    with pytest.raises(FrozenReportError):
        issued.delete()
    issued.refresh_from_db()
    assert issued.number == "7"
    # The admin reads it only
    admin = site._registry[IssuedReport]
    assert not admin.has_change_permission(None, issued) and not admin.has_delete_permission(None, issued)
    assert not admin.has_add_permission(None)


def test_a_correction_is_a_new_issue_that_names_the_one_it_replaces(period, reviewer, small_pdf):
    first = issued_report_issue(user=reviewer, job=rendered_job(period, reviewer, small_pdf), number="7")

    # A second issue of the period that does not say what it corrects is refused
    with pytest.raises(ValidationError) as refused:
        issued_report_issue(user=reviewer, job=rendered_job(period, reviewer, small_pdf + b"\n"))
    assert "replaces" in refused.value.message_dict
    # A correction needs its reason
    with pytest.raises(ValidationError) as refused:
        issued_report_issue(user=reviewer, job=rendered_job(period, reviewer, small_pdf), replaces=first)
    assert "reason" in refused.value.message_dict

    second = issued_report_issue(
        user=reviewer,
        job=rendered_job(period, reviewer, small_pdf + b"\n"),
        number="9",
        replaces=first,
        reason="Sửa số liệu chỉ tiêu 3b của Hà Nội.",
    )

    first.refresh_from_db()
    assert second.replaces == first and first.replaced_by == second
    assert first.sha256 != second.sha256 and first.number == "7"  # the first stays as it was issued
    # and the replaced one cannot be replaced a second time
    with pytest.raises(ValidationError):
        issued_report_issue(
            user=reviewer, job=rendered_job(period, reviewer, small_pdf), replaces=first, reason="Lần nữa."
        )


def test_a_draft_with_submitted_reports_cannot_be_issued_nor_can_an_officer_issue(
    period, reviewer, hanoi_officer, small_pdf
):
    draft = rendered_job(period, reviewer, small_pdf)
    ExportJob.objects.filter(pk=draft.pk).update(include_submitted=True)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        issued_report_issue(user=reviewer, job=draft)
    with pytest.raises(PermissionDenied):
        issued_report_issue(user=hanoi_officer, job=rendered_job(period, reviewer, small_pdf))


def test_the_signed_copy_is_verified_and_shows_who_signed_and_when(
    client, period, reviewer, small_pdf, identity, settings, tmp_path
):
    # Given an issued report and the CA that issued the signer's certificate as a trust root
    roots = tmp_path / "ca.pem"
    roots.write_bytes(identity.ca_pem)
    settings.SIGNATURE_TRUST_ROOTS = [str(roots)]
    issued = issued_report_issue(user=reviewer, job=rendered_job(period, reviewer, small_pdf), number="7")
    signed = sign_pdf(small_pdf, identity)

    # When the reviewer sends back the copy the deputy minister signed
    client.force_login(reviewer)
    upload = ContentFile(signed, name="da-ky.pdf")
    response = client.post(reverse("issued-detail", args=[issued.pk]), {"file": upload})

    # Then the page shows who signed and when, and the signed copy downloads as sent
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.signer_name == "Nguyễn Văn An" and issued.signature_trusted is True
    assert issued.signed_at is not None and issued.signed_uploaded_by == reviewer
    assert issued.signed_sha256 == hashlib.sha256(signed).hexdigest()
    assert issued.sha256 == hashlib.sha256(small_pdf).hexdigest()  # the issue itself is unchanged
    page = client.get(response["Location"]).content.decode()
    assert "Nguyễn Văn An" in page and "Tin cậy" in page
    download = client.get(reverse("issued-signed-download", args=[issued.pk]))
    assert b"".join(download.streaming_content) == signed
    # and a second signed copy is refused: the first stays
    with pytest.raises(ValidationError):
        issued_report_attach_signed(user=reviewer, issued=issued, content=signed)


def test_without_trust_roots_a_valid_signature_is_accepted_and_says_its_chain_was_not_checked(
    period, reviewer, small_pdf, identity, settings
):
    settings.SIGNATURE_TRUST_ROOTS = []
    issued = issued_report_issue(user=reviewer, job=rendered_job(period, reviewer, small_pdf))
    issued = issued_report_attach_signed(user=reviewer, issued=issued, content=sign_pdf(small_pdf, identity))
    assert issued.signer_name == "Nguyễn Văn An" and issued.signature_trusted is None


def _tampered_after_signing(signed: bytes, original: bytes) -> bytes:
    # A word of the issued text changed inside the signed range (same length: the byte range still fits).
    at = signed.index(b"/Producer") if b"/Producer" in signed[: len(original)] else len(original) // 2
    flipped = bytearray(signed)
    flipped[at + 1] = ord("Q") if flipped[at + 1] != ord("Q") else ord("R")
    return bytes(flipped)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("tampered", "Nội dung đã ký khác"),
        ("other document", "Nội dung đã ký khác"),
        ("unsigned", "không có chữ ký số"),
        ("not a pdf", "không phải là tệp PDF"),
        ("untrusted signer", "tổ chức cung cấp dịch vụ chứng thực tin cậy"),
        ("signature broken", "Chữ ký số không hợp lệ"),
    ],
)
def test_a_signed_copy_that_does_not_verify_or_differs_from_the_issue_is_refused_beside_the_field(
    client, period, reviewer, small_pdf, identity, settings, tmp_path, case, message
):
    from weasyprint import HTML

    roots = tmp_path / "ca.pem"
    roots.write_bytes(identity.ca_pem)
    settings.SIGNATURE_TRUST_ROOTS = [str(roots)]
    issued = issued_report_issue(user=reviewer, job=rendered_job(period, reviewer, small_pdf))
    signed = sign_pdf(small_pdf, identity)
    if case == "tampered":
        content = _tampered_after_signing(signed, small_pdf)
    elif case == "other document":
        other = HTML(string="<html lang=vi><body><p>Một báo cáo khác.</p></body></html>").write_pdf()
        content = sign_pdf(other, identity)
    elif case == "unsigned":
        content = small_pdf
    elif case == "not a pdf":
        content = b"PK\x03\x04 a Word file"
    elif case == "untrusted signer":
        content = sign_pdf(small_pdf, make_identity(ca_name="CA không được tin cậy"))
    else:  # the signature value itself damaged, the issued bytes untouched
        contents = signed.index(b"/Contents <", len(small_pdf)) + len(b"/Contents <")
        broken = bytearray(signed)
        broken[contents + 200] = ord("0") if broken[contents + 200] != ord("0") else ord("1")
        content = bytes(broken)

    client.force_login(reviewer)
    response = client.post(reverse("issued-detail", args=[issued.pk]), {"file": ContentFile(content, name="ky.pdf")})

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'id="id_file-error"' in page
    issued.refresh_from_db()
    assert not issued.signed_file and not issued.signer_name


def test_only_reviewers_and_admins_reach_the_issued_reports(client, period, reviewer, viewer, hanoi_officer, small_pdf):
    issued = issued_report_issue(user=reviewer, job=rendered_job(period, reviewer, small_pdf))
    for user in (viewer, hanoi_officer):
        client.force_login(user)
        assert client.get(reverse("issued-list")).status_code == 403
        assert client.get(reverse("issued-detail", args=[issued.pk])).status_code == 403
        assert client.get(reverse("issued-download", args=[issued.pk])).status_code == 403
