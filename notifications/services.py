"""Sending the deadline reminders, the overdue notices and the reviewers' digest, each at most once.

``reminders_send(*, day, dry_run, user)`` is the one entry point: the daily Celery job, the
``send_reminders`` command and its dry run all call it.

How "at most once" holds:

1. The decision to remind an agency is the insert of its ``Reminder`` row, unique on (agency,
   period, offset), in one transaction with its in-app notifications. A second run, a second beat
   process or a retried task hits the constraint (``IntegrityError``) and sends nothing.
2. The email goes after that commit (``transaction.on_commit``), and only for a row that a
   conditional ``UPDATE … WHERE delivery IN (pending, failed)`` claims: a retry delivers rows that a
   dead worker committed but never mailed, and never a row another worker is mailing or has mailed.
   A worker that dies in the middle of an SMTP call leaves the row "sending": it is not resent
   (at most once), and the log shows it.
"""

import datetime
import logging
from dataclasses import dataclass, field

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.models import Delivery, Digest, Notification, Reminder
from notifications.selectors import SUBMITTED_STATUSES, DueDigest, DueReminder, due_on
from plan808.clock import HANOI, hanoi_today
from reporting.models import Report

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
CLAIMABLE = (Delivery.PENDING, Delivery.FAILED)


@dataclass
class ReminderRun:
    """What one run decided: the rows it created and the ones another run had already made."""

    day: datetime.date
    dry_run: bool
    due: list[DueReminder] = field(default_factory=list)
    digests_due: list[DueDigest] = field(default_factory=list)
    created: list[Reminder] = field(default_factory=list)
    already_sent: list[DueReminder] = field(default_factory=list)
    digests_created: list[Digest] = field(default_factory=list)
    delivered: int = 0


def reminders_send(*, day: datetime.date | None = None, dry_run: bool = False, user=None) -> ReminderRun:
    """Send every reminder and digest due on ``day`` (default: today in Hà Nội) that was not sent yet.

    ``user`` is None for the scheduled job and the command (the system); a person must hold
    ``notifications.send_reminders``. ``dry_run`` writes nothing and returns what would be sent.
    """
    if user is not None and not rules.has_perm("notifications.send_reminders", user):
        raise PermissionDenied(_("Chỉ quản trị viên được gửi nhắc hạn."))
    day = day or hanoi_today()
    due = due_on(day)
    run = ReminderRun(day=day, dry_run=dry_run, due=due.reminders, digests_due=due.digests)
    if dry_run:
        existing = set(
            Reminder.objects.filter(period__in={d.period for d in due.reminders}).values_list(
                "agency_id", "period_id", "offset"
            )
        )
        run.already_sent = [d for d in due.reminders if (d.agency.pk, d.period.pk, d.offset) in existing]
        return run

    for item in due.reminders:
        reminder = _record_reminder(item)
        if reminder is None:
            run.already_sent.append(item)
        else:
            run.created.append(reminder)
    for digest_due in due.digests:
        digest = _record_digest(digest_due)
        if digest is not None:
            run.digests_created.append(digest)

    def deliver():
        run.delivered = reminders_deliver_pending(day=day)

    # After commit, so a worker never mails a decision that is rolled back.
    transaction.on_commit(deliver)
    logger.info("Nhắc hạn %s: %s mới, %s đã gửi trước đó", day, len(run.created), len(run.already_sent))
    return run


def _record_reminder(item: DueReminder) -> Reminder | None:
    """Insert the reminder row and its notifications; None when the row exists or the report came in."""
    try:
        with transaction.atomic():
            # Lock the agency's report (if any) so a submission racing this reminder is seen either
            # before (no reminder) or after (the reminder was due when decided).
            report = (
                Report.objects.select_for_update().filter(period=item.period, agency=item.agency).only("status").first()
            )
            if report is not None and report.status in SUBMITTED_STATUSES:
                return None
            recipients = item.recipients
            reminder = Reminder.objects.create(
                period=item.period,
                agency=item.agency,
                offset=item.offset,
                day=item.day,
                channel=item.channel,
                recipients=recipients,
                report_status=report.status if report else "",
                progress={
                    "tasks": [item.tasks_filled, item.tasks_expected],
                    "targets": [item.targets_filled, item.targets_expected],
                },
                delivery=Delivery.PENDING if recipients else Delivery.NO_RECIPIENT,
            )
            title, body = _reminder_texts(item)
            url = reminder_path(item.report_status)
            Notification.objects.bulk_create(
                Notification(user=u, title=title, body=body, url=url, reminder=reminder) for u in item.officers
            )
            return reminder
    except IntegrityError:
        return None


