"""The reminders log for ministry staff, and each user's notifications with the unread badge."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification, Reminder
from notifications.services import reminders_send
from tests import factories as f


@pytest.fixture
def reminded(plan, hanoi_officer, hcm_officer, reviewer, django_capture_on_commit_callbacks):
    """The 2025-H1 reminders of 13 and 19 June sent (two offsets for every expected agency)."""
    period = f.period(plan, "2025-H1")
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(day=datetime.date(2025, 6, 13))
        reminders_send(day=datetime.date(2025, 6, 19))
    return period


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("reviewer", 200), ("hanoi", 403), ("police", 403), ("viewer", 403)]
)
def test_the_reminders_log_is_for_ministry_staff(client, reminded, cast, role, status):
    client.force_login(cast[role])
    assert client.get(reverse("reminder-log")).status_code == status


def test_the_reminders_log_lists_each_reminder_with_where_it_went(client, reminded, admin_user, hanoi_officer):
    client.force_login(admin_user)

    page = client.get(reverse("reminder-log"), {"ky": "2025-H1"}).content.decode()

    assert "Sở LĐTBXH Hà Nội" in page
    assert hanoi_officer.email in page
    assert "trước hạn 7 ngày" in page and "trước hạn 1 ngày" in page
    assert "Không có người nhận" in page
    assert "Bản tổng hợp gửi cán bộ thẩm định" in page


def test_the_reminders_log_query_count_does_not_grow_with_reminders(
    client, reminded, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    assert Reminder.objects.count() > 150

    with django_assert_max_num_queries(20):
        response = client.get(reverse("reminder-log"))

    assert response.status_code == 200


def test_an_officer_sees_its_own_notifications_and_the_unread_badge(client, reminded, hanoi_officer, hcm_officer):
    client.force_login(hanoi_officer)

    page = client.get(reverse("notification-list")).content.decode()

    assert "Còn 7 ngày đến hạn gửi báo cáo 6 tháng đầu năm 2025" in page
    assert "Còn 1 ngày đến hạn gửi báo cáo 6 tháng đầu năm 2025" in page
    assert '<span class="count" aria-label="2 chưa đọc">2</span>' in page
    others = Notification.objects.filter(user=hcm_officer)
    assert others.count() == 2
    for other in others:
        assert reverse("notification-open", args=[other.pk]) not in page


def test_opening_a_notification_marks_it_read_and_leads_to_the_report(client, reminded, hanoi_officer, hcm_officer):
    notification = Notification.objects.filter(user=hanoi_officer).first()
    client.force_login(hcm_officer)
    assert client.post(reverse("notification-open", args=[notification.pk])).status_code == 404

    client.force_login(hanoi_officer)
    response = client.post(reverse("notification-open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("report-mine")
    notification.refresh_from_db()
    assert notification.read_at is not None
    client.post(reverse("notification-read-all"))
    assert not Notification.objects.filter(user=hanoi_officer, read_at__isnull=True).exists()
