"""Deadline reminders: who gets which reminder on which day, each once, and nothing after submitting."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency
from notifications.models import Delivery, Digest, Notification, Reminder
from notifications.selectors import due_on
from notifications.services import reminders_send
from reporting.models import Report
from reporting.obligations import period_obligations
from tests import factories as f
from tests.conftest import make_user

HANOI_DOLISA = "so-ldtbxh-ha-noi"
HCM_DOLISA = "so-ldtbxh-ho-chi-minh"


@pytest.fixture
def periods(plan):
    """Both periods of 2025 open: the six-month report due 20 June, the annual one due 20 December."""
    return {"H1": f.period(plan, "2025-H1"), "FY": f.period(plan, "2025-FY")}


def run(day: datetime.date, django_capture_on_commit_callbacks, **kwargs):
    # The mail goes out on commit; in a test's transaction the callbacks are run explicitly.
    with django_capture_on_commit_callbacks(execute=True):
        return reminders_send(day=day, **kwargs)


def offsets_of(agency_code: str) -> set[tuple[str, int]]:
    return set(Reminder.objects.filter(agency__code=agency_code).values_list("period__code", "offset"))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Six-month report, due 20 June 2025.
        ("2025-06-05", set()),
        ("2025-06-06", {("2025-H1", -14)}),
        ("2025-06-07", set()),
        ("2025-06-13", {("2025-H1", -7)}),
        ("2025-06-17", {("2025-H1", -3)}),
        ("2025-06-19", {("2025-H1", -1)}),
        ("2025-06-20", {("2025-H1", 0)}),
        ("2025-06-21", {("2025-H1", 1)}),
        ("2025-06-22", set()),
        ("2025-06-27", {("2025-H1", 7)}),
        ("2025-06-28", set()),
        # Annual report, due 20 December 2025 (the six-month period, still open, is long past +7).
        ("2025-12-05", set()),
        ("2025-12-06", {("2025-FY", -14)}),
        ("2025-12-19", {("2025-FY", -1)}),
        ("2025-12-20", {("2025-FY", 0)}),
        ("2025-12-21", {("2025-FY", 1)}),
        ("2025-12-26", set()),
        ("2025-12-27", {("2025-FY", 7)}),
    ],
)
def test_who_gets_which_reminder_on_which_day(
    periods, hanoi_officer, day, expected, django_capture_on_commit_callbacks
):
    run(datetime.date.fromisoformat(day), django_capture_on_commit_callbacks)

    assert offsets_of(HANOI_DOLISA) == expected
    sent_to_hanoi = [m for m in mail.outbox if hanoi_officer.email in m.to]
    assert len(sent_to_hanoi) == len(expected)


def test_every_expected_agency_without_a_report_is_reminded_and_no_other(periods, django_capture_on_commit_callbacks):
    run(datetime.date(2025, 6, 13), django_capture_on_commit_callbacks)

    expected = {a.pk for a in period_obligations(periods["H1"]).agencies}
    reminded = set(Reminder.objects.filter(period=periods["H1"]).values_list("agency_id", flat=True))
    assert reminded == expected
    assert len(expected) >= 63 + 20  # the 63 provincial DOLISAs and the central agencies


@pytest.mark.parametrize(
    ("utc_instant", "reminded"),
    [
        # 16:59 UTC on 5 June is 23:59 on 5 June in Hà Nội: 15 days before the due day, no reminder.
        (datetime.datetime(2025, 6, 5, 16, 59, tzinfo=datetime.UTC), False),
        # 17:00 UTC on 5 June is already 00:00 on 6 June in Hà Nội: the 14-day reminder is due.
        (datetime.datetime(2025, 6, 5, 17, 0, tzinfo=datetime.UTC), True),
    ],
)
def test_the_day_is_the_day_in_hanoi_not_in_utc(
    periods, hanoi_officer, time_machine, utc_instant, reminded, django_capture_on_commit_callbacks
):
    time_machine.move_to(utc_instant, tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_send()

    assert result.day == (datetime.date(2025, 6, 6) if reminded else datetime.date(2025, 6, 5))
    assert offsets_of(HANOI_DOLISA) == ({("2025-H1", -14)} if reminded else set())


def test_the_job_run_twice_sends_each_reminder_once(periods, hanoi_officer, django_capture_on_commit_callbacks):
    day = datetime.date(2025, 6, 19)
    first = run(day, django_capture_on_commit_callbacks)
    mails_after_first = len(mail.outbox)
    notifications_after_first = Notification.objects.count()

    second = run(day, django_capture_on_commit_callbacks)

    assert len(first.created) > 0
    assert second.created == []
    assert len(second.already_sent) == len(first.created)
    assert len(mail.outbox) == mails_after_first
    assert Notification.objects.count() == notifications_after_first
    assert Reminder.objects.filter(agency__code=HANOI_DOLISA).count() == 1
    assert Digest.objects.count() == 1


def test_an_agency_that_submitted_gets_nothing(periods, hanoi_officer, hcm_officer, django_capture_on_commit_callbacks):
    # Given Hồ Chí Minh City has submitted and Hà Nội has its report returned for more work
    for code, status in ((HCM_DOLISA, Report.Status.SUBMITTED), (HANOI_DOLISA, Report.Status.RETURNED)):
        Report.objects.create(
            agency=Agency.objects.get(code=code), period=periods["H1"], status=status, first_submitted_at=timezone.now()
        )

    # When the due-day reminders run
    run(datetime.date(2025, 6, 20), django_capture_on_commit_callbacks)

    # Then the city that submitted is not reminded; a returned report counts as not submitted
    assert offsets_of(HCM_DOLISA) == set()
    assert not [m for m in mail.outbox if hcm_officer.email in m.to]
    assert offsets_of(HANOI_DOLISA) == {("2025-H1", 0)}
    assert "Trả lại để bổ sung" in next(m for m in mail.outbox if hanoi_officer.email in m.to).body


def test_an_agency_that_submits_stops_getting_reminders_at_once(
    periods, hanoi_officer, django_capture_on_commit_callbacks
):
    run(datetime.date(2025, 6, 17), django_capture_on_commit_callbacks)
    Report.objects.create(
        agency=hanoi_officer.agency,
        period=periods["H1"],
        status=Report.Status.SUBMITTED,
        first_submitted_at=timezone.now(),
    )

    run(datetime.date(2025, 6, 19), django_capture_on_commit_callbacks)
    run(datetime.date(2025, 6, 21), django_capture_on_commit_callbacks)

    assert offsets_of(HANOI_DOLISA) == {("2025-H1", -3)}


def test_recipients_are_the_active_officers_else_the_contact_address_else_the_digest(
    periods, reviewer, django_capture_on_commit_callbacks
):
    # Given three expected central agencies: one with an active officer (and one deactivated),
    # one with only a contact address, and one with neither
    officer = make_user("btp", "bo-tu-phap", "agency_officer")
    make_user("btp-old", "bo-tu-phap", "agency_officer", is_active=False)
    Agency.objects.filter(code="bo-cong-an").update(contact_email="vanthu@bocongan.gov.vn")
    Agency.objects.filter(code="bo-quoc-phong").update(contact_email="")
    expected = {a.code for a in period_obligations(periods["H1"]).agencies}
    assert {"bo-tu-phap", "bo-cong-an", "bo-quoc-phong"} <= expected

    # When the 7-day reminders run
    run(datetime.date(2025, 6, 13), django_capture_on_commit_callbacks)

    # Then each goes where it can, and the reviewers' digest names the one nobody receives
    by_code = {r.agency.code: r for r in Reminder.objects.select_related("agency")}
    assert by_code["bo-tu-phap"].recipients == [officer.email]
    assert by_code["bo-tu-phap"].channel == Reminder.Channel.OFFICERS
    assert by_code["bo-cong-an"].recipients == ["vanthu@bocongan.gov.vn"]
    assert by_code["bo-cong-an"].channel == Reminder.Channel.CONTACT
    assert by_code["bo-quoc-phong"].recipients == []
    assert by_code["bo-quoc-phong"].delivery == Delivery.NO_RECIPIENT
    digest = Digest.objects.get()
    assert "bo-quoc-phong" in {a["code"] for a in digest.without_recipient}
    assert "bo-cong-an" not in {a["code"] for a in digest.without_recipient}
    digest_mail = next(m for m in mail.outbox if reviewer.email in m.to)
    assert "Bộ Quốc phòng" in digest_mail.body
    assert Notification.objects.filter(user=officer).count() == 1
    assert Notification.objects.filter(user=reviewer, digest=digest).count() == 1


def test_the_reminder_email_is_in_vietnamese_with_the_period_due_date_and_link(
    periods, hanoi_officer, django_capture_on_commit_callbacks
):
    run(datetime.date(2025, 6, 13), django_capture_on_commit_callbacks)

    message = next(m for m in mail.outbox if hanoi_officer.email in m.to)
    assert "Còn 7 ngày đến hạn gửi báo cáo 6 tháng đầu năm 2025" in message.subject
    assert "hết ngày 20/06/2025 (giờ Hà Nội)" in message.body
    assert "chưa tạo báo cáo" in message.body
    assert "http://" in message.body or "https://" in message.body


def test_the_overdue_notice_says_how_late(periods, hanoi_officer, django_capture_on_commit_callbacks):
    run(datetime.date(2025, 6, 27), django_capture_on_commit_callbacks)

    message = next(m for m in mail.outbox if hanoi_officer.email in m.to)
    assert "Quá hạn 7 ngày" in message.subject
    assert "đã quá hạn 7 ngày" in message.body


def test_the_dry_run_writes_nothing_and_lists_who_would_get_what(periods, hanoi_officer):
    out = StringIO()

    call_command("send_reminders", "--date", "2025-06-20", "--dry-run", stdout=out)

    text = out.getvalue()
    assert "Xem trước" in text
    assert f"{HANOI_DOLISA} · Sở LĐTBXH Hà Nội → {hanoi_officer.email}" in text
    assert "KHÔNG CÓ NGƯỜI NHẬN" in text
    assert Reminder.objects.count() == 0
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_the_command_sends_for_the_given_date_and_a_rerun_sends_nothing_new(
    periods, hanoi_officer, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2025-06-19", stdout=out)
    first_mails = len(mail.outbox)

    again = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2025-06-19", stdout=again)

    assert offsets_of(HANOI_DOLISA) == {("2025-H1", -1)}
    assert first_mails > 0
    assert len(mail.outbox) == first_mails
    assert "Mới ghi nhận 0 nhắc hạn" in again.getvalue()
    assert "[đã gửi trước đó, bỏ qua]" in again.getvalue()


def test_a_bad_date_is_refused_in_vietnamese(periods):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("send_reminders", "--date", "20/06/2025")


def test_a_closed_period_sends_no_reminder(periods, hanoi_officer, django_capture_on_commit_callbacks):
    periods["H1"].is_open = False
    periods["H1"].save()

    run(datetime.date(2025, 6, 20), django_capture_on_commit_callbacks)

    assert Reminder.objects.count() == 0


def test_the_offsets_are_settings(periods, hanoi_officer, settings, django_capture_on_commit_callbacks):
    settings.REMINDER_OFFSETS = {"before": [10], "after": [3]}

    run(datetime.date(2025, 6, 10), django_capture_on_commit_callbacks)
    run(datetime.date(2025, 6, 13), django_capture_on_commit_callbacks)
    run(datetime.date(2025, 6, 23), django_capture_on_commit_callbacks)

    assert offsets_of(HANOI_DOLISA) == {("2025-H1", -10), ("2025-H1", 3)}


def test_the_late_are_named_in_the_overdue_digest(periods, reviewer, django_capture_on_commit_callbacks):
    late = datetime.datetime(2025, 6, 20, 18, 0, tzinfo=datetime.UTC)  # 01:00 on 21 June in Hà Nội
    Report.objects.create(
        agency=Agency.objects.get(code=HCM_DOLISA),
        period=periods["H1"],
        status=Report.Status.SUBMITTED,
        first_submitted_at=late,
    )

    run(datetime.date(2025, 6, 21), django_capture_on_commit_callbacks)

    digest = Digest.objects.get()
    assert [a["code"] for a in digest.late] == [HCM_DOLISA]
    assert HCM_DOLISA not in {a["code"] for a in digest.missing}


def test_the_reminder_selection_runs_a_fixed_number_of_queries(periods, django_assert_max_num_queries, cast):
    with django_assert_max_num_queries(25):
        due = due_on(datetime.date(2025, 6, 20))
    assert len(due.reminders) > 80


def test_a_person_needs_the_admin_role_to_send_reminders(periods, hanoi_officer, admin_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        reminders_send(day=datetime.date(2025, 6, 20), user=hanoi_officer)
    assert reminders_send(day=datetime.date(2025, 6, 20), user=admin_user, dry_run=True).due


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no ``except Exception`` catches it."""


