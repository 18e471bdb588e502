"""The report form in the browser's terms: bad input gets its message beside the field and loses nothing."""

import datetime

import pytest
from django.urls import reverse

from reporting import selectors, services
from reporting.fields import BUDGET_FIELDS
from reporting.models import Report
from tests.conftest import PASSWORD
from tests.reporting_helpers import (  # noqa: F401
    complete_data,
    filled_report,
    pdf_file,
    periods,
    reporting_test_settings,
    statistics_post,
)

pytestmark = pytest.mark.django_db


def form_post(report, **fields) -> dict:
    """A POST as the form sends it: every shown field, the version, and the given overrides."""
    data = {"version": str(report.version), "action": "save", "results": "Đánh giá đã gõ dài."}
    data["limitations"] = "Khó khăn đã gõ."
    data["fig-1-numerator"] = "420"
    data["fig-1-denominator"] = "579"
    data["fig-2b-months-shown"] = "1"
    data["fig-2b-months"] = ["2025-01", "2025-02"]
    data["fig-2b-items"] = "14"
    data["task-1.1-results"] = "Tổ chức 12 lớp tập huấn."
    data.update(fields)
    return data


def test_the_form_shows_each_figure_with_inputs_fitting_its_measure(officer_client, report):
    page = officer_client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert 'name="fig-1-numerator"' in page and 'name="fig-1-denominator"' in page  # a ratio
    assert 'name="fig-4-yes_no" value="yes"' in page  # yes / no
    assert page.count('name="fig-2b-months"') == 6  # the months of the half-year, as checkboxes
    assert 'value="2025-06"' in page and 'value="2025-07"' not in page
    assert 'name="fig-2b-items"' in page  # and the count of items
    assert 'name="fig-7-numerator"' in page and 'name="fig-7-denominator"' not in page  # a count for the year
    assert 'name="task-1.1-status"' in page
    assert 'name="budget_local"' in page and 'name="dispatch_number"' in page and 'name="version"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("fig-1-numerator", "600", "Tử số (600) không được lớn hơn mẫu số (579)."),
        ("fig-3a-numerator", "-5", "Số không được âm."),
        ("fig-3a-numerator", "12,5", "Phải là số nguyên, không có phần lẻ."),
        (
            "fig-2b-months",
            ["2025-01", "2025-07"],
            "Tháng 07/2025 không thuộc kỳ báo cáo (từ tháng 01/2025 đến tháng 06/2025).",
        ),
        ("budget_local", "-1.000", "Số tiền không được âm."),
        ("proposals", "x" * 20001, "Tối đa 20.000 ký tự (đã nhập 20.001)."),
        ("dispatch_number", "125 BC UBND", "Số, ký hiệu văn bản chưa đúng dạng, ví dụ 125/BC-UBND."),
        ("dispatch_date", "31/02/2025", "Ngày không hợp lệ; viết theo dạng ngày/tháng/năm, ví dụ 20/06/2025."),
    ],
)
def test_bad_input_gets_its_message_beside_the_field_and_everything_typed_is_kept(
    officer_client, report, field, value, message
):
    # when the officer saves with one bad value among good ones
    response = officer_client.post(reverse("report-edit", args=[report.pk]), form_post(report, **{field: value}))
    page = response.content.decode()
    # then the message is shown in Vietnamese beside the field...
    assert response.status_code == 200
    assert message in page
    assert f'id="err_{field}"' in page or field.startswith("fig-2b-months")
    # ...what was typed is still on screen, the bad value included...
    assert "Đánh giá đã gõ dài." in page and "Tổ chức 12 lớp tập huấn." in page
    if isinstance(value, str) and len(value) < 100:
        assert f'value="{value}"' in page
    # ...and the valid parts were saved, the bad one was not
    report.refresh_from_db()
    assert report.results == "Đánh giá đã gõ dài."
    assert report.version == 2


