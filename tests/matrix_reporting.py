"""The reporting pages' rows of the permission matrix; ``tests/matrix.py`` adds them to ROWS.

Cross-agency cases use Hà Nội's report: hcm and police get 404 for it, as if it did not exist.
"""

from tests.matrix import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, row

HANOI = "so-ldtbxh-ha-noi"
PDF = b"%PDF-1.4\n%%EOF\n"


def _report(status: str, period: str = "2025-H1"):
    return lambda w: {"pk": w.report(HANOI, status, period).pk}


def _period(w) -> dict:
    return {"code": w.period("2025-H1").code}


def _version(status: str):
    return lambda w: {"version": w.report(HANOI, status).version, "action": "save", "proposals": "Đề xuất"}


def _attachment(w) -> dict:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from reporting.models import Attachment

    report = w.report(HANOI, "submitted")
    name = "reports/ma-tran-quyen/bao-cao.pdf"  # one small file, reused by every run
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(PDF))
    attachment, _ = Attachment.objects.get_or_create(
        report=report,
        original_name="bao-cao.pdf",
        defaults={"kind": "official_report", "file": name, "size": len(PDF), "uploaded_by": w.user("hanoi")},
    )
    return {"pk": report.pk, "attachment_pk": attachment.pk}


def _attachment_name(w) -> str:
    from reporting.models import Attachment

    return Attachment.objects.get(pk=_attachment(w)["attachment_pk"]).file.name


def _task(w) -> dict:
    return {"code": "1.1"}


# Officers' own pages: who has a reporting agency and the officer role that fits it.
OFFICERS = {"hanoi": OK, "hcm": OK, "police": OK}
# Hà Nội's report: its officers, its approver and those who see everything; others get 404.
HANOI_ONLY = {"hanoi": OK, "reviewer": OK, "admin": OK, "approver": OK, "default": NOT_FOUND}
# Those who see Hà Nội's report but may not take a step on it (the step's own role aside).
SEES_HANOI_REFUSED = {"hanoi": FORBIDDEN, "reviewer": FORBIDDEN, "admin": FORBIDDEN, "approver": FORBIDDEN}

