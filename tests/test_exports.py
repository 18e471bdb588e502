"""Asking for an export, following it queued → running → done or failed, and downloading the file."""

import io
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import Agency
from exports.models import ExportJob
from exports.services import export_request, export_run
from reporting.demo import fill_period
from tests import factories as f

SAMPLE = frozenset({"so-ldtbxh-ha-noi", "so-ldtbxh-ho-chi-minh", "bo-cong-an"})

# The number and date the reviewer sets before asking for a consolidated PDF (tests/test_dispatch_block.py).
DISPATCH = {"dispatch_number": "45/BC-BTXH", "dispatch_date": "2025-07-01"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def period(plan):
    period = f.period(plan, "2025-H1")
    fill_period(period, only_codes=SAMPLE)
    return period


def test_an_admin_request_is_queued_and_rendered_only_after_commit(
    period, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = export_request(user=admin_user, kind=ExportJob.Kind.XLSX_ANALYST, period=period)
    # Before the commit the job is only queued: the worker would not see an uncommitted row.
    assert job.status == ExportJob.Status.QUEUED
    assert len(callbacks) == 1

    callbacks[0]()  # the commit happens; the (eager) Celery task runs

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.requested_by == admin_user
    assert job.started_at and job.finished_at and job.created_at <= job.started_at <= job.finished_at
    assert job.file.name.endswith(".xlsx")


def test_the_workbook_has_figures_by_province_and_target_task_progress_and_submissions(period, admin_user):
    job = ExportJob.objects.create(kind=ExportJob.Kind.XLSX_ANALYST, period=period, requested_by=admin_user)

    export_run(job_id=job.pk)

    job.refresh_from_db()
    workbook = load_workbook(io.BytesIO(job.file.read()))
    figures, tasks, submissions, sections, statistics, documents = workbook.worksheets
    header = [c.value for c in figures[1]]
    assert header[:5] == ["Mã đơn vị", "Đơn vị", "Tỉnh, thành phố", "Mã chỉ tiêu", "Chỉ tiêu"]
    rows = list(figures.iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == SAMPLE
    assert {"1", "11b"} <= {r[3] for r in rows if r[0] == "so-ldtbxh-ha-noi"}
    assert {r[0] for r in tasks.iter_rows(min_row=2, values_only=True)} == SAMPLE
    statuses = {r[0]: r[2] for r in submissions.iter_rows(min_row=2, values_only=True)}
    assert statuses["so-ldtbxh-ha-noi"] == "Đã tiếp nhận"
    assert statuses["so-ldtbxh-da-nang"] == "Chưa gửi"
    assert len(statuses) > 80
    header = [c.value for c in sections[1]]
    assert header[2:7] == [
        "Kết quả đạt được",
        "Hạn chế, khó khăn",
        "Nguyên nhân của hạn chế",
        "Phương hướng, nhiệm vụ kỳ tới",
        "Đề xuất, kiến nghị",
    ]
    assert [c.value for c in documents[1]] == ["Mã đơn vị", "Đơn vị", "Số, ký hiệu", "Ngày ban hành", "Trích yếu"]
    # the statistics of the counted reports, one row per number (a demo province answers them all)
    rows = list(statistics.iter_rows(min_row=2, values_only=True))
    assert {"tien-phat", "ban-dam-co-ho-so"} <= {r[2] for r in rows if r[0] == "so-ldtbxh-ha-noi"}


def test_a_job_that_fails_shows_the_reason(period, admin_user, monkeypatch):
    from exports import pdf

    def broken(*args, **kwargs):
        raise RuntimeError("hết bộ nhớ khi dàn trang")

    monkeypatch.setattr(pdf, "render_consolidated", broken)
    job = ExportJob.objects.create(kind=ExportJob.Kind.PDF_CONSOLIDATED, period=period, requested_by=admin_user)

    export_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert "hết bộ nhớ khi dàn trang" in job.error
    assert not job.file


def test_a_redelivered_message_does_not_render_a_finished_job_again(period, admin_user):
    job = ExportJob.objects.create(kind=ExportJob.Kind.XLSX_ANALYST, period=period, requested_by=admin_user)
    export_run(job_id=job.pk)
    job.refresh_from_db()
    first = (job.file.name, job.finished_at)

    export_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.file.name, job.finished_at) == first


def test_an_officer_may_export_its_own_agencys_report_and_no_other(period, hanoi_officer, hcm_officer):
    own = export_request(user=hanoi_officer, kind=ExportJob.Kind.PDF_AGENCY, period=period, agency=hanoi_officer.agency)
    assert own.agency == hanoi_officer.agency

    with pytest.raises(PermissionDenied):
        export_request(user=hanoi_officer, kind=ExportJob.Kind.PDF_AGENCY, period=period, agency=hcm_officer.agency)
    with pytest.raises(PermissionDenied):
        export_request(user=hanoi_officer, kind=ExportJob.Kind.PDF_CONSOLIDATED, period=period)


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_readers_may_not_export(period, cast, role):
    with pytest.raises(PermissionDenied):
        export_request(user=cast[role], kind=ExportJob.Kind.PDF_CONSOLIDATED, period=period)


def test_an_agency_pdf_needs_a_report_in_that_period(period, admin_user):
    with pytest.raises(ValidationError) as error:
        export_request(
            user=admin_user,
            kind=ExportJob.Kind.PDF_AGENCY,
            period=period,
            agency=Agency.objects.get(code="so-ldtbxh-da-nang"),
        )
    assert "chưa có báo cáo" in str(error.value.message_dict["agency"])


def test_the_admin_asks_follows_and_downloads_a_consolidated_pdf(
    client, period, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)

    # When the admin asks for the consolidated PDF
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("export-list"), {"kind": "pdf_consolidated", "period": period.pk, "agency": "", **DISPATCH}
        )

    # Then the job page shows it done, with who asked, and the file downloads as a PDF
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("export-detail", args=[job.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Hoàn thành" in page.content.decode()
    assert job.pages and job.pages > 3
    download = client.get(reverse("export-download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="bao-cao-tong-hop-2025-H1.pdf"')
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    listing = client.get(reverse("export-list")).content.decode()
    assert "Tải về" in listing


def test_a_queued_job_page_follows_its_job_without_reloading_and_a_failed_one_shows_why(client, period, admin_user):
    client.force_login(admin_user)
    queued = ExportJob.objects.create(kind=ExportJob.Kind.PDF_CONSOLIDATED, period=period, requested_by=admin_user)
    failed = ExportJob.objects.create(
        kind=ExportJob.Kind.PDF_CONSOLIDATED,
        period=period,
        requested_by=admin_user,
        status=ExportJob.Status.FAILED,
        error="OSError: đĩa đầy",
    )

    queued_page = client.get(reverse("export-detail", args=[queued.pk])).content.decode()
    failed_page = client.get(reverse("export-detail", args=[failed.pk])).content.decode()

    # A timed reload is a barrier (WCAG 2.2.1, axe-core's meta-refresh): the page polls itself by script.
    assert 'http-equiv="refresh"' not in queued_page and "Đang chờ" in queued_page
    assert 'data-finished="0"' in queued_page and "js/export-progress" in queued_page
    assert "OSError: đĩa đầy" in failed_page and 'data-finished="1"' in failed_page
    assert "js/export-progress" not in failed_page
    assert client.get(reverse("export-download", args=[queued.pk])).status_code == 404


def test_the_export_form_says_what_is_missing_next_to_the_field(client, period, admin_user):
    client.force_login(admin_user)

    response = client.post(reverse("export-list"), {"kind": "pdf_agency", "period": period.pk, "agency": ""})

    assert response.status_code == 200
    assert "Chọn đơn vị cần xuất báo cáo." in response.content.decode()
    assert ExportJob.objects.count() == 0


def test_someone_elses_export_is_not_found(client, period, admin_user, hanoi_officer, hcm_officer):
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.PDF_AGENCY, period=period, agency=hanoi_officer.agency, requested_by=hanoi_officer
    )
    client.force_login(hcm_officer)
    assert client.get(reverse("export-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("export-download", args=[job.pk])).status_code == 404
    client.force_login(hanoi_officer)
    assert client.get(reverse("export-detail", args=[job.pk])).status_code == 200


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("reviewer", 403), ("hanoi", 200), ("admin", 200)])
def test_the_export_page_is_for_those_who_may_export(client, period, cast, role, status):
    client.force_login(cast[role])
    assert client.get(reverse("export-list")).status_code == status


def test_render_report_writes_the_consolidated_pdf_or_one_agencys(period, tmp_path):
    out = StringIO()
    target = tmp_path / "tong-hop.pdf"

    call_command("render_report", "--period", "2025-H1", "--out", str(target), stdout=out)

    assert target.read_bytes().startswith(b"%PDF")
    assert "trang" in out.getvalue()
    agency_pdf = tmp_path / "ha-noi.pdf"
    call_command("render_report", "--period", "2025-H1", "--out", str(agency_pdf), "--agency", "so-ldtbxh-ha-noi")
    assert agency_pdf.read_bytes().startswith(b"%PDF")


def test_render_report_names_an_unknown_period(period, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có kỳ báo cáo '2030-H1'"):
        call_command("render_report", "--period", "2030-H1", "--out", str(tmp_path / "x.pdf"))
