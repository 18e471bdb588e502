"""ISSUE 14.1: "không có số liệu" / "không áp dụng" is an answer, with a reason; it completes the field,
and counts as missing, never as zero, in the national figures and their coverage (indicators/README.md)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from exports.selectors import agency_report
from indicators import aggregation
from reporting import excel, selectors, services
from reporting.models import IndicatorFigure, Report
from tests.api_support import token_client
from tests.reporting_helpers import complete_data, pdf_file, periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    """The messages and labels compared here are the Vietnamese ones, whatever an earlier test activated."""
    translation.activate("vi")
    yield
    translation.deactivate()  # back to the default language, not to whatever was left active before


NO_DATA, NOT_APPLICABLE = IndicatorFigure.Answer.NO_DATA, IndicatorFigure.Answer.NOT_APPLICABLE


def hanoi_as_written(report) -> dict:
    """Hà Nội's half-year report as a DOLISA writes it: it knows whom it reached, rarely out of how many."""
    data = complete_data(report)
    figures = data["figures"]
    # Workers reached in at-risk businesses: 2.140, but nobody counts all workers of those businesses.
    figures["3a"] = {
        "numerator": "2.140",
        "denominator": "",
        "denominator_answer": "no_data",
        "answer_reason": "Chưa có thống kê tổng số lao động tại các cơ sở kinh doanh dịch vụ nhạy cảm.",
    }
    # Students reached: 18.500 out of "all students", which the education department did not send.
    figures["3c"] = {
        "numerator": "18.500",
        "denominator_answer": "Không có số liệu",  # the label, as the workbook's list writes it
        "answer_reason": "Sở GD&ĐT chưa cung cấp tổng số học sinh, sinh viên.",
    }
    # Sex workers "in need and eligible": no such register exists.
    figures["10"] = {
        "numerator": "37",
        "denominator_answer": "no_data",
        "answer_reason": "Không có danh sách người bán dâm có nhu cầu và đủ điều kiện.",
    }
    # District and commune staff trained: no count of all staff at each level.
    figures["11b"] = {
        "numerator": "640",
        "denominator_answer": "no_data",
        "answer_reason": "Chưa tổng hợp tổng số cán bộ cấp huyện, cấp xã.",
    }
    # A pilot model in districts: Hà Nội runs none this plan, so the target does not apply.
    figures["9"] = {"answer": "not_applicable", "answer_reason": "Thành phố không triển khai mô hình thí điểm."}
    return data


def enter(report_agency_user, period, data_of, reviewer, *, accept=True) -> Report:
    user = report_agency_user
    report = services.report_start(agency=user.agency, period=period, user=user)
    report = services.report_save(report=report, user=user, data=data_of(report), expected_version=report.version)
    assert report.save_errors == {}
    services.report_attach(report=report, user=user, file=pdf_file(), kind="official_report")
    report = services.report_submit(report=report, user=user)
    if accept:
        report = services.report_accept(report=report, user=reviewer)
    return report


def national(period, code):
    return next(x for x in aggregation.national_figures(period) if x.target.code == code)


def test_a_real_report_with_denominators_nobody_has_is_sent_and_left_out_of_the_national_ratio(
    h1, hanoi_officer, hcm_officer, reviewer
):
    # Given Hà Nội answers "không có số liệu" for four denominators and "không áp dụng" for target 9,
    hanoi = enter(hanoi_officer, h1, hanoi_as_written, reviewer)
    # and Hồ Chí Minh City gives every figure (420/579 each),
    enter(hcm_officer, h1, complete_data, reviewer)

    # then Hà Nội's report was complete enough to send, and holds no invented number
    figure = hanoi.figures.get(target__code="3a")
    assert (figure.numerator, figure.denominator, figure.denominator_answer) == (2140, None, NO_DATA)
    assert hanoi.figures.get(target__code="9").numerator is None

    # and the national ratio of 3a is Hồ Chí Minh City's alone: Hà Nội is missing, never a zero denominator
    fig = national(h1, "3a")
    assert (fig.numerator, fig.denominator, fig.value) == (420, 579, Decimal("72.5"))
    assert (fig.covered, fig.expected, fig.no_data, fig.numerator_only) == (1, 63, 1, 1)
    assert fig.coverage_text == "1/63 tỉnh; 1 không có số liệu (1 chỉ có tử số, không tính vào tỷ lệ)"
    # as for target 9, answered "không áp dụng"
    fig9 = national(h1, "9")
    assert (fig9.numerator, fig9.denominator, fig9.covered, fig9.not_applicable) == (420, 579, 1, 1)
    assert fig9.coverage_text == "1/63 tỉnh; 1 không áp dụng"
    # while a target both gave in full adds both up
    fig1 = national(h1, "1")
    assert (fig1.numerator, fig1.denominator, fig1.covered, fig1.coverage_text) == (840, 1158, 2, "2/63 tỉnh")

    # and Hà Nội has no figure of its own for 3a (missing), but its answer with the reason
    assert (hanoi_officer.agency.pk, "3a") not in aggregation.province_figures(h1)
    answers = aggregation.province_answers(h1)
    assert answers[(hanoi_officer.agency.pk, "3a")].answer_text == (
        "Mẫu số: không có số liệu (Chưa có thống kê tổng số lao động tại các cơ sở kinh doanh dịch vụ nhạy cảm.)"
    )
    assert (
        answers[(hanoi_officer.agency.pk, "9")].answer_text
        == "Không áp dụng (Thành phố không triển khai mô hình thí điểm.)"
    )


