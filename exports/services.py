"""Requesting and rendering exports. ``export_request`` checks ``reporting.export`` and queues the job on
commit; ``export_run`` (called by the Celery job and the command) renders and records the outcome.
``issued_report_issue`` freezes a rendered consolidated report as issued; ``issued_report_attach_signed``
attaches its signed copy once pyHanko has verified it against the issued bytes."""

import hashlib
import logging
import re
import threading

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from exports import letterhead, pdf, selectors, signatures, xlsx
from exports.models import STALE_AFTER, ExportJob, IssuedReport
from plan808.celery import app as celery_app
from plan808.clock import HANOI
from reporting.models import Report, ReportingPeriod

logger = logging.getLogger(__name__)
RENDER_JOB = "exports.render_export"


def export_request(
    *, user, kind: str, period: ReportingPeriod, agency=None, include_submitted: bool = False, dispatch=None
) -> ExportJob:
    """Record the request and queue its rendering once the row is committed.

    ``dispatch`` (a consolidated report only): the fields of its signature and dispatch block, as
    ``ExportJob`` names them (dispatch_number, dispatch_date, recipients, signer, signs_on_behalf,
    on_behalf_title); the signer must be one of ``selectors.signer_candidates(period)``."""
    if kind not in ExportJob.Kind.values:
        raise ValidationError({"kind": [_("Loại tệp không hợp lệ.")]})
    dispatch = dict(dispatch or {}) if kind == ExportJob.Kind.PDF_CONSOLIDATED else {}
    _check_dispatch(period, dispatch)
    if kind == ExportJob.Kind.PDF_AGENCY:
        if agency is None:
            raise ValidationError({"agency": [_("Chọn đơn vị cần xuất báo cáo.")]})
        allowed = rules.has_perm("reporting.export", user, agency)
    else:
        agency = None
        allowed = rules.has_perm("reporting.export", user)
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền xuất báo cáo này."))
    if kind == ExportJob.Kind.PDF_AGENCY and not Report.objects.filter(period=period, agency=agency).exists():
        raise ValidationError({"agency": [_("Đơn vị này chưa có báo cáo trong kỳ đã chọn.")]})
    same = {
        "kind": kind,
        "period": period,
        "agency": agency,
        "include_submitted": include_submitted,
        "requested_by": user,
        **dispatch,
    }
    # A second click while the same file is being made follows that job rather than rendering it twice.
    pending = (
        ExportJob.objects.filter(**same, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING])
        .filter(created_at__gte=timezone.now() - STALE_AFTER)
        .first()
    )
    if pending is not None:
        return pending
    job = ExportJob.objects.create(**same)
    transaction.on_commit(lambda: _dispatch(job.pk))
    logger.info("Yêu cầu xuất %s bởi %s", job, user)
    return job


DISPATCH_FIELDS = ("dispatch_number", "dispatch_date", "recipients", "signer", "signs_on_behalf", "on_behalf_title")
DISPATCH_NUMBER = re.compile(r"^\d{1,10}/[^\s/]{2,40}$")


def _check_dispatch(period: ReportingPeriod, dispatch: dict) -> None:
    unknown = set(dispatch) - set(DISPATCH_FIELDS)
    if unknown:
        raise ValueError(f"Unknown dispatch fields: {sorted(unknown)}")
    errors = {}
    number = dispatch.get("dispatch_number", "").strip()
    if number and not DISPATCH_NUMBER.match(number):
        errors["dispatch_number"] = [_("Ghi số và ký hiệu dạng 123/BC-BYT.")]
    signer = dispatch.get("signer")
    if signer is not None and not selectors.signer_candidates(period).filter(pk=signer.pk).exists():
        errors["signer"] = [_("Người ký phải là người có chức vụ của cơ quan ban hành báo cáo kỳ này.")]
    if dispatch.get("signs_on_behalf") and not dispatch.get("on_behalf_title", "").strip():
        errors["on_behalf_title"] = [_("Ghi chức danh của người được ký thay (ví dụ: Bộ trưởng).")]
    if errors:
        raise ValidationError(errors)
    if "dispatch_number" in dispatch:
        dispatch["dispatch_number"] = number


