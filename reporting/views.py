"""Reporting pages: my reports, the report form, the read-only report with its review, periods to review.

Views stay thin: they ask ``accounts.rules`` what the user may see, call ``reporting.services`` for
every write and turn its errors into messages beside the fields.
"""

import logging
from dataclasses import dataclass

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from accounts.rules import (
    get_visible_or_404,
    officer_of_report,
    owns_editable_report,
    period_extension,
    period_takes_report,
    visible_reports,
)
from reporting import excel, selectors, services
from reporting.forms import (
    CommentForm,
    ExcelUploadForm,
    ReopenForm,
    ReportForm,
    ReturnForm,
    SendBackForm,
    payload_from_post,
)
from reporting.models import Attachment, PeriodException, Report, ReportEvent, ReportingPeriod, SectionComment
from reporting.repeats import answered_once
from tasks.selectors import chosen_plan

logger = logging.getLogger(__name__)

UNSAVED_KEY = "reporting_unsaved_form"
EDITOR_COOKIE = "plan808_report_editor"
EDITOR_SALT = "reporting.views.report-editor"
# How long after the form was last shown a signed-out save is still taken back: longer than a session
# can live (SESSION_MAX_HOURS), since the form may be shown late in one and saved after it ended.
EDITOR_COOKIE_AGE = 24 * 3600
# Every text field of a full report at its longest (3 × 20,000 for the report, 20,000 per task for
# about 20 tasks, 4,000 per figure): a stash above it is no form of ours.
UNSAVED_MAX_CHARS = 600_000


def _plan_or_404(request):
    plan = chosen_plan(request)
    if plan is None:
        raise Http404(_("Chưa nạp kế hoạch nào."))
    return plan


def _report(request, pk: int) -> Report:
    return get_visible_or_404(request.user, selectors.report_detail_queryset(Report.objects.all()), pk=pk)


def _report_to_save(request, pk: int) -> Report:
    """The report with only what a save works on; the pages shown after an error read it all again."""
    return get_visible_or_404(request.user, selectors.report_rows_queryset(Report.objects.all()), pk=pk)


def _latest(report: Report) -> dict:
    return selectors.latest_task_status(report.period.plan, agencies=[report.agency])


def _first_messages(exc: ValidationError) -> dict[str, str]:
    if hasattr(exc, "error_dict"):
        return {key: messages_[0] for key, messages_ in exc.message_dict.items()}
    return {"__all__": exc.messages[0]}


# -- officers: my reports, start, the form ------------------------------------------------------------


def my_reports(request) -> HttpResponse:
    """The periods of the plan with the user's agency's report in each (officers)."""
    plan = _plan_or_404(request)
    agency = request.user.agency
    if agency is None or not rules.has_perm("reporting.add_report", request.user, agency):
        raise PermissionDenied(_("Trang này dành cho cán bộ của đơn vị báo cáo."))
    rows = [
        _my_report_row(request.user, agency, period, report)
        for period, report in selectors.agency_reports(agency, plan)
    ]
    return render(
        request,
        "reporting/my_reports.html",
        {"plan": plan, "agency": agency, "rows": rows, "now": timezone.now()},
    )


@dataclass
class MyReportRow:
    """One period on "Báo cáo của đơn vị", with what the rules let the user do in it now."""

    period: ReportingPeriod
    report: Report | None
    can_edit: bool  # open the form (continue, or correct a returned report)
    can_start: bool  # no report yet, and the period takes one from the agency
    closed: bool  # the period takes no new work from the agency (no extension either)
    extension: PeriodException | None  # an extension the admin granted the agency in a closed period
    resubmit: bool  # the report came back from the ministry for corrections


def _my_report_row(user, agency, period: ReportingPeriod, report: Report | None) -> MyReportRow:
    extension = None if period.is_open else period_extension(period, agency.pk)
    return MyReportRow(
        period=period,
        report=report,
        can_edit=report is not None and rules.has_perm("reporting.change_report", user, report),
        can_start=report is None and rules.has_perm("reporting.start_report", user, period),
        closed=not period.is_open and extension is None,
        extension=extension,
        resubmit=report is not None and report.status == Report.Status.RETURNED,
    )


