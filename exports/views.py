"""Pages to ask for an export, follow it (queued, running, done, failed) and download the file."""

import logging

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from exports import pdf, synthesis
from exports import selectors as export_selectors
from exports.diffs import diff_lines
from exports.forms import DraftForm, ExportRequestForm, IssueForm, SignedCopyForm
from exports.models import ConsolidatedDraft, ExportJob
from exports.services import (
    DraftConflict,
    draft_create,
    draft_refill,
    draft_render,
    draft_save,
    export_request,
    issued_report_attach_signed,
    issued_report_issue,
    normalise_text,
)
from reporting.models import ReportingPeriod

logger = logging.getLogger(__name__)


def _may_export_something(user) -> bool:
    return rules.has_perm("reporting.export", user) or (
        user.agency_id and rules.has_perm("reporting.export", user, user.agency)
    )


def export_list(request) -> HttpResponse:
    user = request.user
    if not _may_export_something(user):
        raise PermissionDenied
    form = ExportRequestForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = export_request(
                user=user,
                kind=data["kind"],
                period=data["period"],
                agency=data.get("agency"),
                include_submitted=data.get("include_submitted", False),
                dispatch=form.dispatch(),
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        else:
            return redirect("export-detail", pk=job.pk)
    jobs = export_selectors.visible_jobs(user)[:50]
    pending = export_selectors.pending_job(user)
    return render(request, "exports/list.html", {"form": form, "jobs": jobs, "pending": pending})


def export_detail(request, pk: int) -> HttpResponse:
    job = get_object_or_404(export_selectors.visible_jobs(request.user), pk=pk)
    return render(request, "exports/detail.html", {"job": job})


def export_download(request, pk: int) -> HttpResponse:
    job = get_object_or_404(export_selectors.visible_jobs(request.user), pk=pk)
    if not rules.has_perm("exports.download_export", request.user, job):
        raise PermissionDenied
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404("Tệp chưa sẵn sàng.")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        # The job's row is there but not its file (a database restored without its media folder): say so.
        logger.error("Export job %s: file %s is missing", job.pk, job.file.name)
        context = {"name": job.filename, "back_url": reverse("export-detail", args=[job.pk])}
        return render(request, "file_missing.html", context, status=404)
    return FileResponse(handle, as_attachment=True, filename=job.filename)


def _issuer_only(user) -> None:
    if not rules.has_perm("exports.view_issued_report", user):
        raise PermissionDenied


def issued_list(request) -> HttpResponse:
    """Issued consolidated reports, and the form that issues a rendered one (or a correction)."""
    _issuer_only(request.user)
    issued = export_selectors.issued_reports()
    form = IssueForm(
        request.POST or None,
        jobs=export_selectors.issuable_jobs(),
        issued=issued.filter(replaced_by__isnull=True),
        initial={"job": request.GET.get("job")} if request.GET.get("job", "").isdigit() else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = issued_report_issue(
                user=request.user,
                job=data["job"],
                number=data["number"],
                replaces=data["replaces"],
                reason=data["reason"],
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        else:
            return redirect("issued-detail", pk=report.pk)
    return render(request, "exports/issued_list.html", {"form": form, "issued": issued[:100]})


def issued_detail(request, pk: int) -> HttpResponse:
    _issuer_only(request.user)
    report = get_object_or_404(export_selectors.issued_reports(), pk=pk)
    form = SignedCopyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued_report_attach_signed(user=request.user, issued=report, content=form.cleaned_data["file"].read())
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        else:
            return redirect("issued-detail", pk=report.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "exports/issued_detail.html", {"report": report, "form": form}, status=status)


def issued_download(request, pk: int, signed: bool = False) -> HttpResponse:
    _issuer_only(request.user)
    report = get_object_or_404(export_selectors.issued_reports(), pk=pk)
    stored = report.signed_file if signed else report.file
    if not stored:
        raise Http404("Chưa có bản ký số.")
    name = report.signed_filename if signed else report.filename
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        logger.error("Issued report %s: file %s is missing", report.pk, stored.name)
        context = {"name": name, "back_url": reverse("issued-detail", args=[report.pk])}
        return render(request, "file_missing.html", context, status=404)
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")


# -- the consolidated report's draft ------------------------------------------------------------------


def _drafter_only(user) -> None:
    if not rules.has_perm("exports.change_draft", user):
        raise PermissionDenied


def draft_list(request) -> HttpResponse:
    """The periods, newest first, each with its draft (or the button that makes it)."""
    _drafter_only(request.user)
    periods = ReportingPeriod.objects.select_related("plan").order_by("-due_date")
    drafts = {d.period_id: d for d in ConsolidatedDraft.objects.select_related("updated_by").filter(period__in=periods)}
    rows = [(period, drafts.get(period.pk)) for period in periods]
    return render(request, "exports/draft_list.html", {"rows": rows})


def draft_page(request, period_pk: int) -> HttpResponse:
    """The draft the reviewers write in: each section a plain-text box, the computed tables as they will
    print, the dispatch block; save, refill a section from the data (after a confirmation), render."""
    _drafter_only(request.user)
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=period_pk)
    draft = export_selectors.draft_of(period)
    if draft is None:
        if request.method == "POST":
            draft_create(user=request.user, period=period)
            return redirect("draft-page", period_pk=period.pk)
        return render(request, "exports/draft_new.html", {"period": period})
    sections = synthesis.sections_for(period)
    form = DraftForm(request.POST or None, draft=draft, sections=sections)
    status = 200
    conflict = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        refill = request.POST.get("refill", "")
        if form.is_valid():
            try:
                draft = draft_save(
                    user=request.user,
                    draft=draft,
                    base_version=form.cleaned_data["version"],
                    sections=form.typed_sections(),
                    texts_to=form.cleaned_data["texts_to"],
                    dispatch=form.dispatch(),
                )
            except DraftConflict as error:
                conflict = error.current
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                if refill:
                    keys = [key for key, _h in sections] if refill == "__all__" else [refill]
                    return _refill_confirm(request, draft, sections, keys)
                if action in ("render_pdf", "render_xlsx"):
                    kind = ExportJob.Kind.PDF_CONSOLIDATED if action == "render_pdf" else ExportJob.Kind.XLSX_ANALYST
                    try:
                        job = draft_render(user=request.user, draft=draft, kind=kind)
                    except ValidationError as error:
                        form = DraftForm(request.POST, draft=draft, sections=sections)
                        form.is_valid()
                        form.add_service_errors(error)
                    else:
                        return redirect("export-detail", pk=job.pk)
                else:
                    messages.success(request, _("Đã lưu bản dự thảo (phiên bản %(n)s).") % {"n": draft.version})
                    return redirect("draft-page", period_pk=period.pk)
        if conflict is not None:
            # Another reviewer saved first: their version stays; the page keeps what this one typed, says
            # who saved and shows their text beside each section that differs, and the next save goes on
            # from their version (a deliberate choice, made with both texts in view).
            data = request.POST.copy()
            data["version"] = str(conflict.version)
            form = DraftForm(data, draft=conflict, sections=sections)
            form.is_valid()
            draft = conflict
            status = 409
        elif not form.is_valid() or form.errors:
            status = 400
    theirs = {}
    if conflict is not None:
        typed = form.typed_sections() if hasattr(form, "cleaned_data") else {}
        theirs = {
            key: conflict.sections.get(key, "")
            for key, _h in sections
            if conflict.sections.get(key, "") != normalise_text(typed.get(key, ""))
        }
    context = {
        "period": period,
        "draft": draft,
        "form": form,
        "conflict": conflict,
        "theirs": theirs,
        "jobs": export_selectors.draft_jobs(draft)[:10],
        "issued_job_ids": set(export_selectors.issued_job_ids(period)),
        **pdf.computed_context(period),
    }
    return render(request, "exports/draft_page.html", context, status=status)


def _refill_confirm(request, draft, sections, keys) -> HttpResponse:
    """What refilling ``keys`` from the data would change, before anything changes."""
    filled = synthesis.prefill(draft.period)
    headings = dict(sections)
    changes = [
        (key, headings[key], diff_lines(draft.sections.get(key, ""), filled.get(key, "")))
        for key, _h in sections
        if key in keys and draft.sections.get(key, "") != filled.get(key, "")
    ]
    context = {"period": draft.period, "draft": draft, "changes": changes, "keys": keys}
    return render(request, "exports/draft_refill.html", context)


def draft_refill_view(request, period_pk: int) -> HttpResponse:
    """The confirmed refill: the sections' new text from the data, as a new version."""
    _drafter_only(request.user)
    if request.method != "POST":
        return redirect("draft-page", period_pk=period_pk)
    draft = get_object_or_404(ConsolidatedDraft.objects.select_related("period__plan"), period_id=period_pk)
    try:
        before = draft.version
        draft = draft_refill(
            user=request.user,
            draft=draft,
            base_version=int(request.POST.get("version") or 0),
            keys=request.POST.getlist("key"),
        )
    except DraftConflict as error:
        messages.error(
            request,
            _("%(who)s đã lưu bản dự thảo trong lúc bạn xem; chưa làm mới. Hãy xem lại rồi làm mới lần nữa.")
            % {"who": _who(error.current.updated_by)},
        )
    except ValidationError:
        messages.error(request, _("Chọn phần cần làm mới."))
    else:
        if draft.version != before:
            messages.success(
                request,
                _("Đã làm mới từ số liệu (phiên bản %(n)s); nội dung cũ vẫn ở phiên bản %(old)s trong lịch sử.")
                % {"n": draft.version, "old": before},
            )
        else:
            messages.info(request, _("Nội dung đã đúng như số liệu hiện tại; không có gì thay đổi."))
    return redirect("draft-page", period_pk=period_pk)


def draft_history(request, period_pk: int) -> HttpResponse:
    _drafter_only(request.user)
    draft = get_object_or_404(ConsolidatedDraft.objects.select_related("period"), period_id=period_pk)
    headings = dict(synthesis.sections_for(draft.period))
    versions = [(v, [headings.get(k, k) for k in v.changed]) for v in export_selectors.draft_versions(draft)]
    return render(request, "exports/draft_history.html", {"draft": draft, "period": draft.period, "versions": versions})


def draft_version(request, period_pk: int, number: int) -> HttpResponse:
    """One version: each section it changed, before (the version before it) and after, line by line."""
    _drafter_only(request.user)
    draft = get_object_or_404(ConsolidatedDraft.objects.select_related("period"), period_id=period_pk)
    version = get_object_or_404(draft.versions.select_related("saved_by"), number=number)
    previous = draft.versions.filter(number__lt=number).order_by("-number").first()
    before = previous.sections if previous is not None else {}
    show_all = request.GET.get("tat-ca") == "1"
    rows = [
        (key, heading, diff_lines(before.get(key, ""), version.sections.get(key, "")), key in version.changed)
        for key, heading in synthesis.sections_for(draft.period)
        if show_all or key in version.changed
    ]
    context = {
        "draft": draft,
        "period": draft.period,
        "version": version,
        "previous": previous,
        "rows": rows,
        "show_all": show_all,
    }
    return render(request, "exports/draft_version.html", context)


def _who(user) -> str:
    return user.get_full_name() or user.get_username()