def test_thousands_separators_are_accepted_for_money(officer_client, report):
    officer_client.post(reverse("report-edit", args=[report.pk]), form_post(report, budget_local="1.250.000"))
    report.refresh_from_db()
    assert report.budget_local == 1_250_000
    page = officer_client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert 'value="1.250.000"' in page


def test_a_wrong_file_type_is_refused_beside_the_field_and_the_text_is_kept(officer_client, report):
    data = form_post(
        report, attachment_kind="official_report", attachment_file=pdf_file("ke-hoach.docx", b"PK\x03\x04")
    )
    page = officer_client.post(reverse("report-edit", args=[report.pk]), data).content.decode()
    assert "Chỉ nhận tệp PDF, ảnh quét JPEG/PNG hoặc bảng tính XLSX, XLS, ODS." in page
    assert "Đánh giá đã gõ dài." in page
    assert not report.attachments.exists()


def test_a_file_over_20_mb_is_refused(officer_client, report):
    big = pdf_file("lon.pdf", b"%PDF" + b"0" * (20 * 1024 * 1024 + 1))
    page = officer_client.post(
        reverse("report-edit", args=[report.pk]),
        form_post(report, attachment_kind="official_report", attachment_file=big),
    ).content.decode()
    assert "vượt quá giới hạn 20 MB" in page
    assert not report.attachments.exists()


def test_a_draft_lists_what_is_missing_and_submit_requires_it_all(officer_client, report):
    page = officer_client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert "Chưa nhập đủ số liệu chỉ tiêu 1." in page
    response = officer_client.post(reverse("report-edit", args=[report.pk]), form_post(report, action="submit"))
    assert "chưa gửi được" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_a_complete_report_is_submitted_from_the_form(officer_client, report, hanoi_officer):
    data = complete_data(report)
    services.report_attach(report=report, user=hanoi_officer, file=pdf_file(), kind="official_report")
    post = {"version": str(report.version), "action": "submit"}
    for key in ("results", "limitations", "causes", "directions", "proposals", *BUDGET_FIELDS):
        post[key] = data[key]
    post.update({k: data[k] for k in data if k.startswith("dispatch_")})
    post.update(statistics_post(data))
    for code, values in data["figures"].items():
        for name, value in values.items():
            if name == "yes_no":
                value = "yes" if value else "no"
            post[f"fig-{code}-{name}"] = value
            if name == "months":
                post[f"fig-{code}-months-shown"] = "1"
    for code, values in data["tasks"].items():
        for name, value in values.items():
            post[f"task-{code}-{name}"] = value
    response = officer_client.post(reverse("report-edit", args=[report.pk]), post)
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.budget_local == 1_250_000


def _complete_post(report, hanoi_officer) -> dict:
    """The form's POST of a complete report, its official report attached, with "Lưu và gửi báo cáo"."""
    data = complete_data(report)
    services.report_attach(report=report, user=hanoi_officer, file=pdf_file(), kind="official_report")
    report.refresh_from_db()
    post = {"version": str(report.version), "action": "submit"}
    for key in ("results", "limitations", "causes", "directions", "proposals", *BUDGET_FIELDS):
        post[key] = data[key]
    post.update({k: data[k] for k in data if k.startswith("dispatch_")})
    post.update(statistics_post(data))
    for code, values in data["figures"].items():
        for name, value in values.items():
            if name == "yes_no":
                value = "yes" if value else "no"
            post[f"fig-{code}-{name}"] = value
            if name == "months":
                post[f"fig-{code}-months-shown"] = "1"
    for code, values in data["tasks"].items():
        for name, value in values.items():
            post[f"task-{code}-{name}"] = value
    return post


