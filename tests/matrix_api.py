"""The API's rows of the permission matrix; ``tests/matrix.py`` adds them to ROWS.

The matrix signs in with the session; without it the API answers 401 (it never redirects to the
login page). Cross-agency cases use Hà Nội's report: hcm and police get 404, as if it did not exist.
"""

from tests.matrix import FORBIDDEN, NOT_FOUND, OK, REDIRECT, row

UNAUTHENTICATED = 401
HANOI = "so-ldtbxh-ha-noi"
ALL = {"default": OK, "anon": UNAUTHENTICATED}
HANOI_ONLY = {
    "hanoi": OK,
    "reviewer": OK,
    "admin": OK,
    "approver": OK,
    "default": NOT_FOUND,
    "anon": UNAUTHENTICATED,
}


def _approvers_only(answer) -> dict:
    """Hà Nội's report awaiting approval: its approvers get `answer`, the others who see it are refused."""
    return {
        **HANOI_ONLY,
        "hanoi": FORBIDDEN,
        "reviewer": FORBIDDEN,
        "admin": FORBIDDEN,
        "approver": answer,
        "hanoi_approver": answer,
    }


def _report(status: str):
    return lambda w: {"pk": w.report(HANOI, status).pk}


def _report_pk(status: str):
    return lambda w: {"report_pk": w.report(HANOI, status).pk}


def _attachment(w) -> dict:
    from tests.matrix_reporting import _attachment as reporting_attachment

    ids = reporting_attachment(w)  # on Hà Nội's submitted report
    return {"report_pk": ids["pk"], "pk": ids["attachment_pk"]}


def _first(model_path: str):
    def kwargs(w):
        from django.apps import apps

        return {"pk": apps.get_model(model_path).objects.order_by("pk").first().pk}

    return kwargs


def _province(w) -> dict:
    w.period("2025-H1")
    return {"id": w.agency("ubnd-ha-noi").pk}


def _period_code(w) -> dict:
    return {"period": w.period("2025-H1").code}


def _job(w) -> dict:
    from exports.models import ExportJob

    job = ExportJob.objects.create(kind="pdf_consolidated", period=w.period("2025-H1"), requested_by=w.user("admin"))
    return {"pk": job.pk}


