"""Pages to ask for an export, follow it (queued, running, done, failed) and download the file."""

import logging

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from exports import selectors as export_selectors
from exports.forms import ExportRequestForm, IssueForm, SignedCopyForm
from exports.models import ExportJob
from exports.services import export_request, issued_report_attach_signed, issued_report_issue

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
