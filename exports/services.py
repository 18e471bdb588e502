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
from django.db import IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from exports import letterhead, pdf, selectors, signatures, synthesis, xlsx
from exports.models import (
    STALE_AFTER,
    ConsolidatedDraft,
    ConsolidatedDraftVersion,
    DispatchBlock,
    ExportJob,
    IssuedReport,
)
from plan808.celery import app as celery_app
from plan808.clock import HANOI, hanoi_today
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
    if kind == ExportJob.Kind.PDF_CONSOLIDATED:
        # A period with a draft prints the draft's text as it reads now, whenever the job runs.
        dispatch["draft_version"] = selectors.latest_draft_version(period)
    return _queue(
        user=user,
        kind=kind,
        period=period,
        agency=agency,
        include_submitted=include_submitted,
        requested_by=user,
        **dispatch,
    )


def _queue(*, user, **same) -> ExportJob:
    """The job for ``same`` (model fields), made and queued on commit, or the one already under way."""
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


DISPATCH_FIELDS = DispatchBlock.DISPATCH_FIELDS
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
            draft=_job_draft(job),
        )
        return rendered.content, rendered.pages
    if job.kind == ExportJob.Kind.PDF_AGENCY:
        rendered = pdf.render_agency(job.period, job.agency)
        return rendered.content, rendered.pages
    return xlsx.render_workbook(job.period, include_submitted=job.include_submitted), None


def _job_draft(job: ExportJob) -> ConsolidatedDraftVersion | None:
    """The draft's texts the job renders: the version it was asked from (the export page and the API
    record the period's latest), else the period's latest draft (a job recorded before drafts existed)."""
    if job.draft_version_id:
        return ConsolidatedDraftVersion.objects.select_related("draft").get(pk=job.draft_version_id)
    return selectors.latest_draft_version(job.period)


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


# -- the consolidated report's draft (bản dự thảo), which the ministry's reviewers write in ---------------

SECTION_MAX_CHARS = 30_000


class DraftConflict(Exception):
    """Another reviewer saved the draft after the version this save started from."""

    def __init__(self, current: ConsolidatedDraft):
        super().__init__(f"draft {current.pk} is at version {current.version}")
        self.current = current


def _may_write_draft(user) -> None:
    if not rules.has_perm("exports.change_draft", user):
        raise PermissionDenied(_("Bạn không có quyền soạn báo cáo tổng hợp."))


def draft_create(*, user, period: ReportingPeriod) -> ConsolidatedDraft:
    """The period's draft, made once: every section pre-filled from the data (``exports.synthesis``),
    the dispatch block with the letterhead's recipients, today's date and the default signer."""
    _may_write_draft(user)
    existing = ConsolidatedDraft.objects.filter(period=period).first()
    if existing is not None:
        return existing
    keys = [key for key, _heading in synthesis.sections_for(period)]
    filled = synthesis.prefill(period)
    issuer = letterhead.ministry_issuer(period.plan, period.due_date)
    draft = ConsolidatedDraft(
        period=period,
        sections={key: filled.get(key, "") for key in keys},
        recipients="\n".join(issuer.recipients),
        dispatch_date=hanoi_today(),
        signer=selectors.default_signer(period),
        on_behalf_title=issuer.signer_title.capitalize(),
        created_by=user,
        updated_by=user,
    )
    try:
        with transaction.atomic():
            draft.save()
            _version(draft, user=user, changed=keys, dispatch_changed=True, note=_("Tạo từ số liệu"))
    except IntegrityError:  # another reviewer made it at the same moment: theirs is the draft
        return ConsolidatedDraft.objects.get(period=period)
    logger.info("Tạo dự thảo báo cáo tổng hợp %s bởi %s", period.code, user)
    return draft