def test_a_double_click_on_submit_answers_the_second_click_with_the_first_ones_result(
    officer_client, report, hanoi_officer
):
    # given a complete report, sent once with "Lưu và gửi báo cáo"
    post = _complete_post(report, hanoi_officer)
    url = reverse("report-edit", args=[report.pk])
    first = officer_client.post(url, post)
    assert first.status_code == 302, first.content.decode()[:2000]
    # when the same form arrives a second time (the browser shows only this answer)
    second = officer_client.post(url, post, follow=True)
    # then it is the first one's answer: sent, thanked, nothing about someone else or a locked report
    assert second.redirect_chain == [(first["Location"], 302)]
    page = second.content.decode()
    assert "Đã gửi báo cáo đến Bộ. Cảm ơn!" in page
    assert "người khác" not in page and "hiện không sửa được" not in page
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.events.filter(action="submit").count() == 1
    # and a different form (another version) is not taken for a repeat
    later = officer_client.post(url, {**post, "version": str(report.version)}, follow=True)
    assert "Đã gửi báo cáo đến Bộ. Cảm ơn!" not in later.content.decode()


def test_a_second_click_arriving_while_the_first_runs_waits_for_its_result(officer_client, report, hanoi_officer):
    import threading

    from django.core.cache import cache
    from django.test import RequestFactory

    from reporting import repeats

    # given a first post of this very form that is still running (its key claimed, no result yet)
    post = {"version": str(report.version), "action": "submit", "proposals": "Đề xuất"}
    url = reverse("report-edit", args=[report.pk])
    running = RequestFactory().post(url, post)
    running.user = hanoi_officer
    key = repeats._key(running)
    cache.set(key, repeats.PENDING)
    done = {"redirect": "/xong/", "messages": [(25, "Xong lần đầu", "")]}
    finish = threading.Timer(0.3, cache.set, [key, done])
    finish.start()
    # when the identical post arrives
    response = officer_client.post(url, post)
    finish.join()
    # then it waited and answered with the first one's result, writing nothing itself
    assert response.status_code == 302 and response["Location"] == "/xong/"
    report.refresh_from_db()
    assert report.proposals == "" and report.status == Report.Status.DRAFT


def test_a_stale_save_is_refused_with_a_message_and_the_input_is_kept(officer_client, report, hanoi_officer):
    # given the officer opened version 1, and a colleague saved since
    opened = report.version
    services.report_save(
        report=report, user=hanoi_officer, data={"proposals": "Của đồng nghiệp"}, expected_version=opened
    )
    # when the officer saves what they typed on version 1
    response = officer_client.post(
        reverse("report-edit", args=[report.pk]), form_post(report, version=str(opened), proposals="Của tôi")
    )
    page = response.content.decode()
    # then nothing is overwritten, the message says why, and the typed text is on screen
    assert response.status_code == 409
    assert "Báo cáo đã được lưu bởi người khác sau khi bạn mở" in page
    assert "Của tôi" in page and "Đánh giá đã gõ dài." in page
    report.refresh_from_db()
    assert report.proposals == "Của đồng nghiệp"
    assert report.results == ""
    # and a second, deliberate save with the version now in the form goes through
    assert f'name="version" value="{report.version}"' in page


def test_the_service_refuses_a_stale_version(report, hanoi_officer):
    services.report_save(report=report, user=hanoi_officer, data={"proposals": "a"}, expected_version=1)
    with pytest.raises(services.StaleReportError):
        services.report_save(report=report, user=hanoi_officer, data={"proposals": "b"}, expected_version=1)
    report.refresh_from_db()
    assert (report.proposals, report.version) == ("a", 2)


def _expire_session(client) -> None:
    """The session ends on the server (idle or absolute limit) while the browser keeps its cookies."""
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()


def test_a_save_after_the_session_expired_keeps_the_text_through_the_login(client, report, hanoi_officer):
    # given an officer who opened the form, and whose session expired while typing
    url = reverse("report-edit", args=[report.pk])
    client.force_login(hanoi_officer)
    assert client.get(url).status_code == 200
    _expire_session(client)
    # when they press Save
    response = client.post(url, form_post(report, proposals="Gõ trong một giờ"))
    # then they are sent to the login page, and nothing is saved yet
    assert response.status_code == 302 and reverse("login") in response["Location"]
    report.refresh_from_db()
    assert report.proposals == ""
    # when they sign in again and come back to the form
    login = client.post(reverse("login"), {"username": "hanoi", "password": PASSWORD, "next": url})
    assert login.status_code == 302
    page = client.get(url).content.decode()
    # then what they typed is back in the form, with a message that it is not saved yet
    assert "Gõ trong một giờ" in page and "Đánh giá đã gõ dài." in page
    assert "Phiên đăng nhập đã hết hạn" in page
    # and it is kept only once
    assert "Gõ trong một giờ" not in client.get(url).content.decode()


