"""Issue 15, item 1: the people around a report hear of each step once, in the portal and by email."""

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


@pytest.fixture
def h1(plan):
    return periods(plan)["2025-H1"]


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