def draft_save(
    *, user, draft: ConsolidatedDraft, base_version: int, sections: dict[str, str], texts_to: str, dispatch: dict
) -> ConsolidatedDraft:
    """Save what the reviewer typed as a new version, naming the sections that changed.

    ``base_version`` is the version the reviewer's page showed: when another save came in between the
    draft is left as that save made it and ``DraftConflict`` says so (nothing is overwritten unseen).
    Nothing changed: no new version."""
    _may_write_draft(user)
    keys = [key for key, _heading in synthesis.sections_for(draft.period)]
    errors = {}
    cleaned = {}
    for key in keys:
        text = normalise_text(sections.get(key, ""))
        if len(text) > SECTION_MAX_CHARS:
            errors[key] = [_("Phần này dài quá %(n)s ký tự.") % {"n": f"{SECTION_MAX_CHARS:,}".replace(",", ".")}]
        cleaned[key] = text
    if texts_to not in ConsolidatedDraft.TextsTo.values:
        errors["texts_to"] = [_("Chọn nơi đặt nội dung báo cáo của từng cơ quan, địa phương.")]
    dispatch = dict(dispatch)
    try:
        _check_dispatch(draft.period, dispatch)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = ConsolidatedDraft.objects.select_for_update().get(pk=draft.pk)
        if current.version != base_version:
            raise DraftConflict(current)
        changed = [key for key in keys if current.sections.get(key, "") != cleaned[key]]
        dispatch_changed = any(getattr(current, name) != value for name, value in dispatch.items())
        if not changed and not dispatch_changed and current.texts_to == texts_to:
            return current
        current.sections = {**current.sections, **cleaned}
        current.texts_to = texts_to
        for name, value in dispatch.items():
            setattr(current, name, value)
        current.version += 1
        current.updated_by = user
        current.save()
        note = "" if changed or dispatch_changed else _("Đổi nơi đặt nội dung của các cơ quan, địa phương")
        _version(current, user=user, changed=changed, dispatch_changed=dispatch_changed, note=note)
    return current


def draft_refill(*, user, draft: ConsolidatedDraft, base_version: int, keys: list[str]) -> ConsolidatedDraft:
    """Fill ``keys`` again from the data, as a new version: the text it replaces stays in the history."""
    _may_write_draft(user)
    known = [key for key, _heading in synthesis.sections_for(draft.period)]
    keys = [key for key in known if key in set(keys)]
    if not keys:
        raise ValidationError({"refill": [_("Chọn phần cần làm mới.")]})
    filled = synthesis.prefill(draft.period)
    with transaction.atomic():
        current = ConsolidatedDraft.objects.select_for_update().get(pk=draft.pk)
        if current.version != base_version:
            raise DraftConflict(current)
        changed = [key for key in keys if current.sections.get(key, "") != filled.get(key, "")]
        if not changed:
            return current
        current.sections = {**current.sections, **{key: filled.get(key, "") for key in changed}}
        current.version += 1
        current.updated_by = user
        current.save()
        _version(current, user=user, changed=changed, dispatch_changed=False, note=_("Làm mới từ số liệu"))
    return current


def draft_render(*, user, draft: ConsolidatedDraft, kind: str = ExportJob.Kind.PDF_CONSOLIDATED) -> ExportJob:
    """Render the draft's latest version (the PDF), or the analysts' workbook that holds the agencies'
    own texts when the draft sends them to Excel; in the background, like every export."""
    _may_write_draft(user)
    if kind not in (ExportJob.Kind.PDF_CONSOLIDATED, ExportJob.Kind.XLSX_ANALYST):
        raise ValidationError({"kind": [_("Loại tệp không hợp lệ.")]})
    version = draft.versions.order_by("-number").first()
    dispatch = {}
    if kind == ExportJob.Kind.PDF_CONSOLIDATED:
        errors = {}
        if not draft.dispatch_number:
            errors["dispatch_number"] = [
                _("Nhập số và ký hiệu của báo cáo (ví dụ: 123/BC-BYT) rồi lưu trước khi tạo PDF.")
            ]
        if not draft.dispatch_date:
            errors["dispatch_date"] = [_("Nhập ngày ban hành báo cáo rồi lưu trước khi tạo PDF.")]
        if errors:
            raise ValidationError(errors)
        dispatch = draft.dispatch_values()
    return _queue(
        user=user,
        kind=kind,
        period=draft.period,
        agency=None,
        include_submitted=False,
        requested_by=user,
        draft_version=version,
        **dispatch,
    )


def normalise_text(text: str) -> str:
    """Line ends as "\\n", no trailing spaces, no blank lines at either end (a textarea sends "\\r\\n")."""
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def _version(draft: ConsolidatedDraft, *, user, changed: list[str], dispatch_changed: bool, note: str = ""):
    return ConsolidatedDraftVersion.objects.create(
        draft=draft,
        number=draft.version,
        sections=dict(draft.sections),
        texts_to=draft.texts_to,
        changed=changed,
        dispatch_changed=dispatch_changed,
        note=note,
        saved_by=user,
    )