def _record_digest(item: DueDigest) -> Digest | None:
    emails = [u.email for u in item.reviewers]
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                period=item.period,
                offset=item.offset,
                day=item.day,
                missing=[_agency_entry(a) for a in item.missing],
                late=[{**_agency_entry(a), "at": at.astimezone(HANOI).isoformat()} for a, at in item.late],
                without_recipient=[_agency_entry(a) for a in item.without_recipient],
                recipients=emails,
                delivery=Delivery.PENDING if emails else Delivery.NO_RECIPIENT,
            )
            title = digest_subject(digest)
            body = _(
                "%(missing)s đơn vị chưa gửi báo cáo, %(late)s gửi muộn, %(none)s không có người nhận nhắc hạn."
            ) % {
                "missing": len(item.missing),
                "late": len(item.late),
                "none": len(item.without_recipient),
            }
            Notification.objects.bulk_create(
                Notification(user=u, title=title, body=body, url=reverse("reminder-log"), digest=digest)
                for u in item.reviewers
            )
            return digest
    except IntegrityError:
        return None


def _agency_entry(agency) -> dict:
    return {"id": agency.pk, "code": agency.code, "name": agency.name}


def reminders_deliver_pending(*, day: datetime.date) -> int:
    """Mail every reminder and digest of ``day`` not yet mailed; returns how many went out."""
    sent = 0
    for pk in Reminder.objects.filter(day=day, delivery__in=CLAIMABLE).values_list("pk", flat=True):
        sent += _deliver_reminder(pk)
    for pk in Digest.objects.filter(day=day, delivery__in=CLAIMABLE).values_list("pk", flat=True):
        sent += _deliver_digest(pk)
    return sent


def _claim(model, pk: int) -> bool:
    """Take the row for mailing; False when another worker has it or it is done (row count 0)."""
    claimed = model.objects.filter(pk=pk, delivery__in=CLAIMABLE, attempts__lt=MAX_ATTEMPTS).update(
        delivery=Delivery.SENDING, attempts=F("attempts") + 1
    )
    return claimed == 1


def _deliver_reminder(pk: int) -> int:
    if not _claim(Reminder, pk):
        return 0
    reminder = Reminder.objects.select_related("period", "agency").get(pk=pk)
    # The agency may have submitted between the decision and the mail: it stops getting reminders at once.
    if Report.objects.filter(period=reminder.period, agency=reminder.agency, status__in=SUBMITTED_STATUSES).exists():
        Reminder.objects.filter(pk=pk).update(delivery=Delivery.CANCELLED)
        return 0
    context = reminder_context(reminder)
    message = EmailMessage(
        subject=render_to_string("notifications/email/reminder_subject.txt", context).strip(),
        body=render_to_string("notifications/email/reminder_body.txt", context),
        to=reminder.recipients,
    )
    return _send(Reminder, pk, message)


def _deliver_digest(pk: int) -> int:
    if not _claim(Digest, pk):
        return 0
    digest = Digest.objects.select_related("period").get(pk=pk)
    context = {"digest": digest, "period": digest.period, "log_url": absolute(reverse("reminder-log"))}
    message = EmailMessage(
        subject=digest_subject(digest),
        body=render_to_string("notifications/email/digest_body.txt", context),
        to=digest.recipients,
    )
    return _send(Digest, pk, message)


def _send(model, pk: int, message: EmailMessage) -> int:
    try:
        message.send()
    except Exception as error:  # an SMTP failure means it was not sent: leave it for the next run
        logger.warning("Gửi thư nhắc hạn %s #%s lỗi: %s", model.__name__, pk, error)
        model.objects.filter(pk=pk).update(delivery=Delivery.FAILED, error=str(error)[:500])
        return 0
    model.objects.filter(pk=pk, delivery=Delivery.SENDING).update(delivery=Delivery.SENT, sent_at=timezone.now())
    return 1


def my_reports_path() -> str:
    """The officer's reports page ("Báo cáo của tôi"): every period's report of the agency, with its action."""
    return reverse("report-mine")


def reminder_path(report_status: str) -> str:
    """Where a reminder leads: the approver's list while the report awaits the agency's approval,
    else the officer's reports page."""
    if report_status == Report.Status.PENDING_APPROVAL:
        return reverse("report-approval-queue")
    return my_reports_path()


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def reminder_context(reminder: Reminder) -> dict:
    period = reminder.period
    return {
        "reminder": reminder,
        "period": period,
        "agency": reminder.agency,
        "days_left": -reminder.offset,
        "days_late": reminder.offset,
        "report_status": Report.Status(reminder.report_status).label if reminder.report_status else "",
        "url": absolute(reminder_path(reminder.report_status)),
    }


