"""Issue 15, items 2 and 5: an agency's internal approval before its report goes to the ministry.

Off by default (nothing changes); on, the officer's "Lưu và gửi báo cáo" puts the report before the
agency's approver, who approves it (it is then submitted, and timeliness reads that moment) or sends
it back with a comment. Notices once each, events in the history, the audit trail, the PDF header.
"""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agencies.services import agency_approval_set
from notifications.jobs import send_event_notices
from notifications.models import Notification
from reporting import services
from reporting.models import Report, ReportEvent
from tests.conftest import make_user
from tests.reporting_helpers import complete_data, filled_report, hanoi_approval_on, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db
HANOI = "so-ldtbxh-ha-noi"


@pytest.fixture
def approver(db):
    """Hà Nội's approver (the department's director)."""
    return make_user("giamdoc", HANOI, "approver", first_name="Bình", last_name="Trần Văn")


@pytest.fixture
def approval_on(hanoi_officer, admin_user):
    return hanoi_approval_on(hanoi_officer.agency, admin_user)


def _step(capture, call, **kwargs):
    """Run a step as a request would: its transaction commits, the queued email job runs."""
    with capture(execute=True):
        return call(**kwargs)


def _sent_for_approval(h1, officer, capture, at=None):
    report = filled_report(h1, officer)
    return _step(capture, services.report_submit, report=report, user=officer, at=at)


# -- off: nothing changes ---------------------------------------------------------------------------


def test_with_the_step_off_a_send_reaches_the_ministry_as_before(client, h1, hanoi_officer, approver, reviewer):
    assert hanoi_officer.agency.requires_approval is False  # off by default
    report = filled_report(h1, hanoi_officer)
    client.force_login(hanoi_officer)
    form = client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert "chờ lãnh đạo" not in form and "Cơ quan ban hành" not in form
    response = client.post(
        reverse("report-edit", args=[report.pk]), {"version": report.version, "action": "submit"}, follow=True
    )
    assert "Đã gửi báo cáo đến Bộ. Cảm ơn!" in response.content.decode()
    report = Report.objects.get(pk=report.pk)
    assert report.status == Report.Status.SUBMITTED and report.first_submitted_at is not None
    assert list(report.events.values_list("action", flat=True)) == ["create", "submit"]
    # the approver hears nothing: nothing awaits them
    assert not Notification.objects.filter(user=approver).exists()


# -- on: the flow --------------------------------------------------------------------------------------


def test_with_the_step_on_a_send_awaits_the_approver_and_the_ministry_sees_nothing_yet(
    h1, hanoi_officer, approver, reviewer, approval_on, django_capture_on_commit_callbacks, mailoutbox
):
    report = _sent_for_approval(h1, hanoi_officer, django_capture_on_commit_callbacks)
    assert report.status == Report.Status.PENDING_APPROVAL
    assert report.first_submitted_at is None and report.submitted_at is None  # not received by the ministry
    event = report.events.last()
    assert (event.action, event.from_status, event.to_status) == ("request_approval", "draft", "pending_approval")
    # the approver hears it once, in the portal and by email; the reviewers hear nothing yet
    notice = Notification.objects.get(event=event)
    assert notice.user == approver and "đang chờ bạn phê duyệt" in notice.title
    assert [m.to for m in mailoutbox] == [[approver.email]]
    assert not Notification.objects.filter(user=reviewer).exists()
    # the officer can no longer change it while it waits
    with pytest.raises(PermissionDenied):
        services.report_save(
            report=report, user=hanoi_officer, data={"proposals": "x"}, expected_version=report.version
        )