ROWS = [
    row("report-mine", default=FORBIDDEN, **OFFICERS),
    row("report-start", "post", kwargs=_period, default=FORBIDDEN, hanoi=REDIRECT, hcm=REDIRECT, police=REDIRECT),
    row("report-start", kwargs=_period, label="get", default=NOT_ALLOWED),
    row("report-detail", kwargs=_report("draft"), **HANOI_ONLY),
    row("report-detail", kwargs=_report("accepted"), label="accepted", **{**HANOI_ONLY, "viewer": OK}),
    row(
        "report-edit",
        kwargs=_report("draft"),
        default=NOT_FOUND,
        hanoi=OK,
        reviewer=REDIRECT,
        admin=REDIRECT,
        approver=REDIRECT,
    ),
    row(
        "report-edit",
        kwargs=_report("submitted"),
        label="submitted",
        default=NOT_FOUND,
        hanoi=REDIRECT,
        reviewer=REDIRECT,
        admin=REDIRECT,
        approver=REDIRECT,
    ),
    row(
        "report-edit",
        "post",
        kwargs=_report("draft"),
        data=_version("draft"),
        default=NOT_FOUND,
        hanoi=REDIRECT,
        reviewer=REDIRECT,
        admin=REDIRECT,
        approver=REDIRECT,
    ),
    row(
        "report-comment",
        "post",
        kwargs=_report("submitted"),
        data={"section": "budget", "text": "Kiểm tra lại"},
        default=NOT_FOUND,
        reviewer=REDIRECT,
        admin=FORBIDDEN,
        hanoi=FORBIDDEN,
        approver=FORBIDDEN,
    ),
    row(
        "report-return",
        "post",
        kwargs=_report("submitted"),
        data={"comment": "Bổ sung chỉ tiêu 9"},
        default=NOT_FOUND,
        reviewer=REDIRECT,
        admin=FORBIDDEN,
        hanoi=FORBIDDEN,
        approver=FORBIDDEN,
    ),
    row("report-return", kwargs=_report("submitted"), label="get", default=NOT_ALLOWED),
    row(
        "report-accept",
        "post",
        kwargs=_report("submitted"),
        default=NOT_FOUND,
        reviewer=REDIRECT,
        admin=FORBIDDEN,
        hanoi=FORBIDDEN,
        approver=FORBIDDEN,
    ),
    row(
        "report-accept",
        "post",
        kwargs=_report("draft"),
        label="draft",
        default=NOT_FOUND,
        reviewer=FORBIDDEN,
        admin=FORBIDDEN,
        hanoi=FORBIDDEN,
        approver=FORBIDDEN,
    ),
    # Nobody judges a report of their own agency: the monitoring body's own report.
    row(
        "report-accept",
        "post",
        kwargs=lambda w: {"pk": w.report("cuc-pctnxh", "submitted").pk},
        label="own agency",
        default=NOT_FOUND,
        reviewer=FORBIDDEN,
        admin=FORBIDDEN,
    ),
    row(
        "report-reopen",
        "post",
        kwargs=_report("accepted"),
        data={"reason": "Sửa số liệu chỉ tiêu 1"},
        default=NOT_FOUND,
        admin=REDIRECT,
        reviewer=FORBIDDEN,
        hanoi=FORBIDDEN,
        viewer=FORBIDDEN,
        approver=FORBIDDEN,
    ),
    row("report-attachment", kwargs=_attachment, **HANOI_ONLY),
    # The same file by its path under MEDIA_URL: no URL serves uploads, to anyone.
    row(
        "report-attachment",
        path=lambda w: "/media/" + _attachment_name(w),
        label="by media path",
        default=NOT_FOUND,
        anon=NOT_FOUND,
    ),
    row(
        "report-attachment-delete",
        "post",
        kwargs=_attachment,
        default=NOT_FOUND,
        hanoi=FORBIDDEN,
        reviewer=FORBIDDEN,
        admin=FORBIDDEN,
        approver=FORBIDDEN,
    ),
    row("report-excel", kwargs=_report("draft"), **HANOI_ONLY),
    row(
        "report-excel-upload",
        "post",
        kwargs=_report("draft"),
        default=NOT_FOUND,
        hanoi=400,
        reviewer=FORBIDDEN,
        admin=FORBIDDEN,
        approver=FORBIDDEN,
    ),
    # -- the agency's internal approval: Hà Nội's approver (alone or also an officer) approves or sends
    # back Hà Nội's report awaiting approval; whoever sees it otherwise is refused (403), others get 404.
    row("report-approval-queue", default=FORBIDDEN, approver=OK, hanoi_approver=OK),
    row(
        "report-approve",
        "post",
        kwargs=_report("pending_approval"),
        default=NOT_FOUND,
        **{**SEES_HANOI_REFUSED, "approver": REDIRECT, "hanoi_approver": REDIRECT},
    ),
    row(
        "report-approve",
        "post",
        kwargs=_report("draft"),
        label="draft",
        default=NOT_FOUND,
        **{**SEES_HANOI_REFUSED, "hanoi_approver": FORBIDDEN},
    ),
    row("report-approve", kwargs=_report("pending_approval"), label="get", default=NOT_ALLOWED),
    row(
        "report-send-back",
        "post",
        kwargs=_report("pending_approval"),
        data={"comment": "Bổ sung kết quả nhiệm vụ 2.1."},
        default=NOT_FOUND,
        **{**SEES_HANOI_REFUSED, "approver": REDIRECT, "hanoi_approver": REDIRECT},
    ),
    row(
        "report-send-back",
        "post",
        kwargs=_report("pending_approval"),
        data={"comment": ""},
        label="no comment",
        default=NOT_FOUND,
        **{**SEES_HANOI_REFUSED, "approver": 400, "hanoi_approver": 400},
    ),
    row(
        "report-detail",
        kwargs=_report("pending_approval"),
        label="pending approval",
        **HANOI_ONLY,
    ),
    row("report-accepted", default=FORBIDDEN, reviewer=OK, viewer=OK, admin=OK),
    row("review-index", default=FORBIDDEN, reviewer=OK, admin=OK),
    row("review-period", kwargs=_period, default=FORBIDDEN, reviewer=OK, admin=OK),
    row(
        "review-period",
        kwargs=_period,
        query="?loc=missing",
        label="filtered",
        default=FORBIDDEN,
        reviewer=OK,
        admin=OK,
    ),
    # Task status between reports: officers of agencies that lead or support the task (the police support 1.1).
    row(
        "task-status-update",
        "post",
        kwargs=_task,
        data={"status": "in_progress", "note": "Đã triển khai"},
        default=FORBIDDEN,
        police=REDIRECT,
    ),
    row("task-status-update", kwargs=_task, label="get", default=NOT_ALLOWED),
]