ROWS = [
    row("api:api-root", **ALL),
    row("api:schema", anon=OK, default=OK),
    row("api:docs", default=OK),
    *(row(f"api:{name}-list", **ALL) for name in ["plan", "task-group", "task", "collective", "agency", "indicator"]),
    row("api:period-list", **ALL),
    row("api:plan-detail", kwargs=_first("tasks.Plan"), **ALL),
    row("api:task-group-detail", kwargs=_first("tasks.TaskGroup"), **ALL),
    row("api:task-detail", kwargs=_first("tasks.Task"), **ALL),
    row("api:collective-detail", kwargs=_first("agencies.Collective"), **ALL),
    row("api:agency-detail", kwargs=_first("agencies.Agency"), **ALL),
    row("api:indicator-detail", kwargs=_first("indicators.Indicator"), **ALL),
    row("api:period-detail", kwargs=lambda w: {"pk": w.period("2025-H1").pk}, **ALL),
    # -- reports: the same rules as the pages ---------------------------------------------------------
    row("api:report-list", **ALL),
    row(
        "api:report-list",
        "post",
        label="create",
        data=lambda w: {"period": w.period("2025-H1").code},
        anon=UNAUTHENTICATED,
        default=FORBIDDEN,
        hanoi=201,
        hcm=201,
        police=201,
        admin=400,  # an admin belongs to no agency: it names none to report for
    ),
    row("api:report-detail", kwargs=_report("draft"), **HANOI_ONLY),
    row("api:report-detail", kwargs=_report("accepted"), label="accepted", **{**HANOI_ONLY, "viewer": OK}),
    row("api:report-figures", kwargs=_report_pk("draft"), **HANOI_ONLY),
    row("api:report-tasks", kwargs=_report_pk("draft"), **HANOI_ONLY),
    row("api:report-attachments", kwargs=_report_pk("draft"), **HANOI_ONLY),
    row("api:report-attachment-download", kwargs=_attachment, **HANOI_ONLY),
    row(
        "api:report-attachment-detail",
        "delete",
        kwargs=_attachment,  # the report is submitted: nobody may remove its files any more
        **{**HANOI_ONLY, "hanoi": FORBIDDEN, "reviewer": FORBIDDEN, "admin": FORBIDDEN, "approver": FORBIDDEN},
    ),
    # An empty draft cannot be sent: the officer is told what is missing (400); others may not send it.
    row(
        "api:report-submit",
        "post",
        kwargs=_report("draft"),
        **{**HANOI_ONLY, "hanoi": 400, "reviewer": FORBIDDEN, "admin": FORBIDDEN, "approver": FORBIDDEN},
    ),
    row(
        "api:report-return",
        "post",
        kwargs=_report("submitted"),
        data={"comment": "Bổ sung số liệu."},
        **{**HANOI_ONLY, "hanoi": FORBIDDEN, "admin": FORBIDDEN, "approver": FORBIDDEN},
    ),
    row(
        "api:report-accept",
        "post",
        kwargs=_report("submitted"),
        **{**HANOI_ONLY, "hanoi": FORBIDDEN, "admin": FORBIDDEN, "approver": FORBIDDEN},
    ),
    row(
        "api:report-reopen",
        "post",
        kwargs=_report("accepted"),
        data={"reason": "Sai số liệu."},
        **{**HANOI_ONLY, "hanoi": FORBIDDEN, "reviewer": FORBIDDEN, "viewer": FORBIDDEN, "approver": FORBIDDEN},
    ),
    row(
        "api:report-comments",
        "post",
        kwargs=_report("submitted"),
        data={"section": "budget", "text": "Ghi rõ nguồn kinh phí."},
        **{**HANOI_ONLY, "hanoi": FORBIDDEN, "reviewer": 201, "admin": FORBIDDEN, "approver": FORBIDDEN},
    ),
    # The agency's internal approval: Hà Nội's approver approves or sends back its report awaiting approval.
    row(
        "api:report-approve",
        "post",
        kwargs=_report("pending_approval"),
        **_approvers_only(OK),
    ),
    row(
        "api:report-send-back",
        "post",
        kwargs=_report("pending_approval"),
        data={"comment": "Bổ sung kết quả nhiệm vụ 2.1."},
        **_approvers_only(OK),
    ),
    row(
        "api:report-send-back",
        "post",
        kwargs=_report("pending_approval"),
        data={"comment": ""},
        label="no comment",
        **_approvers_only(400),
    ),
    # -- figures ------------------------------------------------------------------------------------------
    row("api:national-figures", kwargs=_period_code, **ALL),
    row("api:statistics", **ALL),
    row(
        "api:province-figures",
        kwargs=_province,
        query="?period=2025-H1",
        anon=UNAUTHENTICATED,
        default=OK,
        hcm=FORBIDDEN,
        police=FORBIDDEN,
        approver=FORBIDDEN,  # an approver alone reads the national figures, not the province's
    ),
    # -- exports: admins (and officers for their own agency's report) -----------------------------------------
    row("api:export-list", **ALL),  # everyone lists the jobs they may follow (none but their own)
    row(
        "api:export-list",
        "post",
        label="request",
        data=lambda w: {
            "kind": "pdf_consolidated",
            "period": w.period("2025-H1").code,
            "dispatch_number": "123/BC-BYT",
            "dispatch_date": "2025-07-02",
        },
        anon=UNAUTHENTICATED,
        default=FORBIDDEN,
        admin=202,
    ),
    row("api:export-detail", kwargs=_job, anon=UNAUTHENTICATED, default=NOT_FOUND, admin=OK),
    row("api:export-download", kwargs=_job, anon=UNAUTHENTICATED, default=NOT_FOUND, admin=409),
    # -- the admins' token page -----------------------------------------------------------------------------
    row("api:tokens", default=FORBIDDEN, admin=OK),
    row("api:token-issue", "post", kwargs=lambda w: {"user_id": w.user("hanoi").pk}, default=FORBIDDEN, admin=OK),
    row(
        "api:token-revoke", "post", kwargs=lambda w: {"user_id": w.user("hanoi").pk}, default=FORBIDDEN, admin=REDIRECT
    ),
]
