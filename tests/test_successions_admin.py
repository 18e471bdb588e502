"""What an admin does with the 2025 changes: move a dissolved agency's accounts to its successor and
name a province's reporting department from a date, each audited (issue 13, item 1)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.services import users_move_to_successor
from agencies.models import Agency, ReportingDepartment
from agencies.services import reporting_department_set
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
BACKEND = "accounts.backends.UsernameOrEmailBackend"


@pytest.fixture
def portal_admin(db):
    return make_user("quantri2", None, "admin", is_staff=True)


def test_the_admin_action_moves_a_dissolved_departments_accounts_and_keeps_their_history(
    reorganised, client, portal_admin
):
    # Given two officers of Hà Giang's DOLISA, which ended on 30 June 2025 into Tuyên Quang's Sở Y tế
    old = Agency.objects.get(code="so-ldtbxh-ha-giang")
    officers = [make_user(name, old.code, "provincial_officer") for name in ("hg1", "hg2")]
    before = {u.pk: u.history.count() for u in officers}
    # When an admin runs the action on it
    client.force_login(portal_admin, backend=BACKEND)
    response = client.post(
        reverse("admin:agencies_agency_changelist"),
        {"action": "move_officers_to_successor", "_selected_action": [old.pk]},
        follow=True,
    )
    # Then both accounts belong to the successor, and the trail says from where, by whom, why
    assert response.status_code == 200
    assert "đã chuyển 2 tài khoản sang Sở Y tế tỉnh Tuyên Quang" in response.content.decode()
    for officer in officers:
        officer.refresh_from_db()
        assert officer.agency.code == "so-y-te-tuyen-quang-2025"
        assert officer.history.count() == before[officer.pk] + 1
        latest = officer.history.first()
        assert latest.history_user == portal_admin
        assert "Sở Lao động - Thương binh và Xã hội tỉnh Hà Giang" in latest.history_change_reason
        assert latest.prev_record.agency_id == old.pk  # the old agency stays in the history


def test_molisas_reviewer_and_officer_go_where_the_plans_duties_went(reorganised, portal_admin):
    # MOLISA passed this plan's duties to the Ministry of Health and the rest to Home Affairs: the
    # plan's succession decides where its officers' accounts go.
    officer = make_user("molisa", "bo-ldtbxh", "agency_officer")
    successor, moved, left = users_move_to_successor(agency=officer.agency, user=portal_admin)
    assert successor.code == "bo-y-te" and moved == [officer] and left == []
    reviewer = make_user("pctnxh", "cuc-pctnxh", "reviewer")
    successor, moved, _left = users_move_to_successor(agency=reviewer.agency, user=portal_admin)
    reviewer.refresh_from_db()
    assert successor.code == "cuc-btxh-byt" and reviewer.agency == successor


def test_an_account_whose_roles_do_not_fit_the_successor_stays(reorganised, portal_admin):
    # A reviewer role outside the monitoring body would not fit: Bộ Y tế itself is not the body.
    wrong = make_user("lech", "bo-ldtbxh", "agency_officer")
    wrong.roles.add(*wrong.roles.model.objects.filter(code="reviewer"))
    _successor, moved, left = users_move_to_successor(agency=wrong.agency, user=portal_admin)
    assert moved == [] and [u.username for u, _why in left] == ["lech"]
    assert User.objects.get(pk=wrong.pk).agency.code == "bo-ldtbxh"


def test_only_an_ended_agency_with_one_successor_moves_and_only_an_admin_moves_it(reorganised, portal_admin):
    with pytest.raises(ValidationError, match="vẫn đang hoạt động"):
        users_move_to_successor(agency=Agency.objects.get(code="bo-cong-an"), user=portal_admin)
    with pytest.raises(PermissionDenied):
        users_move_to_successor(
            agency=Agency.objects.get(code="so-ldtbxh-ha-giang"), user=make_user("x", "bo-cong-an", "agency_officer")
        )


def test_an_admin_names_a_provinces_reporting_department_with_a_date_and_a_reason(reorganised, client, portal_admin):
    hanoi = Agency.objects.get(code="ubnd-ha-noi-2025")
    other = Agency.objects.create(
        code="so-noi-vu-ha-noi-2025", name="Sở Nội vụ thành phố Hà Nội", kind="other", parent=hanoi
    )
    client.force_login(portal_admin, backend=BACKEND)
    url = reverse("admin:agencies_reportingdepartment_add")
    # A missing reason is refused beside its field, and what was typed stays in the form
    refused = client.post(url, {"province": hanoi.pk, "department": other.pk, "valid_from": "01/12/2025", "reason": ""})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "errorlist" in page and "field-reason" in page and 'value="01/12/2025"' in page
    assert not ReportingDepartment.objects.exists()
    # With the reason, it is saved and the trail keeps who and why
    saved = client.post(
        url,
        {"province": hanoi.pk, "department": other.pk, "valid_from": "01/12/2025", "reason": "Quyết định 12/QĐ-UBND"},
    )
    assert saved.status_code == 302
    row = ReportingDepartment.objects.get()
    assert (row.department, row.valid_from) == (other, datetime.date(2025, 12, 1))
    entry = row.history.get()
    assert entry.history_user == portal_admin and entry.history_change_reason == "Quyết định 12/QĐ-UBND"


def test_a_reporting_department_must_exist_on_its_date_and_not_be_a_committee(reorganised, portal_admin):
    hanoi = Agency.objects.get(code="ubnd-ha-noi-2025")
    with pytest.raises(ValidationError) as raised:
        reporting_department_set(
            province=hanoi,
            department=Agency.objects.get(code="so-ldtbxh-ha-noi"),
            valid_from=datetime.date(2025, 12, 1),
            reason="thử",
            user=portal_admin,
        )
    assert "department" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        reporting_department_set(
            province=hanoi, department=hanoi, valid_from=datetime.date(2025, 6, 1), reason="thử", user=portal_admin
        )
    assert {"department", "valid_from"} <= set(raised.value.message_dict)