def test_a_worker_killed_before_commit_then_retried_sends_each_reminder_once(
    periods, hanoi_officer, django_capture_on_commit_callbacks
):
    day = datetime.date(2025, 6, 13)
    # Given a run that dies after deciding every reminder but before its transaction commits
    with pytest.raises(WorkerKilled), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        reminders_send(day=day)
        raise WorkerKilled
    assert Reminder.objects.count() == 0
    assert mail.outbox == []

    # When the task is retried
    retry = run(day, django_capture_on_commit_callbacks)

    # Then every reminder goes out once
    assert len(retry.created) == Reminder.objects.count() > 0
    addresses = [address for m in mail.outbox for address in m.to]
    assert len(addresses) == len(set(addresses))
    assert addresses.count(hanoi_officer.email) == 1


def test_a_worker_killed_while_mailing_then_retried_sends_nothing_twice(
    periods, hanoi_officer, hcm_officer, police_officer, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMessage

    day = datetime.date(2025, 6, 13)
    real_send = EmailMessage.send
    calls = {"n": 0}

    def dies_on_the_second_mail(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise WorkerKilled
        return real_send(self, *args, **kwargs)

    # Given a run whose decisions are committed and whose worker dies in the middle of the second mail
    monkeypatch.setattr(EmailMessage, "send", dies_on_the_second_mail)
    with pytest.raises(WorkerKilled):
        run(day, django_capture_on_commit_callbacks)
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert len(mail.outbox) == 1
    assert Reminder.objects.filter(delivery=Delivery.SENDING).count() == 1
    stuck = Reminder.objects.get(delivery=Delivery.SENDING)

    # When the task is retried
    retry = run(day, django_capture_on_commit_callbacks)

    # Then nothing is decided again, nothing is mailed twice, and the rest is mailed once
    assert retry.created == []
    addresses = [address for m in mail.outbox for address in m.to]
    assert len(addresses) == len(set(addresses))
    for officer in (hanoi_officer, hcm_officer, police_officer):
        if officer.agency_id != stuck.agency_id:
            assert addresses.count(officer.email) == 1
    # The one that died mid-SMTP may or may not have left; it is never resent (at most once) and shows in the log.
    assert Reminder.objects.get(pk=stuck.pk).delivery == Delivery.SENDING
    assert Reminder.objects.filter(delivery=Delivery.PENDING).count() == 0


def test_a_failed_mail_is_retried_by_the_next_run(
    periods, hanoi_officer, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMessage

    day = datetime.date(2025, 6, 13)
    real_send = EmailMessage.send

    def smtp_down_for_hanoi(self, *args, **kwargs):
        if hanoi_officer.email in self.to:
            raise ConnectionRefusedError("SMTP không trả lời")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", smtp_down_for_hanoi)
    run(day, django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get(agency__code=HANOI_DOLISA)
    assert reminder.delivery == Delivery.FAILED
    assert "SMTP" in reminder.error

    monkeypatch.setattr(EmailMessage, "send", real_send)
    run(day, django_capture_on_commit_callbacks)

    reminder.refresh_from_db()
    assert reminder.delivery == Delivery.SENT
    assert [address for m in mail.outbox for address in m.to].count(hanoi_officer.email) == 1


def test_the_daily_job_is_scheduled_at_eight_in_hanoi_and_runs_the_service(
    settings, periods, hanoi_officer, django_capture_on_commit_callbacks
):
    from notifications.jobs import send_daily_reminders

    entry = settings.CELERY_BEAT_SCHEDULE["notifications-daily-reminders"]
    assert entry["task"] == send_daily_reminders.name
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"
    assert send_daily_reminders.acks_late

    with django_capture_on_commit_callbacks(execute=True):
        result = send_daily_reminders.delay("2025-06-06").get()

    assert result["created"] > 0
    assert offsets_of(HANOI_DOLISA) == {("2025-H1", -14)}


def test_a_run_for_a_past_day_does_not_call_late_what_had_not_arrived_on_that_day(
    periods, reviewer, django_capture_on_commit_callbacks
):
    arrived = datetime.datetime(2025, 6, 25, 3, 0, tzinfo=datetime.UTC)  # five days late
    Report.objects.create(
        agency=Agency.objects.get(code=HCM_DOLISA),
        period=periods["H1"],
        status=Report.Status.SUBMITTED,
        first_submitted_at=arrived,
    )

    run(datetime.date(2025, 6, 21), django_capture_on_commit_callbacks)
    run(datetime.date(2025, 6, 27), django_capture_on_commit_callbacks)

    late_by_day = {d.offset: [a["code"] for a in d.late] for d in Digest.objects.all()}
    assert late_by_day == {1: [], 7: [HCM_DOLISA]}
