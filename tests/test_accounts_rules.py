"""accounts/rules.py against its roles table, object by object, and agency scope (404)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from accounts.rules import get_visible_or_404, visible, visible_reports
from tests.matrix import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    return World(cast)


def _report(world, agency_code, status):
    return world.report(agency_code, status=status)


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("draft", {"reviewer", "admin", "hanoi"}),
        ("submitted", {"reviewer", "admin", "hanoi"}),
        ("accepted", {"reviewer", "admin", "hanoi", "viewer"}),
    ],
)
def test_who_may_open_hanoi_s_report(world, cast, status, allowed):
    report = _report(world, "so-ldtbxh-ha-noi", status)
    for role, user in cast.items():
        assert user.has_perm("reporting.view_report", report) is (role in allowed), role


def test_only_the_province_s_own_officer_edits_and_submits_its_draft(world, cast):
    report = _report(world, "so-ldtbxh-ha-noi", "draft")
    editors = {role for role, user in cast.items() if user.has_perm("reporting.change_report", report)}
    submitters = {role for role, user in cast.items() if user.has_perm("reporting.submit_report", report)}
    assert editors == submitters == {"hanoi"}


def test_a_returned_report_is_editable_again_and_an_accepted_one_is_locked(world, cast):
    report = _report(world, "so-ldtbxh-ha-noi", "returned")
    assert cast["hanoi"].has_perm("reporting.change_report", report)
    report = _report(world, "so-ldtbxh-ha-noi", "accepted")
    assert not cast["hanoi"].has_perm("reporting.change_report", report)


def test_an_agency_officer_edits_its_own_agency_s_report_only(world, cast):
    police_report = _report(world, "bo-cong-an", "draft")
    assert cast["police"].has_perm("reporting.change_report", police_report)
    assert not cast["hanoi"].has_perm("reporting.change_report", police_report)
    assert not cast["police"].has_perm("reporting.change_report", _report(world, "so-ldtbxh-ha-noi", "draft"))


def test_only_reviewers_review_and_only_a_submitted_report(world, cast):
    submitted = _report(world, "so-ldtbxh-ha-noi", "submitted")
    assert {r for r, u in cast.items() if u.has_perm("reporting.review_report", submitted)} == {"reviewer"}
    draft = _report(world, "so-ldtbxh-ho-chi-minh", "draft")
    assert not cast["reviewer"].has_perm("reporting.review_report", draft)


def test_only_admins_reopen_and_only_an_accepted_report(world, cast):
    accepted = _report(world, "so-ldtbxh-ha-noi", "accepted")
    assert {r for r, u in cast.items() if u.has_perm("reporting.reopen_report", accepted)} == {"admin"}
    assert not cast["admin"].has_perm("reporting.reopen_report", _report(world, "bo-cong-an", "submitted"))


def test_a_reviewer_role_outside_the_monitoring_body_reviews_nothing(world, cast):
    # given an HCMC officer who also holds the reviewer role (given before the users page refused it)
    from accounts.models import Role

    hcm = cast["hcm"]
    hcm.roles.add(Role.objects.get(code="reviewer"))
    hcm = type(hcm).objects.get(pk=hcm.pk)
    own = _report(world, "so-ldtbxh-ho-chi-minh", "submitted")
    other = _report(world, "so-ldtbxh-ha-noi", "submitted")
    # then it neither judges its own report nor reads or judges another province's
    assert not hcm.has_perm("reporting.review_report", own)
    assert not hcm.has_perm("reporting.review_report", other)
    assert not hcm.has_perm("reporting.view_report", other)
    assert not visible_reports(hcm, type(other).objects.filter(pk=other.pk)).exists()


def test_nobody_accepts_returns_or_reopens_a_report_of_their_own_agency(world, cast):
    from accounts.models import Role, User
    from agencies.models import Agency

    # given a monitoring body whose report is submitted, and an admin of that body
    monitor = Agency.objects.get(code="cuc-pctnxh")
    submitted = world.report("cuc-pctnxh", status="submitted")
    accepted_other = _report(world, "so-ldtbxh-ha-noi", "accepted")
    admin_there = User.objects.create_user(username="qt-cuc", email="qt-cuc@example.gov.vn", agency=monitor)
    admin_there.roles.set(Role.objects.filter(code="admin"))
    # then its reviewer may read it but not judge it, and its admin reopens others' reports only
    assert cast["reviewer"].has_perm("reporting.view_report", submitted)
    assert not cast["reviewer"].has_perm("reporting.review_report", submitted)
    accepted_own = world.report("cuc-pctnxh", status="accepted", period="2024-FY")
    assert not admin_there.has_perm("reporting.reopen_report", accepted_own)
    assert admin_there.has_perm("reporting.reopen_report", accepted_other)


def test_officers_start_reports_only_for_their_own_agency(world, cast):
    hanoi, hcm = world.agency("so-ldtbxh-ha-noi"), world.agency("so-ldtbxh-ho-chi-minh")
    assert cast["hanoi"].has_perm("reporting.add_report", hanoi)
    assert not cast["hanoi"].has_perm("reporting.add_report", hcm)
    for role in ("reviewer", "viewer", "admin"):
        assert not cast[role].has_perm("reporting.add_report", hanoi), role


def test_task_status_belongs_to_the_agencies_that_lead_or_support_the_task(plan, cast):
    from tasks.models import Task

    tasks = {t.code: t for t in plan.tasks.all()}
    police_tasks = [t for t in tasks.values() if t.responsibilities.filter(agency__code="bo-cong-an").exists()]
    assert police_tasks, "the plan names Bộ Công an in some tasks"
    assert cast["police"].has_perm("tasks.update_task_status", police_tasks[0])
    # a task given to every ministry through a collective counts as the police's too
    through_collective = [
        t
        for t in Task.objects.filter(plan=plan, responsibilities__collective__isnull=False).distinct()
        if any("ministry" in r.collective.member_kinds for r in t.responsibilities.all() if r.collective_id)
    ]
    assert through_collective, "the plan gives tasks to every ministry through a collective"
    assert cast["police"].has_perm("tasks.update_task_status", through_collective[0])
    for role in ("reviewer", "viewer", "admin", "hanoi"):
        assert not cast[role].has_perm("tasks.update_task_status", police_tasks[0]), role


def test_a_provincial_officer_sees_its_own_province_s_figures_only(world, cast):
    hanoi_province = world.agency("so-ldtbxh-ha-noi").parent
    hcm_province = world.agency("so-ldtbxh-ho-chi-minh").parent
    assert cast["hanoi"].has_perm("reporting.view_province_figures", hanoi_province)
    assert not cast["hanoi"].has_perm("reporting.view_province_figures", hcm_province)
    assert not cast["police"].has_perm("reporting.view_province_figures", hanoi_province)
    for role in ("reviewer", "viewer", "admin"):
        assert cast[role].has_perm("reporting.view_province_figures", hcm_province), role


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        ("reporting.view_dashboard", {"reviewer", "hanoi", "hcm", "police", "viewer", "admin"}),
        ("reporting.manage_periods", {"admin"}),
        ("agencies.manage_agencies", {"admin"}),
        ("accounts.manage_users", {"admin"}),
        ("accounts.view_audit", {"reviewer", "admin"}),
    ],
)
def test_global_permissions_follow_the_roles_table(cast, perm, allowed):
    assert {role for role, user in cast.items() if user.has_perm(perm)} == allowed


def test_the_viewer_changes_nothing(world, cast):
    viewer = cast["viewer"]
    for status in ("draft", "returned", "submitted", "accepted"):
        report = _report(world, "so-ldtbxh-ha-noi", status)
        for perm in ("change_report", "submit_report", "review_report", "reopen_report"):
            assert not viewer.has_perm(f"reporting.{perm}", report), (status, perm)
    assert not viewer.has_perm("reporting.add_report", world.agency("vpcp"))


def test_a_deactivated_user_holds_no_role(world, cast):
    hanoi = cast["hanoi"]
    report = _report(world, "so-ldtbxh-ha-noi", "draft")
    hanoi.is_active = False
    assert not hanoi.has_perm("reporting.view_report", report)
    assert not hanoi.has_perm("reporting.change_report", report)


# -- agency scope: another agency's object answers 404, as if it did not exist ----------------------


def test_a_province_cannot_open_another_province_s_report(world, cast):
    from reporting.models import Report

    report = _report(world, "so-ldtbxh-ha-noi", "draft")
    assert get_visible_or_404(cast["hanoi"], Report.objects.all(), pk=report.pk) == report
    for role in ("hcm", "police", "viewer"):
        with pytest.raises(Http404):
            get_visible_or_404(cast[role], Report.objects.all(), pk=report.pk)


def test_the_parts_of_a_report_follow_its_report(world, cast, plan):
    from reporting.models import IndicatorFigure, TaskProgress

    report = _report(world, "so-ldtbxh-ha-noi", "draft")
    figure = IndicatorFigure.objects.create(
        report=report, target=plan.targets.get(code="1"), numerator=1, denominator=2
    )
    progress = TaskProgress.objects.create(report=report, task=plan.tasks.get(code="1.1"), status="in_progress")
    for queryset, obj in ((IndicatorFigure.objects.all(), figure), (TaskProgress.objects.all(), progress)):
        assert get_visible_or_404(cast["hanoi"], queryset, pk=obj.pk) == obj
        assert get_visible_or_404(cast["reviewer"], queryset, pk=obj.pk) == obj
        with pytest.raises(Http404):
            get_visible_or_404(cast["hcm"], queryset, pk=obj.pk)
    # once accepted, readers see the figures too
    report.status = "accepted"
    report.save(update_fields=["status"])
    assert get_visible_or_404(cast["viewer"], IndicatorFigure.objects.all(), pk=figure.pk) == figure


def test_task_status_updates_of_another_agency_are_hidden_from_officers(world, cast, plan):
    from reporting.models import TaskStatusUpdate

    task = plan.tasks.get(code="1.1")
    update = TaskStatusUpdate.objects.create(
        task=task, agency=world.agency("bo-cong-an"), status="in_progress", user=cast["police"]
    )
    assert get_visible_or_404(cast["police"], TaskStatusUpdate.objects.all(), pk=update.pk) == update
    assert get_visible_or_404(cast["viewer"], TaskStatusUpdate.objects.all(), pk=update.pk) == update
    with pytest.raises(Http404):
        get_visible_or_404(cast["hanoi"], TaskStatusUpdate.objects.all(), pk=update.pk)


def test_lists_hold_only_what_the_user_may_open(world, cast):
    from reporting.models import Report

    mine = _report(world, "so-ldtbxh-ha-noi", "draft")
    other = _report(world, "so-ldtbxh-ho-chi-minh", "accepted")
    assert set(visible_reports(cast["hanoi"], Report.objects.all())) == {mine}
    assert set(visible_reports(cast["viewer"], Report.objects.all())) == {other}
    assert set(visible_reports(cast["reviewer"], Report.objects.all())) == {mine, other}


def test_a_model_without_a_declared_scope_cannot_be_listed_by_accident(cast):
    from accounts.models import Role

    with pytest.raises(ImproperlyConfigured):
        visible(cast["hanoi"], Role.objects.all())
