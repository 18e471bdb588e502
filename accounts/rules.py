"""Who may see and change what: the one permission module that pages, API, exports and jobs ask.

The roles table, in code:

| role               | may                                                                            |
| ------------------ | ------------------------------------------------------------------------------ |
| reviewer           | see everything; comment on, return and accept submitted reports; the audit trail |
| provincial_officer | national and own-province figures; create, edit, submit its department's reports |
| agency_officer     | update the status of tasks its agency leads or supports (directly or through a |
|                    | collective); create, edit, submit its agency's reports                          |
| viewer             | dashboards and accepted reports; changes nothing                                |
| approver           | its agency's reports; approves (sends on to the ministry) or sends back those   |
|                    | awaiting approval, where the agency turned the step on (Agency.requires_approval) |
| admin              | users, agencies, collectives, reporting periods; export; reopen an accepted     |
|                    | report; sees what it manages (every report, the audit trail)                    |

An officer changes, submits or starts a report only while its period takes work from the agency
(``period_accepts``: open, an extension granted to the agency, or a returned report's corrections).

Predicates are django-rules predicates; object rules take the object (a report, a task, an agency).
Pages that open one object go through ``get_visible_or_404`` and lists through ``visible``, so a user
who may not see a row gets a 404, as if it did not exist. A deactivated user holds no role.
"""

import datetime
from collections.abc import Callable

import rules
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Role
from agencies.models import Agency
from agencies.selectors import monitoring_agency_ids
from plan808.clock import hanoi_today
from reporting.models import PeriodException
from tasks.responsibility import Reading, answers_for_task

REVIEWER = Role.Code.REVIEWER
PROVINCIAL_OFFICER = Role.Code.PROVINCIAL_OFFICER
AGENCY_OFFICER = Role.Code.AGENCY_OFFICER
VIEWER = Role.Code.VIEWER
ADMIN = Role.Code.ADMIN
APPROVER = Role.Code.APPROVER
EDITABLE_STATUSES = {"draft", "returned"}
# A report the ministry has had once, back for corrections (returned) or on its way back (pending approval).
CORRECTION_STATUSES = {"returned", "pending_approval"}


def monitoring_body_ids(day: datetime.date | None = None) -> set[int]:
    """The plan's monitoring body: the agencies of MONITORING_AGENCIES and those that took their duties
    over (``agencies.Succession``: Cục Bảo trợ xã hội, Bộ Y tế, from 1 March 2025); on ``day``, those
    existing that day, so the reviewers of a period sit where the monitoring body was on its due date.
    """
    return monitoring_agency_ids(settings.MONITORING_AGENCIES, day)


def monitors_the_plan(agency, day: datetime.date | None = None) -> bool:
    """The agency is (or, on ``day``, was then) the plan's monitoring body, the only home of reviewers."""
    return agency is not None and agency.pk in monitoring_body_ids(day)


@rules.predicate
def works_for_monitoring_body(user) -> bool:
    agency = getattr(user, "agency", None)
    if agency is None:
        return False
    # Asked several times per request (every permission of a page): read once per user object.
    cached = getattr(user, "_monitors_the_plan", None)
    if cached is None or cached[0] != agency.pk:
        cached = (agency.pk, monitors_the_plan(agency))
        user._monitors_the_plan = cached
    return cached[1]