def _reminder_texts(item: DueReminder) -> tuple[str, str]:
    due = item.period.due_date.strftime("%d/%m/%Y")
    if item.offset > 0:
        title = _("Quá hạn %(days)s ngày: báo cáo %(period)s") % {"days": item.offset, "period": item.period.name}
    elif item.offset == 0:
        title = _("Hôm nay là hạn gửi báo cáo %(period)s") % {"period": item.period.name}
    else:
        title = _("Còn %(days)s ngày đến hạn gửi báo cáo %(period)s") % {
            "days": -item.offset,
            "period": item.period.name,
        }
    body = _(
        "Hạn gửi: hết ngày %(due)s (giờ Hà Nội). Nhiệm vụ đã cập nhật: %(tasks)s/%(tasks_total)s; "
        "chỉ tiêu đã có số liệu: %(targets)s/%(targets_total)s."
    ) % {
        "due": due,
        "tasks": item.tasks_filled,
        "tasks_total": item.tasks_expected,
        "targets": item.targets_filled,
        "targets_total": item.targets_expected,
    }
    return title, body


def digest_subject(digest: Digest) -> str:
    return _("[Kế hoạch 808] Tổng hợp tình hình gửi báo cáo %(period)s ngày %(day)s") % {
        "period": digest.period.name,
        "day": digest.day.strftime("%d/%m/%Y"),
    }