@require_POST
def report_start(request, code: str) -> HttpResponse:
    plan = _plan_or_404(request)
    period = get_object_or_404(ReportingPeriod, plan=plan, code=code)
    try:
        report = services.report_start(agency=request.user.agency, period=period, user=request.user)
    except ValidationError as exc:
        for message in _first_messages(exc).values():
            messages.error(request, message)
        return redirect("report-mine")
    return redirect("report-edit", pk=report.pk)


def _remember_editor(response, user) -> None:
    """Name the form's user in a signed cookie that outlives the session, for ``_stash_unsaved``.

    The session cookie is gone once the session expires; this one says which account last had the
    form open in this browser, signed so that nobody can name another, and sent to report pages only.
    """
    response.set_cookie(
        EDITOR_COOKIE,
        signing.dumps(user.pk, salt=EDITOR_SALT),
        max_age=EDITOR_COOKIE_AGE,
        path=reverse("report-mine"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _last_editor_may_edit(request, pk: int) -> bool:
    """This browser's last signed-in account exists, is active and may still change report ``pk``."""
    try:
        user_pk = signing.loads(request.COOKIES.get(EDITOR_COOKIE, ""), salt=EDITOR_SALT, max_age=EDITOR_COOKIE_AGE)
    except signing.BadSignature:
        return False
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).select_related("agency").first()
    report = Report.objects.select_related("period").filter(pk=pk).first()
    if user is None or report is None:
        return False
    return rules.has_perm("reporting.change_report", user, report) or _closed_for_owner(user, report)


def _stash_unsaved(request, pk: int) -> None:
    """Keep what was typed when the session had expired; it is put back into the form after login.

    Only for a report that the browser's last signed-in account may edit (``_last_editor_may_edit``)
    and within the size of a full form: a signed-out POST from anyone else stores nothing, so the
    sessions table cannot be filled from outside. The stash lives in a fresh session of the usual
    idle age, which the nightly clearsessions removes if nobody signs in to take it.
    """
    post = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    size = sum(len(key) + sum(len(value) for value in values) for key, values in post.items())
    if size > UNSAVED_MAX_CHARS or not _last_editor_may_edit(request, pk):
        return
    request.session[UNSAVED_KEY] = {"report": pk, "post": post, "at": timezone.now().isoformat()}


@login_not_required
@answered_once
def report_edit(request, pk: int) -> HttpResponse:
    """The report form. Reachable signed out only so that a save after the session expired keeps the text."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            _stash_unsaved(request, pk)
        return redirect_to_login(reverse("report-edit", args=[pk]))
    report = _report_to_save(request, pk) if request.method == "POST" else _report(request, pk)
    if not rules.has_perm("reporting.change_report", request.user, report):
        if _closed_for_owner(request.user, report):
            if request.method == "POST":
                return _closed_while_typing(request, report, request.POST)
            if (request.session.get(UNSAVED_KEY) or {}).get("report") == report.pk:
                # Typed before the session expired, and the period closed meanwhile: still give it back.
                stash = MultiValueDict(request.session.pop(UNSAVED_KEY)["post"])
                return _closed_while_typing(request, report, stash)
            # A closed period is said on the read-only page itself, before anyone types.
            return redirect("report-detail", pk=report.pk)
        if request.method == "POST" and officer_of_report(request.user, report):
            # Its own officer may have typed into the form before the report moved on: give it back.
            return _render_unsavable(request, report)
        messages.info(request, _("Báo cáo này hiện không sửa được; dưới đây là nội dung đã gửi."))
        return redirect("report-detail", pk=report.pk)
    if request.method == "POST":
        return _save(request, report)

    post, version, status = None, report.version, 200
    stash = request.session.get(UNSAVED_KEY)
    if stash and stash.get("report") == report.pk:
        del request.session[UNSAVED_KEY]
        post = MultiValueDict(stash["post"])
        version = _int(post.get("version"), report.version)
        messages.warning(
            request,
            _(
                "Phiên đăng nhập đã hết hạn trước khi bạn lưu. Nội dung bạn đã nhập được giữ lại dưới đây "
                "nhưng CHƯA được lưu: hãy kiểm tra rồi bấm Lưu."
            ),
        )
    missing = selectors.report_missing(report=report)
    form = ReportForm(report, post=post, missing=missing, latest=_latest(report))
    return _render_form(request, report, form, version=version, missing=missing, status=status)


def _closed_for_owner(user, report: Report) -> bool:
    """The user would change this report but for its period, which no longer takes it."""
    return owns_editable_report(user, report) and not period_takes_report(user, report)


def _closed_while_typing(request, report: Report, post) -> HttpResponse:
    """The period closed while the form was being filled: show what was typed, unsaved, and say why.

    The save buttons stay: once an admin grants the agency an extension, a second click saves it.
    """
    messages.error(request, _("Chưa lưu được: kỳ báo cáo %(period)s đã khóa.") % {"period": report.period.display_name})
    form = ReportForm(report, post=post, latest=_latest(report))
    version = _int(post.get("version"), report.version)
    return _render_form(request, report, form, version=version, missing={}, status=409, closed=True)


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _save(request, report: Report) -> HttpResponse:
    version = _int(request.POST.get("version"), -1)
    data = payload_from_post(request.POST, report)
    try:
        saved = services.report_save(report=report, user=request.user, data=data, expected_version=version)
    except services.StaleReportError as exc:
        fresh = selectors.report_detail(Report.objects.all(), report.pk)
        last = fresh.history.select_related("history_user").order_by("-history_date").first()
        who = last.history_user.get_full_name() or last.history_user.username if last and last.history_user else "?"
        messages.error(request, str(exc))
        if last:
            messages.info(
                request,
                _("Lần lưu gần nhất: %(who)s, lúc %(at)s. Bấm Lưu lần nữa nếu bạn muốn ghi nội dung của mình đè lên.")
                % {"who": who, "at": timezone.localtime(last.history_date).strftime("%H:%M %d/%m/%Y")},
            )
        form = ReportForm(fresh, post=request.POST, latest=_latest(fresh))
        # The new version goes into the form, so a second, deliberate click saves: never a silent overwrite.
        return _render_form(request, fresh, form, version=fresh.version, missing={}, status=409, stale=True)
    except PermissionDenied:
        if _closed_for_owner(request.user, report):
            return _closed_while_typing(request, report, request.POST)
        # A colleague submitted, or the reviewer accepted, between the check above and this save.
        return _render_unsavable(request, selectors.report_detail(Report.objects.all(), report.pk))

    errors = dict(saved.save_errors)
    upload = request.FILES.get("attachment_file")
    if upload is not None:
        try:
            services.report_attach(
                report=saved, user=request.user, file=upload, kind=request.POST.get("attachment_kind", "")
            )
        except ValidationError as exc:
            found = _first_messages(exc)
            errors["attachment_file"] = found.get("file") or found.get("kind") or next(iter(found.values()))

    if request.POST.get("action") == "submit" and not errors:
        try:
            submitted = services.report_submit(report=saved, user=request.user)
        except ValidationError as exc:
            missing = _first_messages(exc)
            messages.error(
                request,
                _("Đã lưu, nhưng chưa gửi được: còn %(n)s nội dung bắt buộc chưa có (xem danh sách).")
                % {"n": len(missing)},
            )
            fresh = selectors.report_detail(Report.objects.all(), saved.pk)
            form = ReportForm(fresh, missing=missing, latest=_latest(fresh))
            return _render_form(request, fresh, form, version=fresh.version, missing=missing, status=200, refused=True)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("report-edit", pk=saved.pk)
        if submitted.status == Report.Status.PENDING_APPROVAL:
            messages.success(request, _("Đã trình báo cáo để lãnh đạo phê duyệt; báo cáo đến Bộ khi được phê duyệt."))
        else:
            messages.success(request, _("Đã gửi báo cáo đến Bộ. Cảm ơn!"))
        return redirect("report-detail", pk=saved.pk)

    if errors:
        messages.error(
            request,
            _("Đã lưu các nội dung hợp lệ. %(n)s ô chưa hợp lệ chưa được lưu: sửa theo hướng dẫn bên cạnh từng ô.")
            % {"n": len(errors)},
        )
        fresh = selectors.report_detail(Report.objects.all(), saved.pk)
        missing = selectors.report_missing(report=fresh)
        form = ReportForm(fresh, post=request.POST, errors=errors, missing=missing, latest=_latest(fresh))
        return _render_form(request, fresh, form, version=fresh.version, missing=missing, status=200)
    messages.success(request, _("Đã lưu bản nháp."))
    return redirect("report-edit", pk=saved.pk)


def _render_unsavable(request, report: Report) -> HttpResponse:
    """The form with what was typed, unsaved and without save buttons, and why: the report moved on
    (submitted by a colleague, accepted or returned by the reviewer) while the form was open."""
    last = report.events.select_related("user").order_by("-at", "-pk").first()
    if last is not None and last.action != ReportEvent.Action.CREATE:
        who = last.user.get_full_name() or last.user.username
        reason = _(
            "Chưa lưu được: trong lúc bạn sửa, %(who)s đã thực hiện bước “%(action)s” với báo cáo (lúc %(at)s); "
            "báo cáo ở trạng thái “%(status)s” nên không sửa được nữa."
        ) % {
            "who": who,
            "action": last.get_action_display(),
            "at": timezone.localtime(last.at).strftime("%H:%M %d/%m/%Y"),
            "status": report.get_status_display(),
        }
    else:
        reason = _("Chưa lưu được: báo cáo này hiện không sửa được (trạng thái “%(status)s”).") % {
            "status": report.get_status_display()
        }
    messages.error(request, reason)
    form = ReportForm(report, post=request.POST, latest=_latest(report))
    return _render_form(request, report, form, version=report.version, missing={}, status=409, unsavable=True)


def _render_form(
    request, report, form, *, version, missing, status, stale=False, unsavable=False, closed=False, refused=False
) -> HttpResponse:
    comments = _comments_by_section(report)
    response = render(
        request,
        "reporting/report_form.html",
        {
            "plan": report.period.plan,
            "report": report,
            "period": report.period,
            "form": form,
            "version": version,
            "missing": missing,
            "stale": stale,
            "unsavable": unsavable,
            "closed": closed,
            "submit_refused": refused,  # the list of what is missing opens: it is the answer to the click
            "comments": comments,
            "attachment_kinds": Attachment.Kind.choices,
            "upload_form": ExcelUploadForm(),
        },
        status=status,
    )
    _remember_editor(response, request.user)
    return response


def _comments_by_section(report: Report) -> dict[str, list]:
    grouped: dict[str, list] = {value: [] for value in SectionComment.Section.values}
    for comment in report.comments.all():
        grouped.setdefault(comment.section, []).append(comment)
    return grouped


# -- one report, read-only, with the review actions --------------------------------------------------


def report_detail(request, pk: int, *, forms=None, status=200) -> HttpResponse:
    report = _report(request, pk)
    user = request.user
    forms = forms or {}
    last_return = next((e for e in reversed(list(report.events.all())) if e.action == "return"), None)
    can_send_back = rules.has_perm("reporting.send_back_report", user, report)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "plan": report.period.plan,
            "report": report,
            "period": report.period,
            "comments": _comments_by_section(report),
            "sections": SectionComment.Section.choices,
            "can_edit": rules.has_perm("reporting.change_report", user, report),
            "period_closed": _closed_for_owner(user, report),
            "can_review": rules.has_perm("reporting.review_report", user, report),
            "can_reopen": rules.has_perm("reporting.reopen_report", user, report),
            "can_approve": can_send_back and rules.has_perm("reporting.approve_report", user, report),
            "can_send_back": can_send_back,
            "send_back_form": forms.get("send_back") or SendBackForm(),
            "comment_form": forms.get("comment") or CommentForm(),
            "return_form": forms.get("return") or ReturnForm(),
            "reopen_form": forms.get("reopen") or ReopenForm(),
            "last_return": last_return,
            "timeliness": selectors.timeliness(report.period, report),
            "warnings": [f for f in report.figures.all() if f.warning],
            # Each figure with the year's planned target it shows (Decision 29 monitoring columns).
            "figures": selectors.with_year_plans(report, list(report.figures.all())),
            "statistics": selectors.report_statistics(report),
        },
        status=status,
    )


def _review_action(request, pk: int, form_class, key: str, call) -> HttpResponse:
    report = _report(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(report, form.cleaned_data)
        except ValidationError as exc:
            for field, message in _first_messages(exc).items():
                form.add_error(field if field in form.fields else None, message)
        else:
            return None
    return report_detail(request, pk, forms={key: form}, status=400)


@require_POST
def report_comment(request, pk: int) -> HttpResponse:
    def call(report, data):
        services.report_comment(report=report, user=request.user, section=data["section"], text=data["text"])
        messages.success(request, _("Đã ghi ý kiến."))

    return _review_action(request, pk, CommentForm, "comment", call) or redirect(
        f"{reverse('report-detail', args=[pk])}#y-kien"
    )


@require_POST
def report_return(request, pk: int) -> HttpResponse:
    def call(report, data):
        services.report_return(report=report, user=request.user, comment=data["comment"])
        messages.success(request, _("Đã trả lại báo cáo để đơn vị bổ sung."))

    return _review_action(request, pk, ReturnForm, "return", call) or redirect("report-detail", pk=pk)


@require_POST
def report_accept(request, pk: int) -> HttpResponse:
    report = _report(request, pk)
    services.report_accept(report=report, user=request.user)
    messages.success(request, _("Đã tiếp nhận báo cáo."))
    return redirect("report-detail", pk=pk)


@require_POST
def report_reopen(request, pk: int) -> HttpResponse:
    def call(report, data):
        services.report_reopen(report=report, user=request.user, reason=data["reason"])
        messages.success(request, _("Đã mở lại báo cáo; đơn vị có thể sửa và gửi lại."))

    return _review_action(request, pk, ReopenForm, "reopen", call) or redirect("report-detail", pk=pk)


@require_POST
@answered_once  # a double-click on "Phê duyệt" gets the first click's answer, not a refusal
def report_approve(request, pk: int) -> HttpResponse:
    report = _report(request, pk)
    services.report_approve(report=report, user=request.user)
    messages.success(request, _("Đã phê duyệt; báo cáo đã gửi đến Bộ."))
    return redirect("report-approval-queue")


@require_POST
@answered_once
def report_send_back(request, pk: int) -> HttpResponse:
    if not rules.has_perm("reporting.send_back_report", request.user, _report(request, pk)):
        # Refused before the comment is read: only the agency's approver may send a waiting report back.
        raise PermissionDenied(_("Chỉ người phê duyệt của cơ quan trả lại được báo cáo đang chờ phê duyệt."))

    def call(report, data):
        services.report_send_back(report=report, user=request.user, comment=data["comment"])
        messages.success(request, _("Đã trả lại báo cáo để cán bộ sửa và trình lại."))

    return _review_action(request, pk, SendBackForm, "send_back", call) or redirect("report-approval-queue")


@permission_required("reporting.view_approval_queue", raise_exception=True)
def approval_queue(request) -> HttpResponse:
    """The approver's list: the agency's reports that await approval, oldest first."""
    items = selectors.awaiting_approval(
        visible_reports(request.user, Report.objects.filter(agency=request.user.agency))
    )
    return render(request, "reporting/approval_queue.html", {"items": items, "agency": request.user.agency})


# -- attachments, Excel --------------------------------------------------------------------------------


def attachment_download(request, pk: int, attachment_pk: int) -> HttpResponse:
    report = _report(request, pk)
    attachment = get_object_or_404(Attachment, report=report, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        # The row is there but not the file (a database restored without its media folder): say so.
        logger.error("Attachment %s of report %s: file %s is missing", attachment.pk, report.pk, attachment.file.name)
        context = {"name": attachment.original_name, "back_url": reverse("report-detail", args=[report.pk])}
        return render(request, "file_missing.html", context, status=404)
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


@require_POST
def attachment_delete(request, pk: int, attachment_pk: int) -> HttpResponse:
    report = _report(request, pk)
    attachment = get_object_or_404(Attachment, report=report, pk=attachment_pk)
    services.report_detach(attachment=attachment, user=request.user)
    messages.success(request, _("Đã xóa tệp %(name)s.") % {"name": attachment.original_name})
    return redirect(f"{reverse('report-edit', args=[pk])}#tep-dinh-kem")


def excel_download(request, pk: int) -> HttpResponse:
    report = _report(request, pk)
    content = excel.report_workbook_bytes(report)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"bao-cao-{report.period.code}-{report.agency.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def excel_upload(request, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if not rules.has_perm("reporting.change_report", request.user, report):
        raise PermissionDenied(_("Báo cáo này không sửa được."))
    form = ExcelUploadForm(request.POST, request.FILES)
    problems = []
    if form.is_valid():
        result = excel.import_workbook(report=report, user=request.user, file=form.cleaned_data["file"])
        if result.ok:
            messages.success(request, _("Đã nhập số liệu từ tệp Excel và lưu báo cáo."))
            return redirect("report-edit", pk=pk)
        problems = result.errors
    return render(
        request,
        "reporting/excel_errors.html",
        {"plan": report.period.plan, "report": report, "form": form, "problems": problems},
        status=400,
    )


# -- reviewers: periods and their reports --------------------------------------------------------------


@permission_required("reporting.view_accepted_reports", raise_exception=True)
def accepted_reports(request) -> HttpResponse:
    """Every accepted report the reader may open, by period: how a viewer reaches them by clicks."""
    groups = selectors.accepted_reports(visible_reports(request.user, Report.objects.all()))
    return render(request, "reporting/accepted_reports.html", {"groups": groups})


@permission_required("reporting.view_period_reports", raise_exception=True)
def review_index(request) -> HttpResponse:
    plan = _plan_or_404(request)
    periods = list(plan.periods.order_by("-due_date"))
    counts = {
        row["period_id"]: row
        for row in Report.objects.filter(period__plan=plan)
        .values("period_id")
        .annotate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(status=Report.Status.SUBMITTED)),
            accepted=Count("pk", filter=Q(status=Report.Status.ACCEPTED)),
            returned=Count("pk", filter=Q(status=Report.Status.RETURNED)),
            draft=Count("pk", filter=Q(status=Report.Status.DRAFT)),
            pending=Count("pk", filter=Q(status=Report.Status.PENDING_APPROVAL)),
        )
    }
    rows = [(period, counts.get(period.pk, {})) for period in periods]
    return render(request, "reporting/review_index.html", {"plan": plan, "rows": rows})


@permission_required("reporting.view_period_reports", raise_exception=True)
def review_period(request, code: str) -> HttpResponse:
    plan = _plan_or_404(request)
    period = get_object_or_404(ReportingPeriod, plan=plan, code=code)
    rows = selectors.period_reports(period)
    summary = selectors.period_summary(rows)
    wanted = request.GET.get("loc", "")
    if wanted:
        rows = [r for r in rows if wanted in (r.status or "not_started", r.timeliness)]
    return render(
        request,
        "reporting/review_period.html",
        {
            "plan": plan,
            "period": period,
            "rows": rows,
            "summary": summary,
            "wanted": wanted,
            "periods": plan.periods.order_by("-due_date"),
            "filter_choices": [
                *Report.Status.choices,
                ("not_started", _("Chưa lập")),
                *((key, str(label)) for key, label in selectors.Timeliness.labels.items()),
            ],
        },
    )
