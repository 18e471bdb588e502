"""The Django admin holds the portal's rules: records that prove what happened stay read-only, and
users are changed by whom the users page allows, within the same rules."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from notifications.models import Digest, Reminder
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
BACKEND = "accounts.backends.UsernameOrEmailBackend"
RECORDS = [AccessAttempt, AccessLog, AccessFailureLog, Reminder, Digest]


@pytest.mark.parametrize("model", RECORDS, ids=lambda m: m._meta.label)
def test_records_of_what_happened_are_read_only_for_everyone_even_a_superuser(admin_user, model):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.get_actions(request) == {}


def test_a_superuser_cannot_delete_the_login_audit_through_the_admin(client, admin_user, hanoi_officer):
    # given a failed and a successful login on record
    client.post(reverse("login"), {"username": "hanoi", "password": "sai-mat-khau"})
    client.post(reverse("login"), {"username": "hanoi", "password": PASSWORD})
    log = AccessLog.objects.get(username="hanoi")
    client.logout()
    # when the superuser tries to delete it, one row or by the changelist's action
    client.force_login(admin_user, backend=BACKEND)
    one = client.post(reverse("admin:axes_accesslog_delete", args=[log.pk]), {"post": "yes"})
    bulk = client.post(
        reverse("admin:axes_accesslog_changelist"),
        {"action": "delete_selected", "_selected_action": [log.pk], "post": "yes"},
    )
    # then it is refused and the row stays
    assert one.status_code == 403
    assert bulk.status_code in (200, 302)
    assert AccessLog.objects.filter(pk=log.pk).exists()
    assert client.get(reverse("admin:axes_accesslog_change", args=[log.pk])).status_code == 200
