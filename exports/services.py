"""Requesting and rendering exports. ``export_request`` checks ``reporting.export`` and queues the job on
commit; ``export_run`` (called by the Celery job and the command) renders and records the outcome."""

import datetime
import logging

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from exports import pdf, xlsx
from exports.models import ExportJob
from plan808.celery import app as celery_app
from reporting.models import Report, ReportingPeriod

logger = logging.getLogger(__name__)
# A job still "running" after this long was left by a worker that died; a redelivered message may take it.
STALE_AFTER = datetime.timedelta(minutes=15)
RENDER_JOB = "exports.render_export"


def export_request(
    *, user, kind: str, period: ReportingPeriod, agency=None, include_submitted: bool = False
) -> ExportJob:
    """Record the request and queue its rendering once the row is committed."""
    if kind not in ExportJob.Kind.values:
        raise ValidationError({"kind": [_("Loại tệp không hợp lệ.")]})
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
    job = ExportJob.objects.create(
        kind=kind, period=period, agency=agency, include_submitted=include_submitted, requested_by=user
    )
    # Queued by its registered name: exports/jobs.py imports this module to run the job.
    transaction.on_commit(lambda: celery_app.tasks[RENDER_JOB].delay(job.pk))
    logger.info("Yêu cầu xuất %s bởi %s", job, user)
    return job


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
        rendered = pdf.render_consolidated(job.period, include_submitted=job.include_submitted)
        return rendered.content, rendered.pages
    if job.kind == ExportJob.Kind.PDF_AGENCY:
        rendered = pdf.render_agency(job.period, job.agency)
        return rendered.content, rendered.pages
    return xlsx.render_workbook(job.period, include_submitted=job.include_submitted), None
