"""The report's life: start, save, submit, return, accept, reopen, refused where the role may not."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting import selectors, services
from reporting.models import Attachment, PeriodException, Report, ReportEvent
from tests.reporting_helpers import complete_data, filled_report, pdf_file, periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def test_periods_are_made_for_every_year_with_the_decree_windows_and_again_changes_nothing(plan):
    first = services.period_create_for_plan(plan=plan)
    again = services.period_create_for_plan(plan=plan)

    assert [p.code for p in first] == [f"{y}-{k}" for y in range(2022, 2026) for k in ("H1", "FY")]
    assert [p.pk for p in again] == [p.pk for p in first]
    h1 = first[-2]
    assert (h1.name, h1.due_date) == ("6 tháng đầu năm 2025", datetime.date(2025, 6, 20))
    assert (h1.window_start, h1.window_end) == (datetime.date(2024, 12, 15), datetime.date(2025, 6, 14))
    fy = first[-1]
    assert (fy.name, fy.due_date) == ("năm 2025", datetime.date(2025, 12, 20))
    assert (fy.window_start, fy.window_end) == (datetime.date(2024, 12, 15), datetime.date(2025, 12, 14))


def test_an_admins_change_to_a_period_survives_a_second_run(plan, h1):
    h1.due_date = datetime.date(2025, 6, 25)
    h1.save()
    services.period_create_for_plan(plan=plan)
    h1.refresh_from_db()
    assert h1.due_date == datetime.date(2025, 6, 25)


def test_starting_a_report_seeds_its_figures_and_tasks(h1, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)

    assert report.status == Report.Status.DRAFT
    assert sorted(report.figures.values_list("target__code", flat=True)) == sorted(
        ["1", "2b", "3a", "3b", "3c", "4", "5", "6", "7", "8a", "8b", "9", "10", "11a", "11b"]
    )
    assert report.figures.get(target__code="2b").denominator == 6  # the months of the half-year
    assert report.task_progress.count() == 18
    assert report.events.get().action == ReportEvent.Action.CREATE
    assert services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer).pk == report.pk


def test_a_new_report_starts_from_the_latest_task_status_of_the_agency(h1, police_officer, time_machine):
    # given two status updates on task 1.1, the newer one "done"
    task = h1.plan.tasks.get(code="1.1")
    time_machine.move_to(utc(2025, 3, 1))
    services.task_status_update(
        task=task, agency=police_officer.agency, user=police_officer, status="in_progress", note=""
    )
    time_machine.move_to(utc(2025, 5, 1))
    services.task_status_update(
        task=task, agency=police_officer.agency, user=police_officer, status="done", note="Xong"
    )
    # when the agency starts its report
    report = services.report_start(agency=police_officer.agency, period=h1, user=police_officer)
    # then task 1.1 starts "done" and the others start blank
    assert report.task_progress.get(task=task).status == "done"
    assert set(report.task_progress.exclude(task=task).values_list("status", flat=True)) == {""}


def test_an_officer_cannot_start_another_provinces_report(h1, hanoi_officer, hcm_officer):
    with pytest.raises(PermissionDenied):
        services.report_start(agency=hcm_officer.agency, period=h1, user=hanoi_officer)


@pytest.mark.parametrize("who", ["reviewer", "viewer", "admin", "police"])
def test_only_the_agencys_own_officer_may_start_its_report(h1, cast, who):
    with pytest.raises(PermissionDenied):
        services.report_start(agency=cast["hanoi"].agency, period=h1, user=cast[who])


def test_a_closed_period_refuses_a_new_report_unless_an_exception_runs(h1, hanoi_officer, admin_user, time_machine):
    time_machine.move_to(utc(2025, 7, 1, 3))
    h1.is_open = False
    h1.save()
    with pytest.raises(PermissionDenied):
        services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)

    services.period_exception_grant(
        period=h1, agency=hanoi_officer.agency, until=datetime.date(2025, 7, 5), reason="Bão lũ", user=admin_user
    )
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    assert report.pk
    assert PeriodException.history.get().history_user == admin_user

    # the exception ends at the end of its day in Hà Nội
    time_machine.move_to(utc(2025, 7, 5, 17, 0))
    with pytest.raises(PermissionDenied):
        services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)


def test_only_an_admin_grants_an_exception(h1, reviewer, hanoi_officer):
    with pytest.raises(PermissionDenied):
        services.period_exception_grant(
            period=h1, agency=hanoi_officer.agency, until=datetime.date(2025, 7, 5), reason="x", user=reviewer
        )


def test_the_full_round_submit_return_resubmit_accept_is_in_the_audit_trail(h1, hanoi_officer, reviewer):
    # given a complete report
    report = filled_report(h1, hanoi_officer)
    assert selectors.report_missing(report=report) == {}
    # when it is submitted, returned, corrected, submitted and accepted
    report = services.report_submit(report=report, user=hanoi_officer, at=utc(2025, 6, 18, 2))
    report = services.report_return(report=report, user=reviewer, comment="Bổ sung số liệu chỉ tiêu 9")
    report = services.report_save(
        report=report, user=hanoi_officer, data={"proposals": "Đã bổ sung."}, expected_version=report.version
    )
    report = services.report_submit(report=report, user=hanoi_officer, at=utc(2025, 6, 25, 2))
    report = services.report_accept(report=report, user=reviewer)
    # then every step is recorded, and the first submission decides timeliness
    assert list(report.events.order_by("pk").values_list("action", "user__username")) == [
        ("create", "hanoi"),
        ("submit", "hanoi"),
        ("return", "reviewer"),
        ("submit", "hanoi"),
        ("accept", "reviewer"),
    ]
    assert report.events.get(action="return").comment == "Bổ sung số liệu chỉ tiêu 9"
    assert report.is_on_time is True
    assert report.is_locked
    reasons = list(report.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert "Trả lại: Bổ sung số liệu chỉ tiêu 9" in reasons


def test_submitting_an_incomplete_report_lists_what_is_missing(h1, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    with pytest.raises(ValidationError) as raised:
        services.report_submit(report=report, user=hanoi_officer)
    missing = raised.value.message_dict
    assert missing["figures.1"] == ["Chưa nhập đủ số liệu chỉ tiêu 1."]
    assert "tasks.1.1.status" in missing
    assert "dispatch_number" in missing and "attachments" in missing
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


@pytest.mark.parametrize("who", ["hanoi", "hcm", "viewer", "police", "admin"])
def test_only_a_reviewer_returns_or_accepts(h1, cast, who):
    report = services.report_submit(report=filled_report(h1, cast["hanoi"]), user=cast["hanoi"])
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, user=cast[who])
    with pytest.raises(PermissionDenied):
        services.report_return(report=report, user=cast[who], comment="x")


def test_a_reviewer_cannot_accept_a_draft_nor_return_without_a_comment(h1, hanoi_officer, reviewer):
    report = filled_report(h1, hanoi_officer)
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, user=reviewer)
    report = services.report_submit(report=report, user=hanoi_officer)
    with pytest.raises(ValidationError) as raised:
        services.report_return(report=report, user=reviewer, comment="  ")
    assert "comment" in raised.value.message_dict


def test_a_submitted_or_accepted_report_cannot_be_edited_by_its_officer(h1, hanoi_officer, reviewer):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    with pytest.raises(PermissionDenied):
        services.report_save(
            report=report, user=hanoi_officer, data={"proposals": "x"}, expected_version=report.version
        )
    report = services.report_accept(report=report, user=reviewer)
    with pytest.raises(PermissionDenied):
        services.report_save(
            report=report, user=hanoi_officer, data={"proposals": "x"}, expected_version=report.version
        )


def test_only_an_admin_reopens_an_accepted_report_with_a_reason(h1, hanoi_officer, reviewer, admin_user):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    report = services.report_accept(report=report, user=reviewer)
    for user in (reviewer, hanoi_officer):
        with pytest.raises(PermissionDenied):
            services.report_reopen(report=report, user=user, reason="Sai số liệu")
    with pytest.raises(ValidationError):
        services.report_reopen(report=report, user=admin_user, reason="")

    report = services.report_reopen(report=report, user=admin_user, reason="Sai số liệu chỉ tiêu 1")

    assert report.status == Report.Status.RETURNED
    assert report.events.last().action == "reopen"
    assert report.events.last().comment == "Sai số liệu chỉ tiêu 1"
    services.report_save(report=report, user=hanoi_officer, data={"proposals": "Sửa"}, expected_version=report.version)


def test_accept_and_reopen_make_the_dashboards_stale(h1, hanoi_officer, reviewer, admin_user):
    from indicators.cache import dashboard_generation

    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    before = dashboard_generation()
    report = services.report_accept(report=report, user=reviewer)
    after_accept = dashboard_generation()
    services.report_reopen(report=report, user=admin_user, reason="Sửa")
    assert before < after_accept < dashboard_generation()


@pytest.mark.parametrize(
    ("instant", "on_time"),
    [
        (utc(2025, 6, 20, 16, 59), True),  # 23:59 on 20 June in Hà Nội
        (utc(2025, 6, 20, 17, 0), False),  # 00:00 on 21 June in Hà Nội
    ],
)
def test_a_report_is_on_time_until_the_end_of_the_due_day_in_hanoi(h1, hanoi_officer, instant, on_time):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer, at=instant)
    assert report.is_on_time is on_time


def test_a_later_resubmission_keeps_the_first_submissions_timeliness(h1, hanoi_officer, reviewer):
    report = services.report_submit(
        report=filled_report(h1, hanoi_officer), user=hanoi_officer, at=utc(2025, 6, 20, 16, 59)
    )
    report = services.report_return(report=report, user=reviewer, comment="Bổ sung")
    report = services.report_submit(report=report, user=hanoi_officer, at=utc(2025, 7, 2))
    assert report.is_on_time is True
    assert report.submitted_at == utc(2025, 7, 2)


def test_a_returned_report_may_be_resubmitted_after_the_period_closes(h1, hanoi_officer, reviewer):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    report = services.report_return(report=report, user=reviewer, comment="Bổ sung")
    h1.is_open = False
    h1.save()
    assert services.report_submit(report=report, user=hanoi_officer).status == Report.Status.SUBMITTED


def test_reviewer_comments_per_section_only_on_submitted_reports(h1, hanoi_officer, reviewer):
    report = filled_report(h1, hanoi_officer)
    with pytest.raises(PermissionDenied):
        services.report_comment(report=report, user=reviewer, section="budget", text="x")
    report = services.report_submit(report=report, user=hanoi_officer)
    comment = services.report_comment(report=report, user=reviewer, section="budget", text="Kiểm tra nguồn")
    assert comment.get_section_display() == "Kinh phí"
    with pytest.raises(ValidationError) as raised:
        services.report_comment(report=report, user=reviewer, section="nope", text="")
    assert set(raised.value.message_dict) == {"section", "text"}
    with pytest.raises(PermissionDenied):
        services.report_comment(report=report, user=hanoi_officer, section="budget", text="x")


def test_task_status_is_updated_only_by_an_officer_of_a_responsible_agency(plan, police_officer, viewer, hanoi_officer):
    task = plan.tasks.get(code="1.1")
    update = services.task_status_update(
        task=task, agency=police_officer.agency, user=police_officer, status="in_progress", note="Đã họp"
    )
    assert update.history.get().history_user == police_officer
    with pytest.raises(PermissionDenied):
        services.task_status_update(task=task, agency=police_officer.agency, user=viewer, status="done", note="")
    with pytest.raises(PermissionDenied):  # someone else's agency
        services.task_status_update(task=task, agency=police_officer.agency, user=hanoi_officer, status="done", note="")
    with pytest.raises(PermissionDenied):  # a task the police neither lead nor support
        services.task_status_update(
            task=plan.tasks.get(code="2.2"), agency=police_officer.agency, user=police_officer, status="done", note=""
        )
    with pytest.raises(ValidationError) as raised:
        services.task_status_update(task=task, agency=police_officer.agency, user=police_officer, status="x", note="")
    assert "status" in raised.value.message_dict


def test_an_attachment_of_the_wrong_type_or_too_large_is_refused(h1, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    with pytest.raises(ValidationError) as raised:
        services.report_attach(
            report=report, user=hanoi_officer, file=pdf_file("bao-cao.docx", b"PK\x03\x04x"), kind="other"
        )
    assert raised.value.message_dict["file"] == ["Chỉ nhận tệp PDF, ảnh quét JPEG/PNG hoặc bảng tính XLSX, XLS, ODS."]
    with pytest.raises(ValidationError):  # a renamed file: the name says PDF, the bytes do not
        services.report_attach(report=report, user=hanoi_officer, file=pdf_file("a.pdf", b"MZ\x90\x00"), kind="other")
    big = pdf_file("lon.pdf", b"%PDF" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as raised:
        services.report_attach(report=report, user=hanoi_officer, file=big, kind="official_report")
    assert "vượt quá giới hạn 20 MB" in raised.value.message_dict["file"][0]
    assert not report.attachments.exists()


def test_complete_data_builder_really_completes_a_report(h1, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    report = services.report_save(
        report=report, user=hanoi_officer, data=complete_data(report), expected_version=report.version
    )
    assert report.save_errors == {}
    assert set(selectors.report_missing(report=report)) == {"attachments"}


def test_attaching_and_removing_a_file_is_in_the_audit_trail(h1, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    attachment = services.report_attach(report=report, user=hanoi_officer, file=pdf_file(), kind="official_report")
    pk = attachment.pk
    services.report_detach(attachment=attachment, user=hanoi_officer)
    trail = list(
        Attachment.history.filter(id=pk)
        .order_by("history_date")
        .values_list("history_type", "history_user__username", "history_change_reason")
    )
    assert trail == [("+", "hanoi", "Đính kèm bao-cao.pdf"), ("-", "hanoi", "Xóa tệp bao-cao.pdf")]
    assert not report.attachments.exists()


@pytest.fixture
def urls_in_debug(settings):
    """The URLconf as built with DEBUG on (it is read once, at import), restored afterwards."""
    import importlib

    from django.urls import clear_url_caches

    import plan808.urls

    settings.DEBUG = True
    importlib.reload(plan808.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(plan808.urls)
    clear_url_caches()


def test_an_uploaded_file_is_never_served_by_its_path_even_with_debug_on(
    client, urls_in_debug, h1, hanoi_officer, hcm_officer, settings
):
    # given a Hà Nội attachment on disk under MEDIA_ROOT
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    attachment = services.report_attach(report=report, user=hanoi_officer, file=pdf_file(), kind="official_report")
    # when another province's officer asks for it by its path
    client.force_login(hcm_officer)
    by_path = client.get(f"/{settings.MEDIA_URL.lstrip('/')}{attachment.file.name}")
    # then nothing answers; only the view that asks the rules serves it, and to Hà Nội only
    assert by_path.status_code == 404
    assert not getattr(by_path, "streaming", False)
    url = f"/bao-cao/{report.pk}/tep/{attachment.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(hanoi_officer)
    assert client.get(url).status_code == 200