def notification_mark_read(*, notification: Notification, user) -> Notification:
    """Mark one of the user's own notifications read (another user's answers PermissionDenied)."""
    if notification.user_id != user.pk:
        raise PermissionDenied(_("Thông báo này không phải của bạn."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# -- notices of a report's steps ------------------------------------------------------------------

OFFICER_ROLES = ("provincial_officer", "agency_officer")


def _users_to_tell(event):
    from accounts.models import User

    return User.objects.filter(is_active=True).exclude(pk=event.user_id)


def _reviewers(event) -> list:
    return list(_users_to_tell(event).filter(roles__code="reviewer").distinct())


def _officers(event) -> list:
    return list(
        _users_to_tell(event).filter(agency_id=event.report.agency_id, roles__code__in=OFFICER_ROLES).distinct()
    )


def _approvers(event) -> list:
    return list(_users_to_tell(event).filter(agency_id=event.report.agency_id, roles__code="approver").distinct())


# Each step: who hears of it, and what they read. A report reaching the ministry (sent, or approved
# inside the agency) tells the ministry's reviewers; a return, acceptance or reopening tells the
# officers of the agency that reports; a report sent for approval tells the agency's approvers, and
# its approval or sending back tells the officers. Never the person who took the step.
EVENT_NOTICES = {
    "submit": [(_reviewers, gettext_lazy("%(agency)s đã gửi báo cáo %(period)s"))],
    "return": [(_officers, gettext_lazy("Bộ đã trả lại báo cáo %(period)s của %(agency)s để bổ sung"))],
    "accept": [(_officers, gettext_lazy("Bộ đã tiếp nhận báo cáo %(period)s của %(agency)s"))],
    "reopen": [(_officers, gettext_lazy("Báo cáo %(period)s của %(agency)s đã được mở lại để chỉnh sửa"))],
    "request_approval": [(_approvers, gettext_lazy("Báo cáo %(period)s của %(agency)s đang chờ bạn phê duyệt"))],
    "approve": [
        (_reviewers, gettext_lazy("%(agency)s đã gửi báo cáo %(period)s")),
        (_officers, gettext_lazy("Lãnh đạo đã phê duyệt báo cáo %(period)s của %(agency)s và gửi Bộ")),
    ],
    "send_back": [
        (_officers, gettext_lazy("Lãnh đạo đã trả lại báo cáo %(period)s của %(agency)s để sửa trước khi trình lại"))
    ],
}


def report_event_notify(*, event) -> list[Notification]:
    """The in-app notices of a report's step, written in the step's own transaction; the email follows
    on commit. The unique (event, user) row makes a second call for the same step write nothing more."""
    if event.action not in EVENT_NOTICES:
        return []
    report = event.report
    names = {"agency": report.agency.display_name, "period": report.period.name}
    url = reverse("report-detail", args=[event.report_id])
    notices, told = [], set()
    for recipients, title in EVENT_NOTICES[event.action]:
        for user in recipients(event):
            if user.pk not in told:  # one notice per person and step, whichever group they are in
                told.add(user.pk)
                notices.append(
                    Notification(
                        user=user, title=(str(title) % names)[:255], body=event.comment or "", url=url, event=event
                    )
                )
    Notification.objects.bulk_create(notices, ignore_conflicts=True)
    event_id = event.pk

    def queue():
        from notifications.jobs import send_event_notices

        send_event_notices.delay(event_id)

    transaction.on_commit(queue)
    return notices


def event_notices_email(*, event_id: int) -> int:
    """Email each notice of a step not mailed yet; a notice is claimed by a conditional UPDATE, so a
    retried or doubled job sends nothing twice. Returns how many were sent."""
    sent = 0
    # Whoever chose the daily digest gets these in it (notice_digests_email), not one by one.
    pending = (
        Notification.objects.filter(event_id=event_id, emailed_at__isnull=True)
        .exclude(user__notice_email=DIGEST)
        .select_related("user")
    )
    for notice in pending:
        now = timezone.now()
        if Notification.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(emailed_at=now) != 1:
            continue
        if not notice.user.email:
            continue
        lines = [notice.title + ".", ""]
        if notice.body:
            lines += [_("Nội dung:"), notice.body, ""]
        lines += [_("Xem báo cáo: %(url)s") % {"url": absolute(notice.url)}, "", _("Cổng theo dõi Kế hoạch 808")]
        message = EmailMessage(subject=f"[Kế hoạch 808] {notice.title}", body="\n".join(lines), to=[notice.user.email])
        try:
            message.send()
        except Exception as error:  # not sent: release the claim so the next run tries again
            logger.warning("Gửi thư thông báo #%s lỗi: %s", notice.pk, error)
            Notification.objects.filter(pk=notice.pk).update(emailed_at=None)
            continue
        sent += 1
    return sent


DIGEST = "digest"  # accounts.models.User.NoticeEmail.DIGEST
DIGEST_WINDOW = datetime.timedelta(days=1)


def notice_digests_email(*, now: datetime.datetime | None = None) -> int:
    """One email per person who chose the daily digest, listing the notices of a report's steps of the
    last day not emailed yet. Each person's notices are claimed (``emailed_at``) in the same transaction
    that sends the mail: a retried or doubled job finds nothing left; an SMTP error rolls the claim back
    for the next run. Returns how many emails were sent."""
    now = now or timezone.now()
    since = now - DIGEST_WINDOW
    waiting = Notification.objects.filter(
        event__isnull=False,
        emailed_at__isnull=True,
        created_at__gte=since,
        user__notice_email=DIGEST,
        user__is_active=True,
    ).exclude(user__email="")
    sent = 0
    for user_id in sorted(set(waiting.values_list("user_id", flat=True))):
        try:
            with transaction.atomic():
                rows = list(
                    waiting.filter(user_id=user_id)
                    .select_for_update(of=("self",))  # the notices only, not the user row
                    .select_related("user")
                    .order_by("created_at", "pk")
                )
                claimed = Notification.objects.filter(pk__in=[n.pk for n in rows], emailed_at__isnull=True).update(
                    emailed_at=now
                )
                if not rows or claimed != len(rows):  # another run took (some of) them: leave them to it
                    transaction.set_rollback(True)
                    continue
                _digest_message(rows).send()
        except Exception as error:  # not sent: the claim is rolled back, the next run tries again
            logger.warning("Gửi thư tổng hợp thông báo cho người dùng #%s lỗi: %s", user_id, error)
            continue
        sent += 1
    return sent


def _digest_message(notices: list[Notification]) -> EmailMessage:
    user = notices[0].user
    lines = [
        _("Các thông báo về báo cáo trong ngày qua (%(count)s):") % {"count": len(notices)},
        "",
    ]
    for notice in notices:
        when = timezone.localtime(notice.created_at).strftime("%H:%M %d/%m/%Y")
        lines.append(f"- {when}: {notice.title}")
        if notice.body:
            lines.append(f"  {_('Nội dung:')} {notice.body}")
        lines.append(f"  {absolute(notice.url)}")
    lines += [
        "",
        _("Đổi cách nhận thư: %(url)s") % {"url": absolute(reverse("notification-settings"))},
        _("Cổng theo dõi Kế hoạch 808"),
    ]
    subject = _("[Kế hoạch 808] Tổng hợp thông báo trong ngày (%(count)s)") % {"count": len(notices)}
    return EmailMessage(subject=str(subject), body="\n".join(lines), to=[user.email])


def notice_email_set(*, user, choice: str):
    """Save how the emails of a report's steps reach ``user`` (audited like every change of an account)."""
    if not rules.has_perm("notifications.change_own_notice_email", user):
        raise PermissionDenied
    if user.notice_email == choice:
        return user
    user.notice_email = choice
    user._history_user = user
    user._change_reason = _("Đổi cách nhận thư thông báo")
    user.save(update_fields=["notice_email"])
    return user
