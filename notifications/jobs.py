"""Celery jobs of the notifications app (thin: parse the arguments, call the service)."""

import datetime

from celery import shared_task

from notifications.services import reminders_send


# acks_late: a worker that dies mid-run leaves the message on the broker and another worker runs it
# again; the Reminder constraint makes the rerun send only what the dead one had not decided.
@shared_task(name="notifications.send_daily_reminders", acks_late=True, reject_on_worker_lost=True)
def send_daily_reminders(day: str | None = None) -> dict:
    """The daily reminder run (beat, 08:00 in Hà Nội); ``day`` as YYYY-MM-DD, default today in Hà Nội."""
    run = reminders_send(day=datetime.date.fromisoformat(day) if day else None)
    return {"day": run.day.isoformat(), "created": len(run.created), "already_sent": len(run.already_sent)}


@shared_task(name="notifications.send_notice_digests", acks_late=True, reject_on_worker_lost=True)
def send_notice_digests() -> int:
    """The daily digest of a report's steps for those who chose it (beat, 08:00 in Hà Nội)."""
    from notifications.services import notice_digests_email

    return notice_digests_email()


@shared_task(name="notifications.send_event_notices", acks_late=True, reject_on_worker_lost=True)
def send_event_notices(event_id: int) -> int:
    """The emails of a report step's notices (queued on commit by ``report_event_notify``)."""
    from notifications.services import event_notices_email

    return event_notices_email(event_id=event_id)