def _dispatch(job_id: int) -> None:
    """Hand the job to the Celery worker; with no worker (the embedded default runs Celery eagerly, in
    the request) to a background thread, so that no request ever waits for a render."""
    if celery_app.conf.task_always_eager and settings.EXPORT_RENDER_THREAD:
        threading.Thread(target=_render_in_background, args=(job_id,), name=f"export-{job_id}", daemon=True).start()
        return
    # Queued by its registered name: exports/jobs.py imports this module to run the job.
    celery_app.tasks[RENDER_JOB].delay(job_id)


def _render_in_background(job_id: int) -> None:
    try:
        export_run(job_id=job_id)
    except Exception:  # export_run records a render's failure; this is a failure to reach the database
        logger.exception("Xuất tệp %s: lỗi ngoài lúc tạo tệp", job_id)
    finally:
        connections.close_all()  # this thread's own connections, never the request's


def export_run(*, job_id: int) -> ExportJob:
    """Render the job's file; a job another worker is running (or has finished) is left alone."""
    now = timezone.now()
    claimable = Q(status=ExportJob.Status.QUEUED) | Q(status=ExportJob.Status.RUNNING, started_at__lt=now - STALE_AFTER)
    claimed = ExportJob.objects.filter(claimable, pk=job_id).update(
        status=ExportJob.Status.RUNNING, started_at=now, error=""
    )
    job = ExportJob.objects.select_related("period__plan", "agency").get(pk=job_id)
    if not claimed:
        return job
    try:
        content, pages = _render(job)
        job.file.save(job.filename, ContentFile(content), save=False)
    except Exception as error:  # the admin sees the reason; the worker stays up for the next job
        logger.exception("Xuất %s lỗi", job)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
    else:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.DONE, file=job.file.name, pages=pages, finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


def _render(job: ExportJob) -> tuple[bytes, int | None]:
    if job.kind == ExportJob.Kind.PDF_CONSOLIDATED:
        rendered = pdf.render_consolidated(
            job.period,
            include_submitted=job.include_submitted,
            issued_on=job.dispatch_date,
            dispatch=_job_dispatch(job),
        )
        return rendered.content, rendered.pages
    if job.kind == ExportJob.Kind.PDF_AGENCY:
        rendered = pdf.render_agency(job.period, job.agency)
        return rendered.content, rendered.pages
    return xlsx.render_workbook(job.period, include_submitted=job.include_submitted), None


def _job_dispatch(job: ExportJob) -> letterhead.Dispatch:
    number, symbol = job.number_and_symbol
    signature = None
    if job.signer_id:
        signature = letterhead.Signature.of(
            job.signer, on_behalf=job.signs_on_behalf, on_behalf_title=job.on_behalf_title
        )
    return letterhead.Dispatch(number=number, symbol=symbol, recipients=job.recipient_list, signature=signature)


