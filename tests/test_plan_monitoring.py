"""ISSUE 14.4: Decision 29/QĐ-BLĐTBXH monitoring columns: the agency's planned target for the year, the
cumulative value over the plan (indicators/README.md, "Cumulative value over the plan") and the source."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dashboards import selectors as dashboard_selectors
from indicators import aggregation
from reporting import excel, services
from reporting.models import Report
from tests import factories as f
from tests.api_support import token_client
from tests.reporting_helpers import periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    """The messages and labels compared here are the Vietnamese ones, whatever an earlier test activated."""
    translation.activate("vi")
    yield
    translation.deactivate()  # back to the default language, not to whatever was left active before


@pytest.fixture
def all_periods(plan):
    return periods(plan)


def target(plan, code):
    return plan.targets.get(code=code)


def save(report, user, figures):
    report = Report.objects.get(pk=report.pk)
    return services.report_save(report=report, user=user, data={"figures": figures}, expected_version=report.version)


def test_the_years_target_is_set_in_the_first_report_and_shown_not_changed_in_the_later_one(all_periods, hanoi_officer):
    h1, fy = all_periods["2025-H1"], all_periods["2025-FY"]
    # Given Hà Nội sets 80% for 3a and its source in its half-year report
    first = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    first = save(first, hanoi_officer, {"3a": {"planned": "80,5", "source": "Công an thành phố"}})
    assert first.save_errors == {}
    figure = first.figures.get(target__code="3a")
    assert (figure.planned, figure.source) == (Decimal("80.5"), "Công an thành phố")

    # when it opens its annual report, the form shows the year's target, read-only, from the first report
    later = services.report_start(agency=hanoi_officer.agency, period=fy, user=hanoi_officer)
    from reporting.forms import ReportForm

    row = next(r for r in ReportForm(later).figures if r.target.code == "3a")
    assert (row.figure.year_planned, row.figure.plan_period) == (Decimal("80.5"), h1)

    # and a different value for that target in the annual report is refused beside the field
    later = save(later, hanoi_officer, {"3a": {"planned": "90"}, "3b": {"planned": "60"}})
    assert "6 tháng đầu năm 2025" in later.save_errors["figures.3a.planned"]
    assert later.figures.get(target__code="3a").planned is None
    # while the same value (a workbook sent back unchanged) passes, and a target not planned yet may be set
    later = save(later, hanoi_officer, {"3a": {"planned": "80,5"}})
    assert later.save_errors == {}
    assert later.figures.get(target__code="3b").planned == Decimal("60")

    # and the first report still changes it while it may be edited, with the change in its history
    first = save(first, hanoi_officer, {"3a": {"planned": "85"}})
    history = first.figures.get(target__code="3a").history.all()
    assert [h.planned for h in history[:2]] == [Decimal("85"), Decimal("80.5")]
    assert history[0].history_user == hanoi_officer


def test_a_planned_target_that_is_not_a_number_is_refused_with_a_message(all_periods, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=all_periods["2025-H1"], user=hanoi_officer)
    report = save(
        report, hanoi_officer, {"3a": {"planned": "tám mươi"}, "3b": {"planned": "-5"}, "1": {"planned": "7,25"}}
    )
    assert set(report.save_errors) == {"figures.3a.planned", "figures.3b.planned", "figures.1.planned"}
    assert "một chữ số sau dấu phẩy" in report.save_errors["figures.1.planned"]


def test_cumulative_values_follow_the_rule_of_each_measure(plan, all_periods):
    hanoi = f.dolisa("ha-noi")
    p = all_periods
    reports = {code: f.report(hanoi, p[code]) for code in ("2023-FY", "2024-H1", "2024-FY", "2025-H1")}
    # 3a ratio: years count once each, the annual report over the half-year: (100 + 150 + 60) / (200 + 250 + 100)
    for code, (num, den) in {
        "2023-FY": (100, 200),
        "2024-H1": (50, 100),
        "2024-FY": (150, 250),
        "2025-H1": (60, 100),
    }.items():
        f.figure(reports[code], target(plan, "3a"), num, den)
    # 7 counts: cases add up over the years (annual 30 + annual 45 + half-year 20), never the 2024 half-year twice
    for code, cases in {"2023-FY": 30, "2024-H1": 25, "2024-FY": 45, "2025-H1": 20}.items():
        f.figure(reports[code], target(plan, "7"), cases)
    # 5 yes/no: the latest answer
    for code, answer in {"2023-FY": True, "2024-FY": True, "2025-H1": False}.items():
        f.figure(reports[code], target(plan, "5"), yes_no=answer)
    # 8b cumulative coverage is cumulative already: the latest figure
    f.figure(reports["2024-FY"], target(plan, "8b"), 300, 1000)
    f.figure(reports["2025-H1"], target(plan, "8b"), 450, 1000)
    # 10: a year answered "không có số liệu" is left out, not read as 0
    f.figure(reports["2024-FY"], target(plan, "10"), 20, 40)
    no_data = f.figure(reports["2025-H1"], target(plan, "10"), 37)
    no_data.denominator_answer, no_data.answer_reason = "no_data", "Không có danh sách"
    no_data.save()
    # with the year's target and the source on the half-year report of 2025
    first = reports["2025-H1"].figures.get(target__code="3a")
    first.planned, first.source = Decimal("70"), "Sở LĐTBXH tổng hợp"
    first.save()

    rows = aggregation.agency_monitoring(p["2025-H1"], agency_ids=[hanoi.pk])
    r3a = rows[(hanoi.pk, target(plan, "3a").pk)]
    assert (r3a.value, r3a.planned, r3a.plan_met, r3a.source) == (
        Decimal("60.0"),
        Decimal("70"),
        False,
        "Sở LĐTBXH tổng hợp",
    )
    assert (r3a.cumulative, r3a.cumulative_years) == (Decimal("56.4"), 3)  # 310/550
    r7 = rows[(hanoi.pk, target(plan, "7").pk)]
    assert (r7.cumulative_count, r7.cumulative_years) == (95, 3)
    assert r7.value == Decimal("-20.0")  # 20 against 25 in the 2024 half-year
    assert rows[(hanoi.pk, target(plan, "5").pk)].latest_yes_no is False
    assert rows[(hanoi.pk, target(plan, "8b").pk)].cumulative == Decimal("45.0")
    r10 = rows[(hanoi.pk, target(plan, "10").pk)]
    assert (r10.cumulative, r10.cumulative_years, r10.value) == (Decimal("50.0"), 1, None)
    assert r10.answer.startswith("Mẫu số: không có số liệu")

    # and a report not accepted does not count in the cumulative value
    draft = f.report(hanoi, p["2025-FY"], status="draft")
    f.figure(draft, target(plan, "3a"), 0, 1000)
    rows = aggregation.agency_monitoring(p["2025-FY"], agency_ids=[hanoi.pk])
    assert rows[(hanoi.pk, target(plan, "3a").pk)].cumulative == Decimal("56.4")


def test_the_planned_vs_achieved_page_and_workbook_show_each_agency(client, plan, all_periods, reviewer, hanoi_officer):
    h1 = all_periods["2025-H1"]
    hanoi, hcm = f.dolisa("ha-noi"), f.dolisa("ho-chi-minh")
    for agency, (num, den, planned, source) in {
        hanoi: (60, 100, "70", "Công an thành phố"),
        hcm: (90, 100, "85", "Sở Văn hóa"),
    }.items():
        figure = f.figure(f.report(agency, h1), target(plan, "3a"), num, den)
        figure.planned, figure.source = Decimal(planned), source
        figure.save()

    client.force_login(reviewer)
    page = client.get(reverse("dashboards:plan-achieved"), {"ky": h1.code, "muc_tieu": "3a"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Công an thành phố" in text and "Sở Văn hóa" in text
    assert "70%" in text and "60,0%" in text and "Chưa đạt kế hoạch" in text and "Đạt kế hoạch" in text

    response = client.get(reverse("dashboards:plan-achieved-excel"), {"ky": h1.code})
    ws = load_workbook(io.BytesIO(response.content)).active
    lines = {(r[0], r[2]): r for r in ws.iter_rows(min_row=4, values_only=True)}
    line = lines[("3a", hcm.display_name)]
    assert (line[3], line[4], line[5], line[9]) == (85.0, 90.0, "Đạt", "Sở Văn hóa")

    # the province page has the same columns for its own province
    client.force_login(hanoi_officer)
    page = client.get(reverse("dashboards:province", args=["so-ldtbxh-ha-noi"]), {"ky": h1.code})
    assert "Kế hoạch năm của tỉnh" in page.content.decode() and "Công an thành phố" in page.content.decode()
    # and a provincial officer may not read every agency's plan
    assert client.get(reverse("dashboards:plan-achieved")).status_code == 403


def test_the_page_counts_its_queries(client, plan, all_periods, reviewer, django_assert_max_num_queries):
    h1 = all_periods["2025-H1"]
    for n in range(1, 8):
        f.figure(f.report(f.province(n), h1), target(plan, "3a"), n, 10)
    client.force_login(reviewer)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("dashboards:plan-achieved"), {"ky": h1.code}).status_code == 200


def test_the_api_and_the_workbook_carry_the_plan_and_the_source(all_periods, hanoi_officer):
    h1, fy = all_periods["2025-H1"], all_periods["2025-FY"]
    client = token_client(hanoi_officer)
    created = client.post("/api/v1/reports/", {"period": h1.code}, format="json").json()
    response = client.patch(
        f"/api/v1/reports/{created['id']}/",
        {"version": created["version"], "figures": {"3a": {"planned": "75.5", "source": "Công an thành phố"}}},
        format="json",
    )
    assert response.status_code == 200, response.content
    figure = next(x for x in response.json()["figures"] if x["target"]["code"] == "3a")
    assert (figure["planned"], figure["source"]) == ("75.5", "Công an thành phố")
    bad = client.patch(
        f"/api/v1/reports/{created['id']}/",
        {"version": response.json()["version"], "figures": {"3a": {"planned": "abc"}}},
        format="json",
    )
    assert bad.status_code == 400

    # the annual workbook carries the year's target from the half-year report; sent back unchanged it saves
    later = services.report_start(agency=hanoi_officer.agency, period=fy, user=hanoi_officer)
    wb = load_workbook(io.BytesIO(excel.report_workbook_bytes(Report.objects.get(pk=later.pk))))
    ws = wb["Chỉ tiêu"]
    head = [c.value for c in ws[1]]
    col = {key: head.index(label) for key, label in excel.FIGURE_COLUMNS}
    rows = {str(r[0].value): r for r in ws.iter_rows(min_row=2) if r[0].value is not None}
    assert rows["3a"][col["planned"]].value == 75.5
    rows["3b"][col["planned"]].value = 60
    rows["3b"][col["source"]].value = "Ban Quản lý các khu công nghiệp"
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "bao-cao.xlsx"
    result = excel.import_workbook(report=Report.objects.get(pk=later.pk), user=hanoi_officer, file=buffer)
    assert result.ok, result.errors
    saved = later.figures.get(target__code="3b")
    assert (saved.planned, saved.source) == (Decimal("60"), "Ban Quản lý các khu công nghiệp")
    assert later.figures.get(target__code="3a").planned is None  # still held by the half-year report


def test_the_plan_vs_achieved_selector_lists_agencies_in_vietnamese_order(plan, all_periods):
    h1 = all_periods["2025-H1"]
    for code in ("ho-chi-minh", "ha-noi", "an-giang"):
        f.figure(f.report(f.dolisa(code), h1), target(plan, "1"), 1, 2)
    groups = dict(dashboard_selectors.plan_vs_achieved(h1))
    names = [line.agency.code for line in groups[target(plan, "1")]]
    assert names == ["so-ldtbxh-an-giang", "so-ldtbxh-ha-noi", "so-ldtbxh-ho-chi-minh"]


def test_the_agency_pdf_names_the_years_target_and_the_source(all_periods, hanoi_officer, monkeypatch):
    from exports import pdf

    h1, fy = all_periods["2025-H1"], all_periods["2025-FY"]
    first = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    save(first, hanoi_officer, {"3a": {"planned": "80", "source": "Công an thành phố"}})
    later = services.report_start(agency=hanoi_officer.agency, period=fy, user=hanoi_officer)
    save(later, hanoi_officer, {"3a": {"numerator": "50", "denominator": "100", "source": "Sở Văn hóa"}})
    written = []
    monkeypatch.setattr(pdf, "_write", written.append)  # the HTML WeasyPrint would be given

    pdf.render_agency(fy, hanoi_officer.agency)

    assert "Kế hoạch năm: 80%" in written[0]  # from the half-year report, shown in the annual one
    assert "Nguồn: Sở Văn hóa" in written[0]
