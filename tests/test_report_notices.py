"""Issue 15, item 1: the people around a report hear of each step once, in the portal and by email."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from notifications.jobs import send_event_notices
from notifications.models import Notification
from reporting import services
from reporting.models import ReportEvent
from tests.reporting_helpers import filled_report, periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


def _step(capture, call, **kwargs):
    """Run a step as a request would: its transaction commits, the queued email job runs."""
    with capture(execute=True):
        return call(**kwargs)


def _notices(action):
    return Notification.objects.filter(event__action=action)


def _submitted(h1, hanoi_officer, capture):
    report = filled_report(h1, hanoi_officer)
    return _step(capture, services.report_submit, report=report, user=hanoi_officer)


def test_a_submit_tells_the_reviewers_once(h1, hanoi_officer, reviewer, django_capture_on_commit_callbacks, mailoutbox):
    report = _submitted(h1, hanoi_officer, django_capture_on_commit_callbacks)
    notice = _notices("submit").get()
    assert notice.user == reviewer and notice.url == f"/bao-cao/{report.pk}/"
    assert "đã gửi báo cáo 6 tháng đầu năm 2025" in notice.title
    assert [m.to for m in mailoutbox] == [[reviewer.email]]
    assert f"{settings.PORTAL_BASE_URL.rstrip('/')}/bao-cao/{report.pk}/" in mailoutbox[0].body
    # a second click on Gửi is refused or answered with the first result: nothing more is sent
    with pytest.raises((PermissionDenied, ValidationError)):  # the service refuses a report already sent
        _step(django_capture_on_commit_callbacks, services.report_submit, report=report, user=hanoi_officer)
    # and a retried job sends nothing more
    send_event_notices(_notices("submit").get().event_id)
    assert _notices("submit").count() == 1 and len(mailoutbox) == 1


def test_a_return_tells_the_agencys_officers_with_the_comment_once(
    h1, hanoi_officer, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    report = _submitted(h1, hanoi_officer, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    _step(
        django_capture_on_commit_callbacks,
        services.report_return,
        report=report,
        user=reviewer,
        comment="Bổ sung số liệu chỉ tiêu 3a.",
    )
    notice = _notices("return").get()
    assert notice.user == hanoi_officer and notice.body == "Bổ sung số liệu chỉ tiêu 3a."
    assert len(mailoutbox) == 1 and "Bổ sung số liệu chỉ tiêu 3a." in mailoutbox[0].body
    send_event_notices(notice.event_id)
    services.report_event_notify(event=notice.event)  # the step told twice writes no second row
    assert _notices("return").count() == 1 and len(mailoutbox) == 1


def test_an_accept_tells_the_agencys_officers_once(
    h1, hanoi_officer, hcm_officer, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    report = _submitted(h1, hanoi_officer, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    _step(django_capture_on_commit_callbacks, services.report_accept, report=report, user=reviewer)
    assert list(_notices("accept").values_list("user__username", flat=True)) == ["hanoi"]  # not Hồ Chí Minh's
    assert [m.to for m in mailoutbox] == [[hanoi_officer.email]]
    assert mailoutbox[0].subject.startswith("[Kế hoạch 808] Bộ đã tiếp nhận báo cáo")
    send_event_notices(_notices("accept").get().event_id)
    assert len(mailoutbox) == 1


def test_a_reopen_tells_the_agencys_officers_once(
    h1, hanoi_officer, reviewer, admin_user, django_capture_on_commit_callbacks, mailoutbox
):
    report = _submitted(h1, hanoi_officer, django_capture_on_commit_callbacks)
    report = _step(django_capture_on_commit_callbacks, services.report_accept, report=report, user=reviewer)
    mailoutbox.clear()
    _step(
        django_capture_on_commit_callbacks,
        services.report_reopen,
        report=report,
        user=admin_user,
        reason="Sửa số liệu chỉ tiêu 1 theo văn bản mới.",
    )
    notice = _notices("reopen").get()
    assert notice.user == hanoi_officer and "Sửa số liệu chỉ tiêu 1" in notice.body
    assert len(mailoutbox) == 1
    send_event_notices(notice.event_id)
    send_event_notices(notice.event_id)
    assert len(mailoutbox) == 1
    assert ReportEvent.objects.filter(report=report, action="reopen").count() == 1


def test_a_notice_shows_in_the_portal(client, h1, hanoi_officer, reviewer, django_capture_on_commit_callbacks):
    _submitted(h1, hanoi_officer, django_capture_on_commit_callbacks)
    client.force_login(reviewer)
    page = client.get(reverse("notification-list")).content.decode()
    assert "đã gửi báo cáo 6 tháng đầu năm 2025" in page


# -- the daily digest, a reviewer's choice instead of one email per submitted report -------------------


def test_a_reviewer_chooses_the_daily_digest_on_the_settings_page_and_it_is_audited(client, reviewer):
    assert reviewer.notice_email == "each"  # one email per step unless one chooses otherwise
    client.force_login(reviewer)
    page = client.get(reverse("notification-settings")).content.decode()
    assert "Nhận thư thông báo về báo cáo" in page
    assert re.search(r'<input type="radio" name="notice_email" value="each"[^>]* checked', page)
    # a choice that does not exist is refused beside the field, nothing saved
    bad = client.post(reverse("notification-settings"), {"notice_email": "weekly"})
    assert bad.status_code == 400 and 'id="id_notice_email_errors"' in bad.content.decode()
    reviewer.refresh_from_db()
    assert reviewer.notice_email == "each"
    response = client.post(reverse("notification-settings"), {"notice_email": "digest"})
    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.notice_email == "digest"
    last = reviewer.history.latest("history_date")
    assert (last.notice_email, last.history_user_id, last.prev_record.notice_email) == ("digest", reviewer.pk, "each")
    assert last.history_change_reason == "Đổi cách nhận thư thông báo"


def test_with_the_digest_the_submits_of_the_day_come_in_one_email_once(
    h1, hanoi_officer, hcm_officer, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    from notifications.jobs import send_notice_digests

    reviewer.notice_email = "digest"
    reviewer.save()
    # Given two provinces submit: the reviewer sees both in the portal at once, but gets no email per report
    hanoi = _submitted(h1, hanoi_officer, django_capture_on_commit_callbacks)
    hcm = _step(
        django_capture_on_commit_callbacks,
        services.report_submit,
        report=filled_report(h1, hcm_officer),
        user=hcm_officer,
    )
    assert Notification.objects.filter(user=reviewer, event__action="submit").count() == 2
    assert mailoutbox == []
    # when the daily job runs, one email lists both, with their links
    assert send_notice_digests() == 1
    assert [m.to for m in mailoutbox] == [[reviewer.email]]
    body = mailoutbox[0].body
    base = settings.PORTAL_BASE_URL.rstrip("/")
    assert f"{base}/bao-cao/{hanoi.pk}/" in body and f"{base}/bao-cao/{hcm.pk}/" in body
    assert body.count("đã gửi báo cáo 6 tháng đầu năm 2025") == 2
    assert "(2)" in mailoutbox[0].subject
    assert not Notification.objects.filter(user=reviewer, emailed_at__isnull=True).exists()
    # and a rerun, or a retried per-step job, sends nothing more
    assert send_notice_digests() == 0
    for event_id in Notification.objects.filter(user=reviewer).values_list("event_id", flat=True):
        send_event_notices(event_id)
    assert len(mailoutbox) == 1


def test_a_failed_digest_is_sent_by_the_next_run(
    h1, hanoi_officer, reviewer, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    from django.core.mail import EmailMessage

    from notifications.services import notice_digests_email

    reviewer.notice_email = "digest"
    reviewer.save()
    _submitted(h1, hanoi_officer, django_capture_on_commit_callbacks)

    def refuse(self, *args, **kwargs):
        raise OSError("SMTP down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", refuse)
        assert notice_digests_email() == 0
    assert Notification.objects.filter(user=reviewer, emailed_at__isnull=True).count() == 1  # claim rolled back
    assert notice_digests_email() == 1 and len(mailoutbox) == 1
    assert notice_digests_email() == 0 and len(mailoutbox) == 1


def test_the_digest_job_is_in_the_beat_schedule_at_eight():
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-daily-notice-digest"]
    assert entry["task"] == "notifications.send_notice_digests"
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}


def test_the_settings_page_reads_in_english(client, reviewer):
    client.force_login(reviewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("notification-settings")).content.decode()
    for text in (
        "Notice emails",
        "Emails about reports",
        "One email per report, as it happens",
        "One digest email a day",
    ):
        assert text in page, text
    assert "Nhận thư thông báo" not in page and "Một thư tổng hợp" not in page