def test_an_answer_without_a_reason_keeps_the_report_from_being_sent(h1, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    data = complete_data(report)
    data["figures"]["3a"] = {"numerator": "", "denominator": "", "answer": "no_data", "answer_reason": ""}
    report = services.report_save(report=report, user=hanoi_officer, data=data, expected_version=report.version)

    missing = selectors.report_missing(report=report)

    assert "figures.3a" not in missing  # the answer completes the figure…
    assert "3a" in missing["figures.3a.answer_reason"]  # …once it says why


def test_an_answer_beside_a_number_is_refused_and_the_number_stays(h1, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    data = {
        "figures": {
            "3a": {"numerator": "15", "denominator": "40", "answer": "no_data", "answer_reason": "x"},
            "4": {"yes_no": "", "denominator_answer": "no_data"},
            "3b": {"numerator": "5", "denominator": "9", "denominator_answer": "not_applicable"},
            "3c": {"answer": "có lẽ"},
        }
    }

    report = services.report_save(report=report, user=hanoi_officer, data=data, expected_version=report.version)

    assert set(report.save_errors) == {
        "figures.3a.answer",
        "figures.4.denominator_answer",
        "figures.3b.denominator_answer",
        "figures.3c.answer",
    }
    assert "Không có số liệu" in report.save_errors["figures.3a.answer"]
    saved = {f.target.code: f for f in report.figures.select_related("target")}
    assert (saved["3a"].numerator, saved["3a"].denominator, saved["3a"].answer) == (15, 40, "")
    assert (saved["3b"].denominator, saved["3b"].denominator_answer) == (9, "")


def test_the_form_offers_the_answer_keeps_what_was_typed_and_the_review_page_lists_it(
    client, h1, hanoi_officer, reviewer
):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    client.force_login(hanoi_officer)
    url = reverse("report-edit", args=[report.pk])
    page = client.get(url).content.decode()
    assert 'name="fig-3a-denominator_answer"' in page and 'name="fig-3a-answer_reason"' in page
    assert 'name="fig-4-denominator_answer"' not in page  # a yes/no has no denominator

    # when the officer picks "không có số liệu" but leaves a number in
    response = client.post(
        url,
        {
            "version": report.version,
            "action": "save",
            "fig-3a-numerator": "15",
            "fig-3a-denominator": "40",
            "fig-3a-answer": "no_data",
            "fig-3a-answer_reason": "Chưa thống kê",
        },
    )
    # then the page says so beside the field and keeps what was typed
    assert response.status_code == 200
    text = response.content.decode()
    assert "vẫn còn số liệu đã nhập" in text
    assert 'value="Chưa thống kê"' in text and 'value="40"' in text

    # when the denominator alone is answered, it is saved and shown on the review page with its reason
    report.refresh_from_db()
    client.post(
        url,
        {
            "version": report.version,
            "action": "save",
            "fig-3a-numerator": "15",
            "fig-3a-denominator": "",
            "fig-3a-denominator_answer": "no_data",
            "fig-3a-answer_reason": "Chưa thống kê tổng số lao động",
        },
    )
    figure = report.figures.get(target__code="3a")
    assert (figure.numerator, figure.denominator, figure.denominator_answer) == (15, None, NO_DATA)
    detail = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert "không có số liệu" in detail and "Chưa thống kê tổng số lao động" in detail


def test_the_answer_is_in_the_audit_trail(h1, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    data = {"figures": {"9": {"answer": "not_applicable", "answer_reason": "Không có mô hình"}}}
    services.report_save(report=report, user=hanoi_officer, data=data, expected_version=report.version)

    figure = report.figures.get(target__code="9")
    latest = figure.history.first()
    assert (latest.answer, latest.answer_reason, latest.history_user) == (
        NOT_APPLICABLE,
        "Không có mô hình",
        hanoi_officer,
    )
    assert latest.prev_record.answer == ""


def test_the_workbook_carries_the_answers_both_ways(h1, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    report = services.report_save(
        report=report, user=hanoi_officer, data=hanoi_as_written(report), expected_version=report.version
    )
    wb = load_workbook(io.BytesIO(excel.report_workbook_bytes(Report.objects.get(pk=report.pk))))
    ws = wb["Chỉ tiêu"]
    head = [c.value for c in ws[1]]
    col = {key: head.index(label) for key, label in excel.FIGURE_COLUMNS}
    rows = {str(r[0].value): r for r in ws.iter_rows(min_row=2) if r[0].value is not None}
    assert rows["3a"][col["denominator_answer"]].value == "Không có số liệu"
    assert rows["3a"][col["denominator"]].value is None
    assert rows["9"][col["answer"]].value == "Không áp dụng"
    assert rows["9"][col["answer_reason"]].value == "Thành phố không triển khai mô hình thí điểm."

    # an officer offline answers 8a "Không có số liệu" instead of its two numbers, and reads it back
    rows["8a"][col["numerator"]].value = None
    rows["8a"][col["denominator"]].value = None
    rows["8a"][col["answer"]].value = "Không có số liệu"
    rows["8a"][col["answer_reason"]].value = "Công an tỉnh chưa gửi số liệu"
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "bao-cao.xlsx"
    result = excel.import_workbook(report=Report.objects.get(pk=report.pk), user=hanoi_officer, file=buffer)

    assert result.ok, result.errors
    figure = report.figures.get(target__code="8a")
    assert (figure.answer, figure.answer_reason, figure.numerator) == (NO_DATA, "Công an tỉnh chưa gửi số liệu", None)
    assert report.figures.get(target__code="3a").denominator_answer == NO_DATA  # kept through the round trip


def test_the_api_takes_and_shows_the_answer_and_refuses_a_bad_one_with_json(h1, hanoi_officer):
    client = token_client(hanoi_officer)
    created = client.post("/api/v1/reports/", {"period": "2025-H1"}, format="json").json()
    url = f"/api/v1/reports/{created['id']}/"

    bad = client.patch(url, {"version": created["version"], "figures": {"3a": {"answer": "maybe"}}}, format="json")
    assert bad.status_code == 400
    assert "figures.3a.answer" in bad.json()

    good = client.patch(
        url,
        {
            "version": created["version"],
            "figures": {
                "10": {"numerator": 37, "denominator_answer": "no_data", "answer_reason": "Không có danh sách"}
            },
        },
        format="json",
    )
    assert good.status_code == 200, good.content
    figure = next(f for f in good.json()["figures"] if f["target"]["code"] == "10")
    assert (figure["numerator"], figure["denominator"], figure["denominator_answer"], figure["is_filled"]) == (
        37,
        None,
        "no_data",
        True,
    )


def test_the_pdf_and_the_province_page_name_the_answer(client, h1, hanoi_officer, reviewer):
    report = enter(hanoi_officer, h1, hanoi_as_written, reviewer)

    rows = {target.code: text for target, _figure, text in agency_report(h1, report.agency).figures}
    assert rows["9"] == "Không áp dụng"
    assert rows["3a"] == "2.140 (mẫu số: không có số liệu)"

    client.force_login(reviewer)
    page = client.get(reverse("dashboards:province", args=[report.agency.code]), {"ky": h1.code})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Không áp dụng (Thành phố không triển khai mô hình thí điểm.)" in text
    assert "0/63 tỉnh; 1 không áp dụng" in text  # the national coverage says why target 9 is short

    # and the heat map of every province marks the answers, the reason on hover, not as figures
    heat = client.get(reverse("dashboards:provinces"), {"ky": h1.code}).content.decode()
    assert 'title="Không áp dụng (Thành phố không triển khai mô hình thí điểm.)">KAD</abbr>' in heat
    assert ">KCSL</abbr>" in heat


def test_the_dashboard_workbook_lists_the_answers_for_readers_of_province_figures(client, h1, hanoi_officer, reviewer):
    enter(hanoi_officer, h1, hanoi_as_written, reviewer)
    client.force_login(reviewer)

    response = client.get(reverse("dashboards:targets-periods-excel"))

    wb = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in r] for r in wb["Không có số liệu"].iter_rows(min_row=3)]
    by_code = {r[2]: r for r in rows}
    assert by_code["3a"][4:] == [
        "Mẫu số: không có số liệu",
        2140,
        "Chưa có thống kê tổng số lao động tại các cơ sở kinh doanh dịch vụ nhạy cảm.",
    ]
    assert by_code["9"][4] == "Không áp dụng"

    # a provincial officer exports the same table without the other provinces' answers
    client.force_login(hanoi_officer)
    response = client.get(reverse("dashboards:targets-periods-excel"))
    assert "Không có số liệu" not in load_workbook(io.BytesIO(response.content)).sheetnames


def test_an_answered_figure_on_the_province_page_links_to_its_report_like_a_number(client, h1, hanoi_officer, reviewer):
    # Given Hà Nội answered "không áp dụng" for target 9 and "không có số liệu" for the denominator of 3a,
    report = enter(hanoi_officer, h1, hanoi_as_written, reviewer)
    client.force_login(reviewer)
    text = client.get(reverse("dashboards:province", args=[report.agency.code]), {"ky": h1.code}).content.decode()
    detail = reverse("report-detail", args=[report.pk])
    # then the answer opens the report at its row, as a reported figure (target 1) does
    for code in ("1", "9", "3a"):
        assert f'<a href="{detail}#chi-tieu-{code}"' in text, code
    cell_9 = text.split(f'<a href="{detail}#chi-tieu-9"', 1)[1].split("</a>", 1)[0]
    assert "Không áp dụng (Thành phố không triển khai mô hình thí điểm.)" in cell_9