def test_approval_submits_the_report_once_with_the_approval_day_as_its_sending(
    h1, hanoi_officer, approver, reviewer, approval_on, django_capture_on_commit_callbacks, mailoutbox
):
    # sent for approval on the due day, approved the day after: the ministry received it late
    on_due_day = h1.deadline - datetime.timedelta(hours=1)
    report = _sent_for_approval(h1, hanoi_officer, django_capture_on_commit_callbacks, at=on_due_day)
    mailoutbox.clear()
    late = h1.deadline + datetime.timedelta(hours=9)
    report = _step(django_capture_on_commit_callbacks, services.report_approve, report=report, user=approver, at=late)
    assert report.status == Report.Status.SUBMITTED
    assert report.first_submitted_at == late and report.submitted_at == late and report.is_on_time is False
    event = report.events.get(action="approve")
    assert (event.action, event.from_status, event.to_status, event.user) == (
        "approve",
        "pending_approval",
        "submitted",
        approver,
    )
    # the reviewers hear of it as of any submission, the officer that it was approved; once each
    by_user = {n.user: n.title for n in Notification.objects.filter(event=event)}
    assert set(by_user) == {reviewer, hanoi_officer}
    assert "đã gửi báo cáo 6 tháng đầu năm 2025" in by_user[reviewer]
    assert "đã phê duyệt báo cáo" in by_user[hanoi_officer]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([reviewer.email, hanoi_officer.email])
    # a second click is refused and a retried job sends nothing more
    with pytest.raises(PermissionDenied):
        _step(django_capture_on_commit_callbacks, services.report_approve, report=report, user=approver)
    send_event_notices(event.pk)
    assert Notification.objects.filter(event=event).count() == 2 and len(mailoutbox) == 2
    # and the ministry's review goes on as before
    report = services.report_accept(report=report, user=reviewer)
    assert report.status == Report.Status.ACCEPTED


def test_approval_on_the_due_day_is_on_time(h1, hanoi_officer, approver, approval_on):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    on_due_day = h1.deadline - datetime.timedelta(minutes=1)
    report = services.report_approve(report=report, user=approver, at=on_due_day)
    assert report.is_on_time is True


