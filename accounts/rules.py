"""Who may see and change what: the one permission module that pages, API, exports and jobs ask.

Predicates are django-rules predicates; object rules take the object (a report, a task, an agency).
Querysets that list objects go through ``visible_reports`` and friends, so a user who may not see a
row gets a 404 rather than the row. Roles are in ``accounts.models.Role``.
"""

import rules
from django.db.models import Q, QuerySet

from accounts.models import Role

REVIEWER = Role.Code.REVIEWER
PROVINCIAL_OFFICER = Role.Code.PROVINCIAL_OFFICER
AGENCY_OFFICER = Role.Code.AGENCY_OFFICER
VIEWER = Role.Code.VIEWER
ADMIN = Role.Code.ADMIN
EDITABLE_STATUSES = {"draft", "returned"}


def _has(code):
    @rules.predicate(name=f"has_role_{code}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(code))

    return predicate


is_reviewer = _has(REVIEWER)
is_provincial_officer = _has(PROVINCIAL_OFFICER)
is_agency_officer = _has(AGENCY_OFFICER)
is_viewer = _has(VIEWER)
is_admin = _has(ADMIN)
is_officer = is_provincial_officer | is_agency_officer
has_any_role = is_reviewer | is_officer | is_viewer | is_admin
sees_everything = is_reviewer | is_admin


@rules.predicate
def is_own_agency(user, obj) -> bool:
    """The object belongs to the user's agency (obj is an agency, or has ``agency_id``)."""
    if obj is None or not user.is_authenticated or user.agency_id is None:
        return False
    agency_id = getattr(obj, "agency_id", None) if not hasattr(obj, "kind") else obj.pk
    return agency_id == user.agency_id


@rules.predicate
def officer_fits_agency(user, obj) -> bool:
    """A provincial officer works for a DOLISA; an agency officer for any other agency."""
    agency = getattr(user, "agency", None)
    if agency is None:
        return False
    if agency.kind == "provincial_dolisa":
        return user.has_role(PROVINCIAL_OFFICER)
    return user.has_role(AGENCY_OFFICER)


@rules.predicate
def report_is_editable(user, report) -> bool:
    return report is not None and report.status in EDITABLE_STATUSES


@rules.predicate
def report_is_submitted(user, report) -> bool:
    return report is not None and report.status == "submitted"


@rules.predicate
def report_is_accepted(user, report) -> bool:
    return report is not None and report.status == "accepted"


@rules.predicate
def is_responsible_for_task(user, task) -> bool:
    """The user's agency leads or supports ``task``, directly or through a collective."""
    from tasks.selectors import collectives_including

    agency = getattr(user, "agency", None)
    if agency is None or task is None:
        return False
    parties = [agency]
    if agency.kind == "provincial_dolisa" and agency.parent_id:
        parties.append(agency.parent)  # a DOLISA carries out its People's Committee's tasks
    collective_ids = {c.pk for party in parties for c in collectives_including(party)}
    return task.responsibilities.filter(Q(agency__in=parties) | Q(collective_id__in=collective_ids)).exists()


@rules.predicate
def is_own_province(user, province) -> bool:
    agency = getattr(user, "agency", None)
    return bool(agency and province is not None and agency.province is not None and agency.province.pk == province.pk)


@rules.predicate
def is_export_requester(user, job) -> bool:
    """The user asked for this export (an ``exports.ExportJob``)."""
    return job is not None and user.is_authenticated and getattr(job, "requested_by_id", None) == user.pk


can_view_report = sees_everything | (is_officer & is_own_agency) | (is_viewer & report_is_accepted)
can_edit_report = is_officer & officer_fits_agency & is_own_agency & report_is_editable
can_submit_report = can_edit_report
can_review_report = is_reviewer & report_is_submitted  # comment, return, accept
can_reopen_report = is_admin & report_is_accepted

rules.add_perm("reporting.view_report", can_view_report)
rules.add_perm("reporting.change_report", can_edit_report)
rules.add_perm("reporting.submit_report", can_submit_report)
rules.add_perm("reporting.review_report", can_review_report)
rules.add_perm("reporting.reopen_report", can_reopen_report)
rules.add_perm("tasks.update_task_status", is_officer & is_responsible_for_task)
# The dashboards' own tables as Excel: whoever sees the dashboards may take their figures away.
rules.add_perm("reporting.export_dashboard", has_any_role)
rules.add_perm("reporting.view_dashboard", has_any_role)
rules.add_perm(
    "reporting.view_province_figures", sees_everything | is_viewer | (is_provincial_officer & is_own_province)
)
# Admins export anything; an officer may export its own agency's report as PDF (the object is the agency).
rules.add_perm("reporting.export", is_admin | (is_officer & officer_fits_agency & is_own_agency))
rules.add_perm("exports.download_export", is_admin | is_export_requester)
rules.add_perm("notifications.send_reminders", is_admin)
rules.add_perm("notifications.view_reminder_log", sees_everything)
rules.add_perm("reporting.manage_periods", is_admin)
rules.add_perm("accounts.manage_users", is_admin)
rules.add_perm("accounts.view_audit", sees_everything)


def visible_reports(user, reports: QuerySet) -> QuerySet:
    """The rows of ``reports`` the user may open; the rest answer 404, as if they did not exist."""
    if not user.is_authenticated:
        return reports.none()
    if sees_everything(user):
        return reports
    visible = Q(pk__in=[])
    if is_officer(user) and user.agency_id:
        visible |= Q(agency_id=user.agency_id)
    if is_viewer(user):
        visible |= Q(status="accepted")
    return reports.filter(visible)