def _has(code):
    @rules.predicate(name=f"has_role_{code}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(code))

    return predicate


# The reviewer role counts only in the monitoring body, so a role given elsewhere (before the users
# page refused it, or through the database) reviews and sees nothing more than the user's other roles.
is_reviewer = _has(REVIEWER) & works_for_monitoring_body
is_provincial_officer = _has(PROVINCIAL_OFFICER)
is_agency_officer = _has(AGENCY_OFFICER)
is_viewer = _has(VIEWER)
is_admin = _has(ADMIN)
is_approver = _has(APPROVER)
is_officer = is_provincial_officer | is_agency_officer
has_any_role = is_reviewer | is_officer | is_viewer | is_admin | is_approver
sees_everything = is_reviewer | is_admin


def agency_id_of(obj) -> int | None:
    """The agency an object belongs to: an agency itself, a row with ``agency_id``, or a report's part."""
    if obj is None:
        return None
    if isinstance(obj, Agency):
        return obj.pk
    if hasattr(obj, "agency_id"):
        return obj.agency_id
    report = getattr(obj, "report", None)
    return getattr(report, "agency_id", None)


@rules.predicate
def is_own_agency(user, obj) -> bool:
    """The object belongs to the user's agency (obj is an agency, has ``agency_id``, or has a ``report``)."""
    if obj is None or not user.is_authenticated or user.agency_id is None:
        return False
    return agency_id_of(obj) == user.agency_id


@rules.predicate
def officer_fits_agency(user) -> bool:
    """A provincial officer works for a province's department (Sở LĐTBXH, Sở Y tế); an agency officer for any other agency."""
    agency = getattr(user, "agency", None)
    if agency is None:
        return False
    if agency.is_provincial_department:
        return user.has_role(PROVINCIAL_OFFICER)
    return user.has_role(AGENCY_OFFICER)


def _status_of(obj) -> str | None:
    """A report's status; for a part of a report (figure, task progress, attachment), its report's."""
    if obj is None:
        return None
    if hasattr(obj, "status") and hasattr(obj, "period_id"):
        return obj.status
    report = getattr(obj, "report", None)
    return getattr(report, "status", None)


@rules.predicate
def report_is_editable(user, report) -> bool:
    return _status_of(report) in EDITABLE_STATUSES


# -- the reporting periods: when a report may be changed -------------------------------------------


def period_extension(period, agency_id: int | None):
    """The exception an admin granted ``agency_id`` to work in the closed ``period``, if it still runs.

    It runs to the end of its day in Hà Nội.
    """
    if agency_id is None:
        return None
    known = getattr(period, RUNNING_EXTENSIONS, None)
    if known is not None and agency_id in known:  # read in bulk for a list of periods (with_running_extensions)
        return known[agency_id]
    return running_extensions(agency_id).filter(period=period).first()


# Where with_running_extensions leaves, on a period, the extension each agency it read has there (or None).
RUNNING_EXTENSIONS = "_running_extensions"


def running_extensions(agency_id: int):
    """The agency's extensions that still run (to the end of their day in Hà Nội), first granted first."""
    return PeriodException.objects.filter(agency_id=agency_id, until__gte=hanoi_today()).order_by("pk")


def with_running_extensions(periods, agency_id: int):
    """``periods`` with the agency's running extension of each read in one query, for ``period_extension``."""
    periods = list(periods)
    found = {}
    for exception in running_extensions(agency_id).filter(period__in=[p.pk for p in periods]):
        found.setdefault(exception.period_id, exception)
    for period in periods:
        known = getattr(period, RUNNING_EXTENSIONS, None) or {}
        known[agency_id] = found.get(period.pk)
        setattr(period, RUNNING_EXTENSIONS, known)
    return periods


def period_accepts(period, agency_id: int | None, report=None) -> bool:
    """Whether ``period`` takes work from the agency now: open, or an exception runs, or a returned report.

    A report the reviewer returned may always be corrected and sent again: closing the period stops
    new submissions, not the corrections the ministry itself asked for; so may the corrected report
    that waits for the agency's approval on its way back.
    """
    if period.is_open:
        return True
    if report is not None and report.status in CORRECTION_STATUSES and report.first_submitted_at is not None:
        return True
    return period_extension(period, agency_id) is not None


def _report_of(obj):
    """A report, or the report a part (figure, task progress, attachment) belongs to."""
    if obj is None or (hasattr(obj, "status") and hasattr(obj, "period_id")):
        return obj
    return getattr(obj, "report", None)


@rules.predicate
def period_takes_report(user, report) -> bool:
    """The report's period takes work from its agency now (``period_accepts``)."""
    report = _report_of(report)
    return report is not None and period_accepts(report.period, report.agency_id, report)


@rules.predicate
def period_takes_own_report(user, period) -> bool:
    """``period`` takes a new report from the user's agency now (``period_accepts``)."""
    return period is not None and user.is_authenticated and period_accepts(period, user.agency_id)


@rules.predicate
def report_is_submitted(user, report) -> bool:
    return _status_of(report) == "submitted"


@rules.predicate
def report_awaits_approval(user, report) -> bool:
    return _status_of(report) == "pending_approval"


@rules.predicate
def report_is_accepted(user, report) -> bool:
    return _status_of(report) == "accepted"


@rules.predicate
def is_responsible_for_task(user, task) -> bool:
    """The user's agency answers for ``task`` as written or as reported (``tasks.responsibility``).

    So a People's Committee's officer answers for the committee's tasks, and so does its DOLISA's,
    which reports them; agencies of any date, tasks of any year.
    """
    agency = getattr(user, "agency", None)
    if agency is None or task is None:
        return False
    return answers_for_task(agency, task, Reading.EITHER) is not None


@rules.predicate
def is_own_province(user, province) -> bool:
    """``province`` (a People's Committee, or any agency of a province) is the user's province."""
    agency = getattr(user, "agency", None)
    if agency is None or province is None:
        return False
    own = agency.province
    other = getattr(province, "province", None)
    return own is not None and other is not None and own.pk == other.pk


@rules.predicate
def may_report_for(user, agency) -> bool:
    """The user may start its own agency's report (``agency`` is the reporting agency, or None for its own)."""
    return agency is None or agency_id_of(agency) == user.agency_id


@rules.predicate
def is_export_requester(user, job) -> bool:
    """The user asked for this export (an ``exports.ExportJob``)."""
    return job is not None and user.is_authenticated and getattr(job, "requested_by_id", None) == user.pk


# -- reports --------------------------------------------------------------------------------------
can_view_report = sees_everything | ((is_officer | is_approver) & is_own_agency) | (is_viewer & report_is_accepted)
can_create_report = is_officer & officer_fits_agency & may_report_for
# "May this user change this report now": its own agency's, by status, and while the period takes it.
officer_of_report = is_officer & officer_fits_agency & is_own_agency
owns_editable_report = officer_of_report & report_is_editable
can_edit_report = owns_editable_report & period_takes_report
can_submit_report = can_edit_report
can_start_report = is_officer & officer_fits_agency & period_takes_own_report  # the object is the period
# Comment, return, accept; reopen. Nobody judges a report of their own agency.
can_review_report = is_reviewer & report_is_submitted & ~is_own_agency
can_reopen_report = is_admin & report_is_accepted & ~is_own_agency
# The agency's internal approval: its approver sends a report awaiting approval on to the ministry
# while the period takes the agency's work (the ministry receives it then), or back to the officer
# at any time. Whether a report goes through it is the agency's setting, read when the officer sends;
# a report already waiting stays waiting if the setting is turned off (reporting/README.md).
approver_of_report = is_approver & is_own_agency
can_send_back_report = approver_of_report & report_awaits_approval
can_approve_report = can_send_back_report & period_takes_report

# -- tasks, figures, administration ---------------------------------------------------------------
# The table gives task status to agency officers; a DOLISA reports its progress inside its report.
can_update_task_status = is_agency_officer & officer_fits_agency & is_responsible_for_task
can_view_dashboard = has_any_role
can_view_province_figures = sees_everything | is_viewer | (is_provincial_officer & is_own_province)

rules.add_perm("reporting.view_report", can_view_report)
rules.add_perm("reporting.add_report", can_create_report)
rules.add_perm("reporting.change_report", can_edit_report)
rules.add_perm("reporting.submit_report", can_submit_report)
rules.add_perm("reporting.start_report", can_start_report)
rules.add_perm("reporting.review_report", can_review_report)
rules.add_perm("reporting.reopen_report", can_reopen_report)
rules.add_perm("reporting.approve_report", can_approve_report)
rules.add_perm("reporting.send_back_report", can_send_back_report)
# The approver's list of the agency's reports awaiting approval.
rules.add_perm("reporting.view_approval_queue", is_approver)
rules.add_perm("tasks.update_task_status", can_update_task_status)
# The dashboards' own tables as Excel: whoever sees the dashboards may take their figures away.
rules.add_perm("reporting.export_dashboard", has_any_role)
rules.add_perm("reporting.view_dashboard", can_view_dashboard)
rules.add_perm("reporting.view_province_figures", can_view_province_figures)
# Admins export anything; an officer may export its own agency's report as PDF (the object is the agency),
# and so may its approver, to read the document as it will be issued before approving it.
rules.add_perm("reporting.export", is_admin | (((is_officer & officer_fits_agency) | is_approver) & is_own_agency))
rules.add_perm("exports.download_export", is_admin | is_export_requester)
# Issuing the consolidated report (frozen, exports.IssuedReport) and accepting its signed copy: the
# ministry's reviewers and the admins; they alone read the issued reports' pages.
rules.add_perm("exports.issue_report", is_admin | is_reviewer)
rules.add_perm("exports.view_issued_report", is_admin | is_reviewer)
# The consolidated report's draft (exports.ConsolidatedDraft): the ministry's reviewers and the admins
# write it, render it (PDF, and the workbook holding the agencies' texts) and read its versions.
rules.add_perm("exports.change_draft", is_admin | is_reviewer)
rules.add_perm("notifications.send_reminders", is_admin)
rules.add_perm("notifications.view_reminder_log", sees_everything)
# Everyone signed in chooses how the emails of a report's steps reach them (one each, or a daily digest).
rules.add_perm("notifications.change_own_notice_email", rules.is_authenticated)
rules.add_perm("reporting.manage_periods", is_admin)
# The review pages: every expected report of a period, with its status and timeliness.
rules.add_perm("reporting.view_period_reports", sees_everything)
# The list of accepted reports, for readers who do not review (viewers): each row is one they may open.
rules.add_perm("reporting.view_accepted_reports", is_viewer | sees_everything)
rules.add_perm("agencies.manage_agencies", is_admin)
rules.add_perm("accounts.manage_users", is_admin)
rules.add_perm("accounts.view_audit", sees_everything)

# Django admin pages for what the admin role manages. User.has_perm asks these rules even for a
# superuser, so the superuser is named here. No delete: users are deactivated, and plan elements
# change with a reason or through the plan file.
manages_in_admin = is_admin | rules.is_superuser
for _label in (
    "agencies.agency",
    "agencies.collective",
    "agencies.succession",
    "agencies.reportingdepartment",
    "reporting.reportingperiod",
    "reporting.periodexception",
):
    _app, _model = _label.split(".")
    for _action in ("view", "add", "change"):
        rules.add_perm(f"{_app}.{_action}_{_model}", manages_in_admin)
# Users are managed on the users page (accounts.services, the roles table, the trail). The admin's
# user form also sets is_superuser, staff status, Django permissions and anyone's password, which no
# portal role may do: admins only read users there (and run the deactivate/reactivate actions, which
# call the services); adding and changing them in the admin is the superuser's, as a last resort.
rules.add_perm("accounts.view_user", manages_in_admin)
rules.add_perm("accounts.add_user", rules.is_superuser)
rules.add_perm("accounts.change_user", rules.is_superuser)
for _label in ("tasks.plan", "tasks.taskgroup", "tasks.task", "tasks.activity", "tasks.responsibility"):
    _app, _model = _label.split(".")
    rules.add_perm(f"{_app}.view_{_model}", manages_in_admin)
    rules.add_perm(f"{_app}.change_{_model}", manages_in_admin)
for _model in ("indicator", "target"):
    rules.add_perm(f"indicators.view_{_model}", manages_in_admin)
    rules.add_perm(f"indicators.change_{_model}", manages_in_admin)
# The admin index lists an app to whoever has its module permission (rules asks for the bare label).
for _app in ("agencies", "tasks", "indicators", "reporting", "accounts"):
    rules.add_perm(_app, manages_in_admin)


# -- what a user may list and open ----------------------------------------------------------------


def visible_reports(user, reports: QuerySet, prefix: str = "") -> QuerySet:
    """The rows of ``reports`` the user may open; the rest answer 404, as if they did not exist.

    ``prefix`` scopes a queryset of a report's parts through its path to the report ("report__").
    """
    if not user.is_authenticated:
        return reports.none()
    if sees_everything(user):
        return reports
    visible = Q(pk__in=[])
    if (is_officer(user) or is_approver(user)) and user.agency_id:
        visible |= Q(**{f"{prefix}agency_id": user.agency_id})
    if is_viewer(user):
        visible |= Q(**{f"{prefix}status": "accepted"})
    return reports.filter(visible)


def visible_task_status_updates(user, updates: QuerySet) -> QuerySet:
    """Status updates between reports: everyone who reads the dashboards sees them; an officer, its agency's."""
    if not user.is_authenticated:
        return updates.none()
    if sees_everything(user) or is_viewer(user):
        return updates
    if is_officer(user) and user.agency_id:
        return updates.filter(agency_id=user.agency_id)
    return updates.none()


def visible_period_exceptions(user, exceptions: QuerySet) -> QuerySet:
    if not user.is_authenticated:
        return exceptions.none()
    if sees_everything(user):
        return exceptions
    if user.agency_id:
        return exceptions.filter(agency_id=user.agency_id)
    return exceptions.none()


def _parts_of_reports(user, queryset: QuerySet) -> QuerySet:
    return visible_reports(user, queryset, prefix="report__")


def _public(user, queryset: QuerySet) -> QuerySet:
    return queryset if user.is_authenticated else queryset.none()


# Model label -> the scope of its rows. The plan, agencies, indicators and periods are public
# documents to every signed-in user; whatever belongs to an agency is scoped to who may see it.
# A model missing here makes ``visible`` fail loudly, so a new agency-owned model cannot leak.
SCOPES: dict[str, Callable[..., QuerySet]] = {
    "reporting.report": visible_reports,
    "reporting.indicatorfigure": _parts_of_reports,
    "reporting.taskprogress": _parts_of_reports,
    "reporting.attachment": _parts_of_reports,
    "reporting.sectioncomment": _parts_of_reports,
    "reporting.reportevent": _parts_of_reports,
    "reporting.taskstatusupdate": visible_task_status_updates,
    "reporting.periodexception": visible_period_exceptions,
    "reporting.reportingperiod": _public,
    "agencies.agency": _public,
    "agencies.collective": _public,
    "agencies.succession": _public,
    "agencies.reportingdepartment": _public,
    "tasks.plan": _public,
    "tasks.taskgroup": _public,
    "tasks.task": _public,
    "tasks.activity": _public,
    "tasks.responsibility": _public,
    "indicators.indicator": _public,
    "indicators.target": _public,
}


def register_scope(label: str, scope: Callable[..., QuerySet]) -> None:
    """Declare how rows of a model are scoped (``scope(user, queryset) -> queryset``); for new apps' models."""
    SCOPES[label.lower()] = scope


def visible(user, queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` that ``user`` may see, by the scope of its model."""
    label = queryset.model._meta.label_lower
    scope = SCOPES.get(label)
    if scope is None:
        raise ImproperlyConfigured(
            f"accounts.rules has no scope for {label}: add it to SCOPES (or register_scope) before listing it."
        )
    return scope(user, queryset)


def get_visible_or_404(user, queryset: QuerySet, **lookup):
    """The one object matching ``lookup`` among those ``user`` may see; 404 otherwise, even if it exists."""
    try:
        return visible(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404(f"Không tìm thấy {queryset.model._meta.verbose_name}.") from exc