def test_someone_elses_stashed_text_is_not_shown_on_another_report(client, h1, report, hanoi_officer, hcm_officer):
    client.force_login(hanoi_officer)
    client.get(reverse("report-edit", args=[report.pk]))
    _expire_session(client)
    client.post(reverse("report-edit", args=[report.pk]), form_post(report, proposals="Bí mật Hà Nội"))
    client.force_login(hcm_officer)
    other = services.report_start(agency=hcm_officer.agency, period=h1, user=hcm_officer)
    assert "Bí mật Hà Nội" not in client.get(reverse("report-edit", args=[other.pk])).content.decode()
    assert client.get(reverse("report-edit", args=[report.pk])).status_code == 404


def test_a_save_as_the_absolute_session_lifetime_ends_keeps_the_text_too(client, report, hanoi_officer, settings):
    import time_machine

    settings.SESSION_MAX_HOURS = 12
    url = reverse("report-edit", args=[report.pk])
    with time_machine.travel(datetime.datetime(2025, 6, 2, 8, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        # given an officer signed in at 08:00 who opened the form
        assert client.post(reverse("login"), {"username": "hanoi", "password": PASSWORD}).status_code == 302
        assert client.get(url).status_code == 200
        # when they press Save after the twelve hours since sign-in (the session ends on this very request)
        traveller.shift(datetime.timedelta(hours=12, minutes=1))
        response = client.post(url, form_post(report, proposals="Gõ đến cuối ngày"))
        assert response.status_code == 302 and reverse("login") in response["Location"]
        # then after signing in again the text is back, unsaved
        assert client.post(reverse("login"), {"username": "hanoi", "password": PASSWORD}).status_code == 302
        assert "Gõ đến cuối ngày" in client.get(url).content.decode()


def _session_rows() -> int:
    from django.contrib.sessions.models import Session

    return Session.objects.count()


def test_a_signed_out_post_from_a_browser_with_no_editor_stores_nothing(client, report):
    # given nobody ever signed in in this browser: an anonymous flood of large posts
    before = _session_rows()
    for pk in (report.pk, report.pk + 1000):
        response = client.post(reverse("report-edit", args=[pk]), form_post(report, proposals="x" * 100_000))
        assert response.status_code == 302 and reverse("login") in response["Location"]
    # then no session row was written for them
    assert _session_rows() == before


def test_a_signed_out_post_is_kept_only_for_a_report_the_last_account_may_edit(
    client, h1, report, hanoi_officer, hcm_officer
):
    # given HCMC's officer opened its own form in this browser, then the session expired
    own = services.report_start(agency=hcm_officer.agency, period=h1, user=hcm_officer)
    client.force_login(hcm_officer)
    client.get(reverse("report-edit", args=[own.pk]))
    _expire_session(client)
    before = _session_rows()
    # when the browser posts to Hà Nội's report, to a report that does not exist, or a forged editor
    client.post(reverse("report-edit", args=[report.pk]), form_post(report, proposals="Không phải của tôi"))
    client.post(reverse("report-edit", args=[own.pk + 1000]), form_post(report, proposals="Không tồn tại"))
    editor = client.cookies["plan808_report_editor"].value
    client.cookies["plan808_report_editor"] = str(hanoi_officer.pk) + editor[editor.index(":") :]
    client.post(reverse("report-edit", args=[report.pk]), form_post(report, proposals="Giả mạo"))
    # then nothing is stored
    assert _session_rows() == before


def test_a_signed_out_post_larger_than_any_report_form_is_not_kept(client, report, hanoi_officer):
    client.force_login(hanoi_officer)
    client.get(reverse("report-edit", args=[report.pk]))
    _expire_session(client)
    data = form_post(report, proposals="x" * 200_000, limitations="y" * 200_000, results="z" * 300_000)
    client.post(reverse("report-edit", args=[report.pk]), data)
    assert _session_rows() == 0


def test_a_plausibility_warning_must_be_confirmed_with_a_comment_and_reviewers_see_it(
    client, h1, plan, hanoi_officer, reviewer
):
    # given last period's accepted report: 579 communes, 420 doing outreach
    fy = periods(plan)["2024-FY"]
    previous = services.report_submit(report=filled_report(fy, hanoi_officer), user=hanoi_officer)
    services.report_accept(report=previous, user=reviewer)
    # when this period says 300 communes (a change above a fifth) and 290 of them (a jump of 24 points)
    report = filled_report(h1, hanoi_officer)
    report = services.report_save(
        report=report,
        user=hanoi_officer,
        data={"figures": {"1": {"numerator": "290", "denominator": "300"}}},
        expected_version=report.version,
    )
    figure = report.figures.get(target__code="1")
    # then a warning is stored and submission waits for the officer's confirmation
    assert "thay đổi 48,2% so với kỳ trước (579 → 300)" in figure.warning
    assert selectors.report_missing(report=report) == {
        "figures.1.warning_comment": "Số liệu chỉ tiêu 1 có cảnh báo: cần xác nhận và giải trình."
    }
    client.force_login(hanoi_officer)
    assert figure.warning in client.get(reverse("report-edit", args=[report.pk])).content.decode()
    report = services.report_save(
        report=report,
        user=hanoi_officer,
        data={"figures": {"1": {"warning_comment": "Sáp nhập xã theo Nghị quyết của UBTVQH."}}},
        expected_version=report.version,
    )
    report = services.report_submit(report=report, user=hanoi_officer)
    # and the reviewer sees the warning and the explanation
    client.force_login(reviewer)
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert figure.warning in page and "Sáp nhập xã theo Nghị quyết của UBTVQH." in page
    review = client.get(reverse("review-period", args=[h1.code])).content.decode()
    assert 'class="badge badge-warning">1<' in review


def test_a_rate_jump_above_30_points_is_warned(h1, plan, hanoi_officer, reviewer):
    fy = periods(plan)["2024-FY"]
    services.report_submit(report=filled_report(fy, hanoi_officer), user=hanoi_officer)  # 3a: 420/579 = 72,5%
    report = filled_report(h1, hanoi_officer)
    report = services.report_save(
        report=report,
        user=hanoi_officer,
        data={"figures": {"3a": {"numerator": "200", "denominator": "579"}}},
        expected_version=report.version,
    )
    assert report.figures.get(target__code="3a").warning == (
        "Tỷ lệ thay đổi 38 điểm phần trăm so với kỳ trước (72,5% → 34,5%)."
    )
    report = services.report_save(
        report=report,
        user=hanoi_officer,
        data={"figures": {"3a": {"numerator": "400", "denominator": "579"}}},
        expected_version=report.version,
    )
    assert report.figures.get(target__code="3a").warning == ""


def test_values_outside_what_the_measure_allows_are_warned(report, hanoi_officer):
    report = services.report_save(
        report=report,
        user=hanoi_officer,
        data={"figures": {"2b": {"months": ["2025-01", "2025-02", "2025-03"], "items": "2"}}},
        expected_version=report.version,
    )
    assert report.figures.get(target__code="2b").warning == "Số tin, bài ít hơn số tháng đã đánh dấu có đăng tải."


def test_the_dispatch_date_cannot_be_in_the_future(officer_client, report):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    page = officer_client.post(reverse("report-edit", args=[report.pk]), form_post(report, dispatch_date=tomorrow))
    assert "Ngày văn bản không được sau ngày hôm nay." in page.content.decode()
