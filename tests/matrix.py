"""The permission matrix: every page and action of the portal, for every role, in ONE table.

``tests/test_permission_matrix.py`` turns each row into one test per role, and fails when a named
URL of the portal's own apps has no row, so a new page cannot be forgotten. Add a page with one line:

    row("report-detail", kwargs=lambda w: {"pk": w.report("so-ldtbxh-ha-noi").pk},
        default=NOT_FOUND, reviewer=OK, admin=OK, hanoi=OK),

- ``url``: a URL name (namespaced as "api:report-list" where it is), with ``kwargs`` (a dict, or a
  callable taking the World below); or ``path=`` a callable building the whole path.
- ``method``: "get" (default), "post", ... with ``data`` (a dict or a callable taking the World).
- the roles: anon, reviewer, hanoi (Sở LĐTBXH Hà Nội), hcm (Sở LĐTBXH TP Hồ Chí Minh), police
  (Bộ Công an), viewer (Văn phòng Chính phủ), admin, approver (Hà Nội's approver alone) and
  hanoi_approver (an officer of Hà Nội who also approves). Each gets ``default`` unless named, except
  hanoi_approver, who gets what hanoi gets unless named (the officer's rights plus the approver's);
  anon gets LOGIN (a redirect to the login page) unless named. Cross-agency: build the URL for hanoi's object
  and expect NOT_FOUND for hcm and police.
- expected: OK (200), REDIRECT (302 anywhere but the login page), LOGIN, FORBIDDEN (403),
  NOT_FOUND (404), NOT_ALLOWED (405), or any other int status.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

OK = 200
REDIRECT = 302
LOGIN = "login"
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405

ROLES = ("anon", "reviewer", "hanoi", "hcm", "police", "viewer", "admin", "approver", "hanoi_approver")


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    expect: dict[str, Any]
    kwargs: dict | Callable | None = None
    path: Callable | None = None
    data: dict | Callable | None = None
    query: str = ""
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}{'[' + self.label + ']' if self.label else ''}-{self.method}"


def row(
    name: str,
    method: str = "get",
    *,
    kwargs=None,
    path=None,
    data=None,
    query: str = "",
    label: str = "",
    default=None,
    anon=LOGIN,
    **by_role,
) -> Row:
    unknown = set(by_role) - set(ROLES)
    if unknown:
        raise ValueError(f"{name}: unknown roles {sorted(unknown)}; roles are {ROLES}")
    expect = {"anon": anon}
    for role in ROLES[1:]:
        value = by_role.get(role, by_role.get("hanoi", default) if role == "hanoi_approver" else default)
        if value is None:
            raise ValueError(f"{name}: no expectation for role {role!r} (give it, or default=)")
        expect[role] = value
    return Row(name, method.lower(), expect, kwargs, path, data, query, label)


class World:
    """What a row's URL or data may need: the cast of users and objects made on demand for a test."""

    def __init__(self, cast: dict):
        self.users = cast
        self._cache: dict = {}

    def user(self, role: str):
        return self.users[role]

    def agency(self, code: str):
        from agencies.models import Agency

        return Agency.objects.get(code=code)

    def target(self, code: str):
        from indicators.models import Target

        return Target.objects.get(plan__code="808/QĐ-LĐTBXH", code=code)

    def period(self, code: str = "2025-H1"):
        """A reporting period of the loaded plan ("2025-H1" or "2025-FY"), made if missing."""
        from reporting.models import ReportingPeriod
        from tasks.models import Plan
        from tests import factories

        plan = Plan.objects.get(code="808/QĐ-LĐTBXH")
        return ReportingPeriod.objects.filter(plan=plan, code=code).first() or factories.period(plan, code)

    def report(self, agency_code: str, status: str = "draft", period: str = "2025-H1"):
        """The agency's report for the period, with the given status."""
        from reporting.models import Report

        key = ("report", agency_code, period)
        if key not in self._cache:
            report, _ = Report.objects.get_or_create(agency=self.agency(agency_code), period=self.period(period))
            self._cache[key] = report
        report = self._cache[key]
        if report.status != status:
            report.status = status
            report.save(update_fields=["status"])
        return report


def _reset_link(w: World) -> dict:
    # A made-up token: the page answers 200 with "invalid link" to anyone, signed in or not.
    return {"uidb64": "MQ", "token": "sai-ma"}


