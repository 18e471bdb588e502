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


@pytest.fixture
def portal_admin(db):
    """An admin of the portal (the admin role, staff) who is not a superuser."""
    from tests.conftest import make_user

    return make_user("quantri2", None, "admin", is_staff=True)


def _change_data(user, **changes) -> dict:
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "agency": user.agency_id or "",
        "roles": sorted(user.role_codes),
        "position": user.position,
        "phone": user.phone,
        "date_joined_0": "01/01/2025",
        "date_joined_1": "08:00:00",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_admin_who_is_not_a_superuser_cannot_make_itself_one(client, portal_admin):
    client.force_login(portal_admin, backend=BACKEND)
    url = reverse("admin:accounts_user_change", args=[portal_admin.pk])
    page = client.get(url)
    assert page.status_code == 200  # read, not changed
    assert 'name="is_superuser"' not in page.content.decode()
    response = client.post(url, _change_data(portal_admin, is_superuser="on"))
    assert response.status_code == 403
    portal_admin.refresh_from_db()
    assert not portal_admin.is_superuser


def test_an_admin_who_is_not_a_superuser_cannot_set_the_superusers_password(client, portal_admin, admin_user):
    client.force_login(portal_admin, backend=BACKEND)
    url = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    response = client.post(url, {"password1": "Chiem-Quyen-2025!", "password2": "Chiem-Quyen-2025!"})
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)


def test_an_admin_gives_roles_only_through_the_users_page_rules(client, portal_admin, admin_user, hcm_officer):
    # a portal admin cannot change roles in the admin at all
    client.force_login(portal_admin, backend=BACKEND)
    url = reverse("admin:accounts_user_change", args=[hcm_officer.pk])
    assert client.post(url, _change_data(hcm_officer, roles=["provincial_officer", "reviewer"])).status_code == 403
    # and even the superuser gets the users page's refusal beside the roles
    client.force_login(admin_user, backend=BACKEND)
    response = client.post(url, _change_data(hcm_officer, roles=["provincial_officer", "reviewer"]))
    assert response.status_code == 200
    assert "Cán bộ thẩm định phải thuộc cơ quan theo dõi Kế hoạch." in response.content.decode()
    assert type(hcm_officer).objects.get(pk=hcm_officer.pk).role_codes == {"provincial_officer"}


def test_a_portal_admin_still_deactivates_users_in_the_admin_through_the_service(client, portal_admin, hcm_officer):
    client.force_login(portal_admin, backend=BACKEND)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [hcm_officer.pk]},
    )
    assert response.status_code == 302
    assert not type(hcm_officer).objects.get(pk=hcm_officer.pk).is_active
