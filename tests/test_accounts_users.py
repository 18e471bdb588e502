"""The users page and its services: admins create, edit, deactivate and reactivate users, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import User

pytestmark = pytest.mark.django_db
BACKEND = "accounts.backends.UsernameOrEmailBackend"


def _agency(code):
    from agencies.models import Agency

    return Agency.objects.get(code=code)


def test_an_admin_creates_a_provincial_officer_with_agency_and_role(admin_user):
    created = services.user_create(
        username="sodanang",
        email="sodanang@example.gov.vn",
        password="Mat-Khau-Rat-Dai-2025",
        roles=["provincial_officer"],
        agency=_agency("so-ldtbxh-da-nang"),
        user=admin_user,
    )
    assert created.role_codes == {"provincial_officer"}
    assert created.check_password("Mat-Khau-Rat-Dai-2025")
    first = created.history.earliest("history_date")
    assert first.history_type == "+"
    assert first.history_user == admin_user
    assert first.history_change_reason == "Tạo tài khoản"


def test_only_admins_manage_users(reviewer, hanoi_officer):
    for user in (reviewer, hanoi_officer):
        with pytest.raises(PermissionDenied):
            services.user_deactivate(target=hanoi_officer, user=user)
        with pytest.raises(PermissionDenied):
            services.user_update(target=hanoi_officer, user=user, first_name="X")


@pytest.mark.parametrize(
    ("roles", "agency_code", "message"),
    [
        (["provincial_officer"], "bo-cong-an", "Cán bộ Sở phải thuộc một Sở báo cáo"),
        (["agency_officer"], "so-ldtbxh-ha-noi", "dùng vai trò “Cán bộ Sở”"),
        (["agency_officer"], None, "phải thuộc một cơ quan"),
        ([], "vpcp", "Chọn ít nhất một vai trò"),
    ],
)
def test_roles_that_do_not_fit_the_agency_are_refused(admin_user, roles, agency_code, message):
    with pytest.raises(ValidationError) as error:
        services.user_create(
            username="sai",
            email="sai@example.gov.vn",
            password="Mat-Khau-Rat-Dai-2025",
            roles=roles,
            agency=_agency(agency_code) if agency_code else None,
            user=admin_user,
        )
    assert message in " ".join(error.value.message_dict["roles"])


def test_two_accounts_cannot_share_an_email_since_it_logs_in(admin_user, hanoi_officer):
    with pytest.raises(ValidationError) as error:
        services.user_create(
            username="khac",
            email="HANOI@example.gov.vn",
            password="Mat-Khau-Rat-Dai-2025",
            roles=["viewer"],
            agency=_agency("vpcp"),
            user=admin_user,
        )
    assert "email" in error.value.message_dict


def test_deactivation_keeps_the_user_and_its_history(admin_user, hanoi_officer):
    services.user_deactivate(target=hanoi_officer, user=admin_user, reason="Chuyển công tác")
    hanoi_officer.refresh_from_db()
    assert not hanoi_officer.is_active
    last = hanoi_officer.history.latest("history_id")
    assert last.history_change_reason == "Chuyển công tác"
    assert last.history_user == admin_user
    assert last.prev_record.is_active is True and last.is_active is False
    services.user_reactivate(target=hanoi_officer, user=admin_user)
    hanoi_officer.refresh_from_db()
    assert hanoi_officer.is_active


def test_an_admin_cannot_deactivate_itself(admin_user):
    with pytest.raises(ValidationError):
        services.user_deactivate(target=admin_user, user=admin_user)


def test_the_users_page_lists_searches_and_creates(
    client, admin_user, hanoi_officer, hcm_officer, django_assert_max_num_queries
):
    client.force_login(admin_user, backend=BACKEND)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("user-list"), {"q": "hanoi"})
    text = page.content.decode()
    assert "hanoi@example.gov.vn" in text and "hcm@example.gov.vn" not in text
    # a form with a bad password keeps what was typed and says why, in Vietnamese
    data = {
        "username": "moi",
        "email": "moi@example.gov.vn",
        "last_name": "Nguyễn Văn",
        "first_name": "Mới",
        "agency": _agency("so-ldtbxh-ha-noi").pk,
        "roles": ["provincial_officer"],
        "password1": "123",
        "password2": "123",
    }
    refused = client.post(reverse("user-create"), data)
    assert refused.status_code == 200
    assert "Nguyễn Văn" in refused.content.decode()
    assert not User.objects.filter(username="moi").exists()
    data.update(password1="Mat-Khau-Rat-Dai-2025", password2="Mat-Khau-Rat-Dai-2025")
    assert client.post(reverse("user-create"), data).status_code == 302
    assert User.objects.get(username="moi").agency.code == "so-ldtbxh-ha-noi"


def test_the_users_page_query_count_does_not_grow_with_users(client, admin_user, cast, django_assert_max_num_queries):
    from accounts.models import Role

    for i in range(30):
        user = User.objects.create(username=f"u{i}", email=f"u{i}@example.gov.vn", agency=_agency("vpcp"))
        user.roles.set(Role.objects.filter(code="viewer"))
    client.force_login(admin_user, backend=BACKEND)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("user-list")).status_code == 200


def test_editing_a_user_changes_roles_and_records_before_and_after(client, admin_user, hanoi_officer):
    client.force_login(admin_user, backend=BACKEND)
    data = {
        "username": "hanoi",
        "email": "hanoi@example.gov.vn",
        "last_name": "",
        "first_name": "",
        "agency": _agency("so-ldtbxh-ha-noi").pk,
        "roles": ["provincial_officer", "viewer"],
        "position": "Phó Trưởng phòng",
        "phone": "",
    }
    assert client.post(reverse("user-edit", args=[hanoi_officer.pk]), data).status_code == 302
    hanoi_officer = User.objects.get(pk=hanoi_officer.pk)
    assert hanoi_officer.role_codes == {"provincial_officer", "viewer"}
    assert hanoi_officer.position == "Phó Trưởng phòng"
    page = client.get(reverse("user-edit", args=[hanoi_officer.pk])).content.decode()
    assert "Phó Trưởng phòng" in page and "Người xem" in page


def test_deactivate_and_reactivate_from_the_users_page(client, admin_user, hanoi_officer):
    client.force_login(admin_user, backend=BACKEND)
    client.post(reverse("user-deactivate", args=[hanoi_officer.pk]))
    assert not User.objects.get(pk=hanoi_officer.pk).is_active
    client.post(reverse("user-reactivate", args=[hanoi_officer.pk]))
    assert User.objects.get(pk=hanoi_officer.pk).is_active


def test_the_admin_deactivates_users_and_never_deletes_them(client, admin_user, hanoi_officer):
    client.force_login(admin_user, backend=BACKEND)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [hanoi_officer.pk]},
    )
    assert response.status_code == 302
    assert not User.objects.get(pk=hanoi_officer.pk).is_active
    changelist = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "delete_selected" not in changelist


def test_demo_users_are_refused_without_demo_mode(settings, db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("seed_demo_users")
    assert not User.objects.filter(username="thamdinh").exists()


def test_demo_users_are_one_per_role_and_idempotent(settings, reorganised, client):
    from django.core.management import call_command

    settings.DEMO_MODE = True
    call_command("seed_demo_users")
    history_rows = sum(u.history.count() for u in User.objects.all())
    call_command("seed_demo_users")
    assert sum(u.history.count() for u in User.objects.all()) == history_rows
    expected = {
        "thamdinh": ("cuc-pctnxh", {"reviewer"}),
        "thamdinhbyt": ("cuc-btxh-byt", {"reviewer"}),
        "sohanoi": ("so-ldtbxh-ha-noi", {"provincial_officer"}),  # a province of the 63 (to 30/06/2025)
        "soytehanoi": ("so-y-te-ha-noi-2025", {"provincial_officer"}),  # a province of the 34 (from 01/07/2025)
        "pheduyethue": ("so-y-te-hue-2025", {"approver"}),  # approves Huế's Sở Y tế's reports
        "bocongan": ("bo-cong-an", {"agency_officer"}),
        "vanphongcp": ("vpcp", {"viewer"}),
        "quantri": (None, {"admin"}),
    }
    for username, (agency, roles) in expected.items():
        user = User.objects.get(username=username)
        assert (user.agency.code if user.agency else None) == agency
        assert user.role_codes == roles
        assert client.post(reverse("login"), {"username": username, "password": "Demo@808-2025"}).status_code == 302
        client.logout()
    admin = User.objects.get(username="quantri")
    assert admin.is_staff and admin.is_superuser


def test_the_users_page_refuses_the_reviewer_role_outside_the_monitoring_body(client, admin_user, hcm_officer):
    client.force_login(admin_user, backend=BACKEND)
    data = {
        "username": "hcm",
        "email": "hcm@example.gov.vn",
        "last_name": "Trần",
        "first_name": "Bình",
        "agency": _agency("so-ldtbxh-ho-chi-minh").pk,
        "roles": ["provincial_officer", "reviewer"],
        "position": "",
        "phone": "",
    }
    response = client.post(reverse("user-edit", args=[hcm_officer.pk]), data)
    # the message stands beside the roles, what was typed stays, and nothing is saved
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cán bộ thẩm định phải thuộc cơ quan theo dõi Kế hoạch." in page
    assert 'value="Trần"' in page
    assert User.objects.get(pk=hcm_officer.pk).role_codes == {"provincial_officer"}
    # and the monitoring body's users may hold it
    services.user_update(target=hcm_officer, user=admin_user, agency=_agency("cuc-pctnxh"), roles=["reviewer"])
    assert User.objects.get(pk=hcm_officer.pk).role_codes == {"reviewer"}