def issued_report_issue(
    *, user, job: ExportJob, number: str = "", replaces: IssuedReport | None = None, reason: str = ""
) -> IssuedReport:
    """Issue the consolidated report that ``job`` rendered: store its bytes, their SHA-256, who and when.

    A period has one report in force: a second issue must name the one it replaces (a correction,
    with its reason); an issue already replaced cannot be replaced again.
    """
    if not rules.has_perm("exports.issue_report", user):
        raise PermissionDenied(_("Bạn không có quyền ban hành báo cáo."))
    if job.kind != ExportJob.Kind.PDF_CONSOLIDATED or job.status != ExportJob.Status.DONE or not job.file:
        raise ValidationError({"job": [_("Chỉ ban hành được báo cáo tổng hợp (PDF) đã tạo xong.")]})
    if job.include_submitted:
        raise ValidationError({"job": [_("Bản dự thảo (tính cả báo cáo chưa tiếp nhận) không ban hành được.")]})
    number, reason = number.strip(), reason.strip()
    if replaces is not None:
        if replaces.period_id != job.period_id:
            raise ValidationError({"replaces": [_("Bản đính chính phải cùng kỳ báo cáo với bản được thay thế.")]})
        if IssuedReport.objects.filter(replaces=replaces).exists():
            raise ValidationError({"replaces": [_("Báo cáo này đã được thay thế bởi một bản đính chính khác.")]})
        if not reason:
            raise ValidationError({"reason": [_("Nêu lý do đính chính.")]})
    elif selectors.issued_in_force(job.period) is not None:
        raise ValidationError(
            {"replaces": [_("Kỳ này đã có báo cáo ban hành; bản mới phải là bản đính chính, thay thế bản đó.")]}
        )
    try:
        with job.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as error:
        raise ValidationError({"job": [_("Không tìm thấy tệp PDF của yêu cầu này.")]}) from error
    rendered_on = (job.finished_at or timezone.now()).astimezone(HANOI).date()
    issuer = letterhead.ministry_issuer(job.period.plan, rendered_on)
    job_number, job_symbol = job.number_and_symbol
    if job_number:
        # The number printed on the PDF is the issue's: a different one typed here would not match the file.
        if number and number != job_number:
            raise ValidationError(
                {
                    "number": [
                        _("Bản PDF này mang số %(number)s; số ban hành phải trùng.") % {"number": job.dispatch_number}
                    ]
                }
            )
        number = job_number
    issued = IssuedReport(
        period=job.period,
        source_job=job,
        number=number,
        symbol=job_symbol or issuer.symbol,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        pages=job.pages,
        issued_by=user,
        replaces=replaces,
        correction_reason=reason if replaces is not None else "",
    )
    with transaction.atomic():
        issued.file.save(f"ban-hanh-{job.period.code}-{issued.sha256[:12]}.pdf", ContentFile(content), save=False)
        issued.save()
    logger.info("Ban hành %s (SHA-256 %s) bởi %s", issued, issued.sha256, user)
    return issued


def issued_report_attach_signed(*, user, issued: IssuedReport, content: bytes) -> IssuedReport:
    """Attach the signed copy of ``issued`` once pyHanko has verified it against the issued bytes."""
    if not rules.has_perm("exports.issue_report", user):
        raise PermissionDenied(_("Bạn không có quyền nộp bản ký số."))
    with transaction.atomic():
        issued = IssuedReport.objects.select_for_update().get(pk=issued.pk)
        if issued.signed_file:
            raise ValidationError({"file": [_("Báo cáo này đã có bản ký số.")]})
        with issued.file.open("rb") as handle:
            original = handle.read()
        if hashlib.sha256(original).hexdigest() != issued.sha256:
            raise ValidationError({"file": [_("Tệp ban hành đã lưu không còn khớp mã băm SHA-256; liên hệ quản trị.")]})
        try:
            checked = signatures.check_signed_copy(content, original)
        except signatures.SignatureRejected as error:
            raise ValidationError({"file": [str(error)]}) from error
        issued.signed_file.save(issued.signed_filename, ContentFile(content), save=False)
        issued.signed_sha256 = checked.sha256
        issued.signer_name = checked.signer_name[:300]
        issued.signer_subject = checked.signer_subject
        issued.signer_issuer = checked.signer_issuer
        issued.signed_at = checked.signed_at
        issued.signature_trusted = checked.trusted
        issued.signed_uploaded_by = user
        issued.signed_uploaded_at = timezone.now()
        issued.save(update_fields=sorted(IssuedReport.SIGNED_FIELDS))
    logger.info("Bản ký số của %s: %s, ký lúc %s", issued, issued.signer_name, issued.signed_at)
    return issued
