"""Pages to ask for an export, follow it (queued, running, done, failed) and download the file."""

import logging

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from exports import selectors as export_selectors
from exports.forms import ExportRequestForm
from exports.models import ExportJob
from exports.services import export_request

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