def _new_user(w: World) -> dict:
    return {
        "username": "moi",
        "email": "moi@example.gov.vn",
        "agency": w.agency("so-ldtbxh-ha-noi").pk,
        "roles": ["provincial_officer"],
        "password1": "Mat-khau-Rat-Dai-2025",
        "password2": "Mat-khau-Rat-Dai-2025",
    }


def _hanoi_pk(w: World) -> dict:
    return {"pk": w.user("hanoi").pk}


def _hanoi_export(w: World) -> dict:
    """A finished PDF export of Hà Nội's 2025-H1 report, asked for by Hà Nội's officer."""
    from django.core.files.base import ContentFile

    from exports.models import ExportJob

    key = ("export", "hanoi")
    if key not in w._cache:
        job = ExportJob.objects.create(
            kind=ExportJob.Kind.PDF_AGENCY,
            period=w.period(),
            agency=w.agency("so-ldtbxh-ha-noi"),
            status=ExportJob.Status.DONE,
            requested_by=w.user("hanoi"),
        )
        job.file.save("ha-noi-2025-h1.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True)
        w._cache[key] = job
    return {"pk": w._cache[key].pk}


def _issued(w: World) -> dict:
    """A consolidated report of 2025-H1 as issued by the reviewer (not signed)."""
    from django.core.files.base import ContentFile

    from exports.models import ExportJob
    from exports.services import issued_report_issue

    key = ("issued",)
    if key not in w._cache:
        job = ExportJob.objects.create(
            kind=ExportJob.Kind.PDF_CONSOLIDATED,
            period=w.period(),
            status=ExportJob.Status.DONE,
            requested_by=w.user("admin"),
        )
        job.file.save("tong-hop-2025-h1.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True)
        w._cache[key] = issued_report_issue(user=w.user("reviewer"), job=job, number="1")
    return {"pk": w._cache[key].pk}


def _draft(w: World) -> dict:
    """The consolidated report's draft of 2025-H1, made by the reviewer (version 1)."""
    from exports.services import draft_create

    key = ("draft",)
    if key not in w._cache:
        w._cache[key] = draft_create(user=w.user("reviewer"), period=w.period())
    return {"period_pk": w._cache[key].period_id}


def _draft_version(w: World) -> dict:
    return {**_draft(w), "number": 1}


def _hanoi_notification(w: World) -> dict:
    from notifications.models import Notification

    notification = Notification.objects.create(user=w.user("hanoi"), title="Nhắc hạn báo cáo", url="/")
    return {"pk": notification.pk}


ALL_SIGNED_IN = {"default": OK}

ROWS: list[Row] = [
    # -- the plan, agencies, indicators: public documents for everyone signed in -------------------
    row("home", **ALL_SIGNED_IN),  # the national dashboard for every role
    row("plan-overview", **ALL_SIGNED_IN),
    row("task-detail", kwargs={"code": "1.1"}, **ALL_SIGNED_IN),
    row("task-detail", kwargs={"code": "9.9"}, label="missing", default=NOT_FOUND),
    row("agency-directory", **ALL_SIGNED_IN),
    row("agency-detail", kwargs={"code": "bo-cong-an"}, **ALL_SIGNED_IN),
    row("indicator-list", **ALL_SIGNED_IN),
    # -- dashboards: figures for every role; province figures for the ministry, readers, the own province
    row("dashboards:national", kwargs=lambda w: w.period() and {}, **ALL_SIGNED_IN),
    row(
        "dashboards:national",
        kwargs=lambda w: w.period() and {},
        query="?tam_tinh=1",
        label="provisional",
        **ALL_SIGNED_IN,
    ),
    row("dashboards:targets-periods", kwargs=lambda w: w.period() and {}, **ALL_SIGNED_IN),
    row("dashboards:targets-periods-excel", kwargs=lambda w: w.period() and {}, **ALL_SIGNED_IN),
    row(
        "dashboards:provinces", kwargs=lambda w: w.period() and {}, default=FORBIDDEN, reviewer=OK, viewer=OK, admin=OK
    ),
    # Decision 29's planned vs achieved per agency: every agency's figures, so as the provinces' table.
    row(
        "dashboards:plan-achieved",
        kwargs=lambda w: w.period() and {},
        default=FORBIDDEN,
        reviewer=OK,
        viewer=OK,
        admin=OK,
    ),
    row(
        "dashboards:plan-achieved-excel",
        kwargs=lambda w: w.period() and {},
        default=FORBIDDEN,
        reviewer=OK,
        viewer=OK,
        admin=OK,
    ),
    row(
        "dashboards:province",
        kwargs=lambda w: w.period() and {"code": "so-ldtbxh-ha-noi"},
        default=FORBIDDEN,
        reviewer=OK,
        viewer=OK,
        admin=OK,
        hanoi=OK,
    ),
    row("dashboards:province", kwargs={"code": "no-such-dolisa"}, label="missing", default=NOT_FOUND),
    row("dashboards:tasks", kwargs=lambda w: w.period() and {}, **ALL_SIGNED_IN),
    row("dashboards:task", kwargs=lambda w: w.period() and {"code": "2.1"}, **ALL_SIGNED_IN),
    row("dashboards:task", kwargs=lambda w: w.period() and {"code": "9.9"}, label="missing", default=NOT_FOUND),
    row("dashboards:submissions", kwargs=lambda w: w.period() and {}, **ALL_SIGNED_IN),
    row("dashboards:submissions", label="no period yet", **ALL_SIGNED_IN),
    row("dashboards:statistics", kwargs=lambda w: w.period() and {}, **ALL_SIGNED_IN),
    row(
        "dashboards:statistics",
        kwargs=lambda w: w.period() and {},
        query="?chi_so=khong-co",
        label="unknown item",
        **ALL_SIGNED_IN,
    ),
    row("dashboards:statistics-excel", kwargs=lambda w: w.period() and {}, **ALL_SIGNED_IN),
    # -- exports: admins export anything; an officer its own agency's report; files only to who asked
    # An agency's approver exports the agency's PDF too (to read it as it will be issued).
    row("export-list", default=FORBIDDEN, hanoi=OK, hcm=OK, police=OK, admin=OK, approver=OK),
    # The file is the requester's: Hà Nội's other officer (who also approves) does not see it.
    row("export-detail", kwargs=_hanoi_export, default=NOT_FOUND, hanoi=OK, admin=OK, hanoi_approver=NOT_FOUND),
    row("export-download", kwargs=_hanoi_export, default=NOT_FOUND, hanoi=OK, admin=OK, hanoi_approver=NOT_FOUND),
    # -- issued reports (frozen) and their signed copies: the ministry's reviewers and the admins
    row("issued-list", default=FORBIDDEN, reviewer=OK, admin=OK),
    row("issued-list", "post", data={"job": "", "number": ""}, default=FORBIDDEN, reviewer=OK, admin=OK),
    row("issued-detail", kwargs=_issued, default=FORBIDDEN, reviewer=OK, admin=OK),
    row("issued-detail", "post", kwargs=_issued, data={}, default=FORBIDDEN, reviewer=400, admin=400),
    row("issued-download", kwargs=_issued, default=FORBIDDEN, reviewer=OK, admin=OK),
    row("issued-signed-download", kwargs=_issued, default=FORBIDDEN, reviewer=NOT_FOUND, admin=NOT_FOUND),
    # -- the consolidated report's draft: the ministry's reviewers and the admins write it
    row("draft-list", default=FORBIDDEN, reviewer=OK, admin=OK),
    row("draft-page", kwargs=_draft, default=FORBIDDEN, reviewer=OK, admin=OK),
    row("draft-page", "post", kwargs=_draft, data={}, default=FORBIDDEN, reviewer=400, admin=400),
    row("draft-refill", kwargs=_draft, default=FORBIDDEN, reviewer=REDIRECT, admin=REDIRECT),
    row("draft-refill", "post", kwargs=_draft, data={}, default=FORBIDDEN, reviewer=REDIRECT, admin=REDIRECT),
    row("draft-history", kwargs=_draft, default=FORBIDDEN, reviewer=OK, admin=OK),
    row("draft-version", kwargs=_draft_version, default=FORBIDDEN, reviewer=OK, admin=OK),
    # -- notifications: one's own; the reminder log for ministry staff
    row("notification-list", **ALL_SIGNED_IN),
    row(
        "notification-open",
        "post",
        kwargs=_hanoi_notification,
        default=NOT_FOUND,
        hanoi=REDIRECT,
        hanoi_approver=NOT_FOUND,  # one's own notices only
    ),
    row("notification-read-all", "post", default=REDIRECT),
    row("notification-settings", **ALL_SIGNED_IN),
    row("notification-settings", "post", data={"notice_email": "digest"}, default=REDIRECT),
    row("reminder-log", default=FORBIDDEN, reviewer=OK, admin=OK),
    # -- accounts -----------------------------------------------------------------------------------
    row("login", anon=OK, default=REDIRECT),
    # -- operations: the health check answers a monitor, signed in or not, and names no data
    row("health", anon=OK, default=OK),
    row("logout", "post", default=REDIRECT),
    row("logout", label="get", default=NOT_ALLOWED),
    row("password_change", **ALL_SIGNED_IN),
    row("password_change_done", **ALL_SIGNED_IN),
    row("password_reset", anon=OK, default=OK),
    row("password_reset_done", anon=OK, default=OK),
    row("password_reset_confirm", kwargs=_reset_link, anon=OK, default=OK),
    row("password_reset_complete", anon=OK, default=OK),
    row("set_language", "post", data={"language": "vi", "next": "/"}, anon=REDIRECT, default=REDIRECT),
    # -- users page: admins only ---------------------------------------------------------------------
    row("user-list", default=FORBIDDEN, admin=OK),
    row("user-list", query="?q=ha&role=provincial_officer&active=1", label="filtered", default=FORBIDDEN, admin=OK),
    row("user-create", default=FORBIDDEN, admin=OK),
    row("user-create", "post", data=_new_user, default=FORBIDDEN, admin=REDIRECT),
    row("user-edit", kwargs=_hanoi_pk, default=FORBIDDEN, admin=OK),
    row("user-edit", kwargs={"pk": 987654}, label="missing", default=FORBIDDEN, admin=NOT_FOUND),
    row("user-deactivate", "post", kwargs=_hanoi_pk, default=FORBIDDEN, admin=REDIRECT),
    row("user-deactivate", kwargs=_hanoi_pk, label="confirm", default=FORBIDDEN, admin=OK),
    row("user-reactivate", "post", kwargs=_hanoi_pk, default=FORBIDDEN, admin=REDIRECT),
    # -- the audit trail: reviewers and admins -------------------------------------------------------
    row("audit-log", default=FORBIDDEN, reviewer=OK, admin=OK),
    row(
        "audit-log",
        query="?kind=accounts.user&q=hanoi&user=admin&date_from=2020-01-01",
        label="filtered",
        default=FORBIDDEN,
        reviewer=OK,
        admin=OK,
    ),
    row("audit-log", "post", label="read-only", default=NOT_ALLOWED),
    # -- the Django admin: staff only (non-staff are sent to the admin's own login); no deletions ---
    row("admin:index", anon=REDIRECT, default=REDIRECT, admin=OK),
    row("admin:accounts_user_changelist", default=REDIRECT, admin=OK),
    # Users are read in the admin by the admin role and changed there by a superuser only (the cast's
    # admin is one); tests/test_admin_site.py has the admin who is not.
    row("admin:accounts_user_change", kwargs=lambda w: {"object_id": w.user("hanoi").pk}, default=REDIRECT, admin=OK),
    row(
        "admin:accounts_user_delete",
        kwargs=lambda w: {"object_id": w.user("hanoi").pk},
        default=REDIRECT,
        admin=FORBIDDEN,
    ),
    row(
        "admin:indicators_target_delete",
        kwargs=lambda w: {"object_id": w.target("1").pk},
        default=REDIRECT,
        admin=FORBIDDEN,
    ),
    # Successions and the provinces' reporting departments: the admin role reads and changes them;
    # the action moving a dissolved agency's accounts to its successor answers with messages (a
    # still-existing agency is refused by the service, with a message, as here).
    row("admin:agencies_succession_changelist", default=REDIRECT, admin=OK),
    row("admin:agencies_succession_add", default=REDIRECT, admin=OK),
    row("admin:agencies_reportingdepartment_changelist", default=REDIRECT, admin=OK),
    row("admin:agencies_reportingdepartment_add", default=REDIRECT, admin=OK),
    row(
        "admin:agencies_agency_changelist",
        "post",
        label="move-officers",
        data=lambda w: {
            "action": "move_officers_to_successor",
            "_selected_action": [w.agency("so-ldtbxh-ha-noi").pk],
        },
        default=REDIRECT,
        admin=REDIRECT,
    ),
]

# The reporting pages keep their rows beside their own tests.
from tests.matrix_reporting import ROWS as _REPORTING_ROWS  # noqa: E402

ROWS += _REPORTING_ROWS

# The API keeps its rows beside its own tests.
from tests.matrix_api import ROWS as _API_ROWS  # noqa: E402

ROWS += _API_ROWS