def test_sending_back_needs_a_comment_and_returns_the_draft_to_its_officer(
    h1, hanoi_officer, approver, reviewer, approval_on, django_capture_on_commit_callbacks, mailoutbox
):
    report = _sent_for_approval(h1, hanoi_officer, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with pytest.raises(ValidationError) as refused:
        services.report_send_back(report=report, user=approver, comment="   ")
    assert "comment" in refused.value.message_dict
    assert Report.objects.get(pk=report.pk).status == Report.Status.PENDING_APPROVAL
    report = _step(
        django_capture_on_commit_callbacks,
        services.report_send_back,
        report=report,
        user=approver,
        comment="Bổ sung kết quả nhiệm vụ 2.1.",
    )
    # never sent to the ministry: back to a draft the officer edits again
    assert report.status == Report.Status.DRAFT and report.first_submitted_at is None
    event = report.events.last()
    assert (event.action, event.comment) == ("send_back", "Bổ sung kết quả nhiệm vụ 2.1.")
    notice = Notification.objects.get(event=event)
    assert notice.user == hanoi_officer and notice.body == "Bổ sung kết quả nhiệm vụ 2.1."
    assert [m.to for m in mailoutbox] == [[hanoi_officer.email]] and "Bổ sung kết quả" in mailoutbox[0].body
    assert not Notification.objects.filter(user=reviewer).exists()
    services.report_save(
        report=report, user=hanoi_officer, data={"proposals": "Đã bổ sung."}, expected_version=report.version
    )
    # sent again, it awaits approval again
    report = services.report_submit(report=Report.objects.get(pk=report.pk), user=hanoi_officer)
    assert report.status == Report.Status.PENDING_APPROVAL


def test_a_report_the_ministry_returned_goes_back_to_returned_when_sent_back(
    h1, hanoi_officer, approver, reviewer, approval_on
):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    report = services.report_approve(report=report, user=approver)
    first = report.first_submitted_at
    report = services.report_return(report=report, user=reviewer, comment="Bổ sung chỉ tiêu 3a.")
    report = services.report_submit(report=report, user=hanoi_officer)
    assert report.status == Report.Status.PENDING_APPROVAL
    report = services.report_send_back(report=report, user=approver, comment="Sửa lại câu chữ.")
    assert report.status == Report.Status.RETURNED and report.first_submitted_at == first
    # once approved again, timeliness keeps the first sending
    report = services.report_approve(report=services.report_submit(report=report, user=hanoi_officer), user=approver)
    assert report.first_submitted_at == first


def test_only_an_approver_of_the_reports_agency_approves(
    h1, hanoi_officer, hcm_officer, reviewer, approval_on, admin_user
):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    hcm_approver = make_user("giamdochcm", "so-ldtbxh-ho-chi-minh", "approver")
    for user in (hanoi_officer, hcm_approver, reviewer, admin_user):
        with pytest.raises(PermissionDenied):
            services.report_approve(report=report, user=user)
        with pytest.raises(PermissionDenied):
            services.report_send_back(report=report, user=user, comment="Không được.")
    assert Report.objects.get(pk=report.pk).status == Report.Status.PENDING_APPROVAL


def test_turning_the_step_off_leaves_waiting_reports_to_the_approver(
    h1, hanoi_officer, approver, admin_user, approval_on
):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    agency_approval_set(agency=hanoi_officer.agency, user=admin_user, requires_approval=False)
    report.agency.refresh_from_db()
    assert services.report_approve(report=report, user=approver).status == Report.Status.SUBMITTED


def test_a_closed_period_stops_the_approval_but_not_the_sending_back(h1, hanoi_officer, approver, approval_on):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    h1.is_open = False
    h1.save()
    report = Report.objects.get(pk=report.pk)
    with pytest.raises(PermissionDenied, match="đã khóa"):
        services.report_approve(report=report, user=approver)
    assert services.report_send_back(report=report, user=approver, comment="Để sau.").status == "draft"


def test_the_setting_is_audited_and_its_symbol_checked(hanoi_officer, admin_user, hcm_officer):
    agency = hanoi_approval_on(hanoi_officer.agency, admin_user)
    before, after = agency.history.order_by("history_date")[:2][0], agency.history.latest("history_date")
    assert before.requires_approval is False and after.requires_approval is True
    assert after.history_user == admin_user and after.history_change_reason == "Bật phê duyệt nội bộ"
    with pytest.raises(ValidationError) as refused:
        agency_approval_set(
            agency=agency, user=admin_user, requires_approval=True, issuing_body="UBND", issuing_symbol="bc ubnd"
        )
    assert "issuing_symbol" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        agency_approval_set(agency=agency, user=hcm_officer, requires_approval=False)


def test_the_reports_history_and_audit_trail_show_the_approval(
    client, h1, hanoi_officer, approver, reviewer, approval_on
):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    report = services.report_send_back(report=report, user=approver, comment="Sửa phần kinh phí.")
    report = services.report_approve(report=services.report_submit(report=report, user=hanoi_officer), user=approver)
    statuses = list(report.history.order_by("history_date").values_list("status", "history_change_reason"))
    assert ("pending_approval", "Trình phê duyệt") in statuses
    assert ("draft", "Lãnh đạo trả lại: Sửa phần kinh phí.") in statuses
    assert statuses[-1] == ("submitted", "Phê duyệt, gửi Bộ")
    client.force_login(reviewer)
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    history = page[page.index('id="lich-su"') :]
    steps = re.findall(r"<strong>([^<]+)</strong>", history)
    assert steps == ["Tạo báo cáo", "Trình phê duyệt", "Lãnh đạo trả lại", "Trình phê duyệt", "Phê duyệt, gửi Bộ"]
    assert "Sửa phần kinh phí." in history


# -- pages ------------------------------------------------------------------------------------------


def test_the_officer_sends_from_the_form_and_the_approver_approves_from_the_pages(
    client, h1, hanoi_officer, approver, reviewer, approval_on, django_assert_max_num_queries
):
    report = filled_report(h1, hanoi_officer)
    client.force_login(hanoi_officer)
    form = client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert "Báo cáo sẽ chờ lãnh đạo cơ quan phê duyệt, rồi mới đến Bộ." in form
    assert "Cơ quan ban hành báo cáo: Ủy ban nhân dân thành phố Hà Nội" in form
    response = client.post(
        reverse("report-edit", args=[report.pk]), {"version": report.version, "action": "submit"}, follow=True
    )
    assert "Đã trình báo cáo để lãnh đạo phê duyệt" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == "pending_approval"
    # the approver's list names the report and who sent it
    client.force_login(approver)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("report-approval-queue"))
    text = page.content.decode()
    assert page.status_code == 200 and "Báo cáo 6 tháng đầu năm 2025" in text and hanoi_officer.username in text
    assert 'href="/bao-cao/cho-phe-duyet/"' in text  # the menu link
    detail = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert "Phê duyệt và gửi Bộ" in detail and "Sửa báo cáo" not in detail
    assert "Cơ quan ban hành: <strong>Ủy ban nhân dân thành phố Hà Nội</strong>" in detail  # the dispatch block
    # sending back without a comment: refused beside the field, nothing changes
    refused = client.post(reverse("report-send-back", args=[report.pk]), {"comment": ""})
    assert refused.status_code == 400
    assert "Cần ghi rõ nội dung cần sửa, bổ sung trước khi trình lại." in refused.content.decode()
    assert Report.objects.get(pk=report.pk).status == "pending_approval"
    response = client.post(reverse("report-approve", args=[report.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("report-approval-queue")
    assert Report.objects.get(pk=report.pk).status == "submitted"
    # a double-click gets the first click's answer
    again = client.post(reverse("report-approve", args=[report.pk]))
    assert again.status_code == 302 and ReportEvent.objects.filter(report=report, action="approve").count() == 1
    assert "Không có báo cáo nào đang chờ phê duyệt." in client.get(reverse("report-approval-queue")).content.decode()


def test_an_approver_of_another_agency_or_a_plain_officer_is_refused(client, h1, hanoi_officer, approval_on):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    hcm_approver = make_user("giamdochcm", "so-ldtbxh-ho-chi-minh", "approver")
    client.force_login(hcm_approver)
    # another agency's report does not exist for them (the portal's rule: 404, as if absent)
    assert client.post(reverse("report-approve", args=[report.pk])).status_code == 404
    assert client.get(reverse("report-detail", args=[report.pk])).status_code == 404
    # the officer who sent it sees it but may not approve it: the 403 page
    client.force_login(hanoi_officer)
    refused = client.post(reverse("report-approve", args=[report.pk]))
    assert refused.status_code == 403 and "Không có quyền" in refused.content.decode()
    assert client.get(reverse("report-approval-queue")).status_code == 403
    assert Report.objects.get(pk=report.pk).status == "pending_approval"


def test_the_form_shows_the_approvers_comment_after_a_send_back(client, h1, hanoi_officer, approver, approval_on):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    services.report_send_back(report=report, user=approver, comment="Bổ sung văn bản chỉ đạo.")
    client.force_login(hanoi_officer)
    form = client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert "Lãnh đạo (Trần Văn Bình) đã trả lại báo cáo" in form and "Bổ sung văn bản chỉ đạo." in form


# -- the PDF --------------------------------------------------------------------------------------


def _pdf_text(report) -> str:
    from exports.pdf import render_agency
    from tests.test_pdf import flat, text_of

    _reader, pages = text_of(render_agency(report.period, report.agency).content)
    return flat(pages)


def test_the_agency_pdf_names_the_issuing_body_when_the_step_is_on(h1, hanoi_officer, approver, admin_user):
    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    report.dispatch_number = "125"  # the number alone: the symbol is the issuing body's
    report.save()
    text = _pdf_text(report)  # the step is off: the department under its People's Committee, as before
    assert "UBND THÀNH PHỐ HÀ NỘI" in text and "ỦY BAN NHÂN DÂN" not in text and "Số: 125/BC" in text
    hanoi_approval_on(hanoi_officer.agency, admin_user)
    report = Report.objects.select_related("agency", "period").get(pk=report.pk)
    text = _pdf_text(report)
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in text
    assert "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in text
    assert text.index("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI") < text.index("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    assert "Số: 125/BC-UBND" in text


# -- the API ------------------------------------------------------------------------------------------


def test_the_api_sends_for_approval_and_the_approver_approves_or_sends_back(h1, hanoi_officer, approver, approval_on):
    from tests.api_support import token_client

    officer, boss = token_client(hanoi_officer), token_client(approver)
    report = filled_report(h1, hanoi_officer)
    sent = officer.post(f"/api/v1/reports/{report.pk}/submit/", {}, format="json")
    assert sent.status_code == 200 and sent.json()["status"] == "pending_approval"
    assert [e["action"] for e in sent.json()["events"]][-1] == "request_approval"
    # the approver lists what awaits them
    from tests.api_support import results

    waiting = results(boss.get("/api/v1/reports/?status=pending_approval"))
    assert [row["id"] for row in waiting] == [report.pk]
    # the officer may not approve; sending back needs a comment, said beside the field
    assert officer.post(f"/api/v1/reports/{report.pk}/approve/", {}, format="json").status_code == 403
    empty = boss.post(f"/api/v1/reports/{report.pk}/send-back/", {"comment": ""}, format="json")
    assert empty.status_code == 400 and "comment" in empty.json()
    back = boss.post(f"/api/v1/reports/{report.pk}/send-back/", {"comment": "Sửa phần kinh phí."}, format="json")
    assert back.status_code == 200 and back.json()["status"] == "draft"
    assert back.json()["events"][-1]["action"] == "send_back"
    assert back.json()["events"][-1]["comment"] == "Sửa phần kinh phí."
    officer.post(f"/api/v1/reports/{report.pk}/submit/", {}, format="json")
    # approving with a stale ETag is refused; with the current one it reaches the ministry
    assert boss.post(f"/api/v1/reports/{report.pk}/approve/", {}, format="json", HTTP_IF_MATCH='"1"').status_code == 412
    etag = boss.get(f"/api/v1/reports/{report.pk}/")["ETag"]
    approved = boss.post(f"/api/v1/reports/{report.pk}/approve/", {}, format="json", HTTP_IF_MATCH=etag)
    assert approved.status_code == 200 and approved.json()["status"] == "submitted"
    assert approved.json()["events"][-1]["action"] == "approve"
    # another agency's approver does not see it
    other = token_client(make_user("giamdochcm", "so-ldtbxh-ho-chi-minh", "approver"))
    assert other.post(f"/api/v1/reports/{report.pk}/approve/", {}, format="json").status_code == 404


def test_the_approver_exports_the_agencys_pdf_as_it_will_be_issued(
    h1, hanoi_officer, approver, approval_on, hcm_officer, django_capture_on_commit_callbacks
):
    from exports.models import ExportJob
    from exports.services import export_request
    from tests.test_pdf import flat, text_of

    report = services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    with django_capture_on_commit_callbacks(execute=True):
        job = export_request(user=approver, kind=ExportJob.Kind.PDF_AGENCY, period=h1, agency=report.agency)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    with job.file.open("rb") as handle:
        text = flat(text_of(handle.read())[1])
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in text and "Số: 125/BC-UBND" in text
    # not another agency's
    with pytest.raises(PermissionDenied):
        export_request(user=approver, kind=ExportJob.Kind.PDF_AGENCY, period=h1, agency=hcm_officer.agency)


def test_the_ministrys_review_list_counts_reports_awaiting_their_agencys_approval(
    client, h1, hanoi_officer, reviewer, approval_on
):
    services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    client.force_login(reviewer)
    page = client.get(reverse("review-index")).content.decode()
    assert "+ 1 chờ đơn vị phê duyệt" in page
    period_page = client.get(reverse("review-period", args=[h1.code])).content.decode()
    assert "Chờ phê duyệt" in period_page and "Chưa gửi" in period_page  # not received by the ministry yet


def test_a_report_awaiting_approval_reminds_the_approver_not_the_officer(
    h1, hanoi_officer, approver, approval_on, django_capture_on_commit_callbacks, mailoutbox
):
    from notifications.models import Reminder
    from notifications.services import reminders_send

    services.report_submit(report=filled_report(h1, hanoi_officer), user=hanoi_officer)
    mailoutbox.clear()
    # When the reminders of 3 days before the due day run
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(day=h1.due_date - datetime.timedelta(days=3))
    # Then Hà Nội's goes to its approver, with a link to what awaits them, and not to the officer
    reminder = Reminder.objects.get(agency=hanoi_officer.agency)
    assert reminder.recipients == [approver.email] and reminder.report_status == "pending_approval"
    notice = Notification.objects.get(reminder=reminder)
    assert notice.user == approver and notice.url == reverse("report-approval-queue")
    message = next(m for m in mailoutbox if approver.email in m.to)
    assert "đang chờ lãnh đạo đơn vị phê duyệt" in message.body and "/bao-cao/cho-phe-duyet/" in message.body
    assert not any(hanoi_officer.email in m.to for m in mailoutbox)
    # and once approved, the agency is reminded no more
    services.report_approve(report=Report.objects.get(agency=hanoi_officer.agency, period=h1), user=approver)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(day=h1.due_date - datetime.timedelta(days=1))
    assert Reminder.objects.filter(agency=hanoi_officer.agency).count() == 1


def _agency_form(agency, **changes) -> dict:
    data = {
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "parent": agency.parent_id or "",
        "aliases": "[]",
        "valid_from": "",
        "valid_to": "",
        "distribution_no": agency.distribution_no or "",
        "province_kind": agency.province_kind,
        "contact_email": agency.contact_email,
        "issuing_body": "",
        "issuing_symbol": "",
    }
    data.update(changes)
    return data


def test_an_admin_turns_the_step_on_in_the_django_admin_and_a_wrong_symbol_is_refused_beside_it(
    client, admin_user, hanoi_officer
):
    agency = hanoi_officer.agency
    url = reverse("admin:agencies_agency_change", args=[agency.pk])
    client.force_login(admin_user)
    page = client.get(url).content.decode()
    assert "Phê duyệt báo cáo trong cơ quan" in page and 'name="requires_approval"' in page
    # a symbol as nobody writes one: refused beside the field, what was typed stays
    refused = client.post(
        url,
        _agency_form(
            agency, requires_approval="on", issuing_body="Ủy ban nhân dân thành phố Hà Nội", issuing_symbol="bc ubnd"
        ),
    )
    assert refused.status_code == 200
    assert "Ký hiệu viết hoa, các phần nối bằng dấu gạch ngang, ví dụ: BC-UBND." in refused.content.decode()
    assert 'value="Ủy ban nhân dân thành phố Hà Nội"' in refused.content.decode()
    agency.refresh_from_db()
    assert agency.requires_approval is False
    saved = client.post(
        url,
        _agency_form(
            agency, requires_approval="on", issuing_body="Ủy ban nhân dân thành phố Hà Nội", issuing_symbol="BC-UBND"
        ),
    )
    assert saved.status_code == 302
    agency.refresh_from_db()
    assert agency.requires_approval and agency.issuing_symbol == "BC-UBND"
    latest = agency.history.latest("history_date")
    assert latest.history_change_reason == "Bật phê duyệt nội bộ" and latest.history_user == admin_user
    assert latest.prev_record.requires_approval is False  # before and after, in the trail


def test_an_approver_belongs_to_an_agency(hanoi_officer):
    from accounts.services import check_roles_fit_agency

    with pytest.raises(ValidationError) as refused:
        check_roles_fit_agency(agency=None, roles=["approver"])
    assert "Người phê duyệt phải thuộc cơ quan có báo cáo cần duyệt." in refused.value.message_dict["roles"]
    check_roles_fit_agency(agency=hanoi_officer.agency, roles=["approver", "provincial_officer"])  # both fit


def test_an_approver_reads_the_agencys_other_reports_with_a_way_back_to_their_list(client, h1, hanoi_officer, approver):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)  # a draft
    client.force_login(approver)
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    breadcrumbs = page[page.index('class="breadcrumbs"') : page.index("</nav>", page.index('class="breadcrumbs"'))]
    assert f'href="{reverse("report-approval-queue")}"' in breadcrumbs
    assert f'href="{reverse("report-mine")}"' not in breadcrumbs
    assert "Phê duyệt và gửi Bộ" not in page and "Sửa báo cáo" not in page  # read-only, nothing to approve


def test_the_agency_page_says_its_reports_are_approved_and_by_whom_they_are_issued(client, viewer, approval_on):
    client.force_login(viewer)
    page = client.get(reverse("agency-detail", args=[HANOI])).content.decode()
    assert "lãnh đạo cơ quan phê duyệt trước khi gửi" in page
    assert "do Ủy ban nhân dân thành phố Hà Nội ban hành (…/BC-UBND)" in page
    other = client.get(reverse("agency-detail", args=["so-ldtbxh-ho-chi-minh"])).content.decode()
    assert "phê duyệt trước khi gửi" not in other
