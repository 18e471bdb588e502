"""The statistics section: a catalogue as data, entered without inventing a number, adding up nationally.

A province answers "không có số liệu" rather than typing 0; the national total of that item then
sums the provinces that gave a number and says how many of the expected units it covers, by year
and by province, on the dashboard, in its workbook and in the API.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from reporting import excel, selectors, services, statistics
from reporting.models import DirectingDocument, Report, StatisticItem, StatisticValue
from reporting.statfile import StatisticsFileError, load_statistics_file, read_statistics_file
from tests.conftest import STATISTICS_FILE, make_user
from tests.reporting_helpers import complete_data, pdf_file, periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


# -- the catalogue as data -------------------------------------------------------------------------


def test_the_catalogue_loads_idempotently_and_describes_each_item():
    assert load_statistics_file(STATISTICS_FILE) == {"created": 0, "changed": 0, "retired": 0}
    call_command("load_statistics", str(STATISTICS_FILE))  # the command, a second time: nothing changes
    assert StatisticItem.history.filter(history_type="~").count() == 0
    codes = set(StatisticItem.objects.values_list("code", flat=True))
    # the situation, inspections and sanctions, criminal cases at each stage, support by kind of service
    assert {"ban-dam-uoc-tinh", "ban-dam-co-ho-so", "te-diem-cong-cong", "co-so-kinh-doanh", "tien-phat"} <= codes
    assert {"vu-an-phat-hien", "doi-tuong-khoi-to", "vu-an-truy-to", "vu-an-xet-xu", "luot-ho-tro"} <= codes
    sellers = StatisticItem.objects.get(code="xu-phat-hanh-chinh")
    assert sellers.breakdown_keys == ["ban-dam", "mua-dam", "chua-moi-gioi"] and sellers.is_additive
    estimate = StatisticItem.objects.get(code="ban-dam-uoc-tinh")
    assert not estimate.is_additive and estimate.breakdown_keys == ["nam", "nu"]
    assert StatisticItem.objects.get(code="tien-phat").unit == "đồng"


def test_a_changed_catalogue_needs_no_migration_and_a_dropped_item_is_retired(tmp_path: Path):
    text = STATISTICS_FILE.read_text(encoding="utf-8")
    changed = text.replace('label: "Số tụ điểm mại dâm công cộng"', 'label: "Số tụ điểm mại dâm nơi công cộng"')
    start = changed.index("  - code: cuoc-kiem-tra")
    end = changed.index("  - code: luot-co-so-kiem-tra")
    path = tmp_path / "statistics.yaml"
    path.write_text(changed[:start] + changed[end:], encoding="utf-8")
    counts = load_statistics_file(path)
    assert (counts["created"], counts["retired"]) == (0, 1)  # "changed": the label, and the positions after
    assert StatisticItem.objects.get(code="te-diem-cong-cong").label == "Số tụ điểm mại dâm nơi công cộng"
    assert not StatisticItem.objects.get(code="cuoc-kiem-tra").is_active


def test_a_wrong_catalogue_is_refused_whole_with_the_entry_and_the_reason(tmp_path: Path):
    path = tmp_path / "statistics.yaml"
    path.write_text(
        "statistics:\n  - {code: a, section: S, label: L, unit: vụ, aggregation: average, reported_by_kinds: [x]}\n",
        encoding="utf-8",
    )
    with pytest.raises(StatisticsFileError, match=r"mục 1 \(a\).*aggregation"):
        read_statistics_file(path)


# -- entering a real-world report ----------------------------------------------------------------


def _report(period, user):
    report = services.report_start(agency=user.agency, period=period, user=user)
    data = complete_data(report)
    data.pop("statistics")
    report = services.report_save(report=report, user=user, data=data, expected_version=report.version)
    services.report_attach(report=report, user=user, file=pdf_file(), kind="official_report")
    return Report.objects.get(pk=report.pk)


def _send(report, user, reviewer, statistics_data: dict, **extra) -> Report:
    saved = services.report_save(
        report=report,
        user=user,
        data={"statistics": statistics_data, **extra},
        expected_version=report.version,
        partial=False,
    )
    sent = services.report_submit(report=saved, user=user)
    return services.report_accept(report=sent, user=reviewer)


def _figures(**overrides) -> dict:
    """Every item of the catalogue answered: the numbers a provincial report of the kind quoted gives."""
    base = {
        "ban-dam-uoc-tinh": {"value": 1200, "breakdowns": {"nam": 150, "nu": 1050}},
        "ban-dam-co-ho-so": {"value": 340, "breakdowns": {"nam": 20, "nu": 320}},
        "te-diem-cong-cong": {"value": 14},
        "co-so-kinh-doanh": {
            "value": 3150,
            "breakdowns": {
                "luu-tru": 1800,
                "karaoke": 620,
                "xoa-bop": 410,
                "vu-truong-bar": 60,
                "cat-toc-goi-dau": 200,
                "khac": 60,
            },
        },
        "lao-dong-co-so": {"value": 18500},
        "cuoc-kiem-tra": {"value": 96},
        "luot-co-so-kiem-tra": {"value": 742},
        "vi-pham-phat-hien": {"value": 58},
        "tien-phat": {"value": "1.265.500.000"},
        "xu-phat-hanh-chinh": {"value": 97, "breakdowns": {"ban-dam": 61, "mua-dam": 24, "chua-moi-gioi": 12}},
        "vu-an-phat-hien": {"value": 23},
        "doi-tuong-khoi-to": {"value": 41},
        "vu-an-truy-to": {"value": 19},
        "vu-an-xet-xu": {"value": 17},
        "nguoi-duoc-ho-tro": {"value": 212},
        "luot-ho-tro": {"value": 530, "breakdowns": {"tu-van": 260, "y-te": 150, "hoc-nghe": 40}},
    }
    base.update(overrides)
    return base


@pytest.fixture
def danang_officer(db):
    return make_user("danang", "so-ldtbxh-da-nang", "provincial_officer")


def test_a_real_report_is_entered_without_inventing_a_number_and_the_nation_adds_up_by_province_and_year(
    plan, hanoi_officer, hcm_officer, danang_officer, reviewer, client, django_assert_max_num_queries
):
    all_periods = periods(plan)
    y2024, y2025 = all_periods["2024-FY"], all_periods["2025-FY"]

    # Given Hà Nội's annual report of 2025: the situation with its parts, the sections, its documents...
    hanoi = _send(
        _report(y2025, hanoi_officer),
        hanoi_officer,
        reviewer,
        _figures(),
        limitations="Hoạt động mại dâm chuyển sang hình thức trá hình qua mạng xã hội.",
        causes="Lực lượng kiểm tra cấp xã mỏng, kiêm nhiệm.",
        directions="Năm 2026: kiểm tra liên ngành 100% cơ sở lưu trú có dấu hiệu vi phạm.",
        documents=[
            {"number": "45/KH-UBND", "issued_on": "20/02/2025", "summary": "Kế hoạch phòng, chống mại dâm năm 2025"},
            {"number": "1320/UBND-KGVX", "issued_on": "2025-05-12", "summary": "Tăng cường kiểm tra cơ sở lưu trú"},
        ],
    )
    # ...Hồ Chí Minh City has no survey of sex workers, and says so instead of typing 0...
    no_survey = {"value": None, "no_answer": "no_data", "reason": "Chưa tổ chức khảo sát năm 2025."}
    _send(
        _report(y2025, hcm_officer),
        hcm_officer,
        reviewer,
        _figures(**{"ban-dam-co-ho-so": no_survey, "tien-phat": {"value": 2_000_000_000}}),
    )
    # ...Đà Nẵng's report is still a draft (not counted), and in 2024 only Hà Nội was accepted.
    _report(y2025, danang_officer)
    _send(_report(y2024, hanoi_officer), hanoi_officer, reviewer, _figures(**{"vu-an-phat-hien": {"value": 31}}))

    assert hanoi.status == Report.Status.ACCEPTED
    assert list(DirectingDocument.objects.filter(report=hanoi).values_list("number", flat=True)) == [
        "45/KH-UBND",
        "1320/UBND-KGVX",
    ]
    total = StatisticValue.objects.get(report__agency__code="so-ldtbxh-ho-chi-minh", item__code="ban-dam-co-ho-so")
    assert total.value is None and total.no_answer == "no_data"

    # When the national statistics are read by year...
    years = statistics.annual_periods(list(plan.periods.all()))
    table = statistics.national_statistics(years)
    line = {(row.item.code, row.key): row for row in table.lines}
    col = {p.code: i for i, p in enumerate(years)}
    expected = line[("tien-phat", "")].cells[col["2025-FY"]].expected
    assert expected >= 60  # every provincial department existing at the end of 2025 is expected

    # then each total sums the provinces that gave a number, and says how many it covers
    fines = line[("tien-phat", "")].cells[col["2025-FY"]]
    assert (fines.total, fines.covered) == (1_265_500_000 + 2_000_000_000, 2)
    assert fines.coverage_text == f"2/{expected} đơn vị báo cáo"
    # the province with no data is missing, not zero: Hà Nội's number alone, covering 1, one "no data"
    on_record = line[("ban-dam-co-ho-so", "")].cells[col["2025-FY"]]
    assert (on_record.total, on_record.covered, on_record.no_answer) == (340, 1, 1)
    women = line[("ban-dam-co-ho-so", "nu")].cells[col["2025-FY"]]
    assert (women.total, women.covered) == (320, 1)
    # a part not given by anyone is missing too (HCM's and Hà Nội's "trợ giúp pháp lý" left blank)
    legal = line[("luot-ho-tro", "phap-ly")].cells[col["2025-FY"]]
    assert (legal.total, legal.covered) == (None, 0)
    # an estimate is not added up nationally, though its coverage is told
    estimate = line[("ban-dam-uoc-tinh", "")].cells[col["2025-FY"]]
    assert (estimate.total, estimate.covered) == (None, 2)
    # by year: 2024 holds Hà Nội's report only; the draft of Đà Nẵng counts nowhere
    cases = line[("vu-an-phat-hien", "")]
    assert (cases.cells[col["2024-FY"]].total, cases.cells[col["2024-FY"]].covered) == (31, 1)
    assert (cases.cells[col["2025-FY"]].total, cases.cells[col["2025-FY"]].covered) == (46, 2)
    # with the provisional switch nothing changes here: the draft is not submitted
    assert statistics.national_statistics(years, include_submitted=True).lines[0].cells == table.lines[0].cells

    # And by province: each unit's number, "Không có số liệu" where said, "—" where not reported
    by_unit = statistics.item_by_unit(StatisticItem.objects.get(code="ban-dam-co-ho-so"), "", years)
    cells = {row.agency.code: row.values[col["2025-FY"]] for row in by_unit.rows}
    assert cells["so-ldtbxh-ha-noi"].value == 340
    assert cells["so-ldtbxh-ho-chi-minh"].no_answer_label == "Không có số liệu"
    assert not cells["so-ldtbxh-da-nang"].reported
    assert by_unit.national.cells[col["2025-FY"]].total == 340

    # The dashboard page shows the same, in a fixed number of queries
    client.force_login(reviewer)
    url = reverse("dashboards:statistics") + "?chi_so=ban-dam-co-ho-so"
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert f"2/{expected} đơn vị báo cáo" in page
    assert "3.265.500.000" in page  # the fines, written as Vietnamese write numbers
    assert "Không có số liệu" in page and "không cộng" in page

    # its workbook: numbers stay numbers, a missing one is an empty cell
    with django_assert_max_num_queries(20):  # every item and part by unit, in a fixed number of queries
        response = client.get(reverse("dashboards:statistics-excel"))
    wb = load_workbook(io.BytesIO(response.content))
    national = {(r[1], r[3] or ""): r for r in wb["Toàn quốc"].iter_rows(min_row=4, values_only=True)}
    fines_row = national[("tien-phat", "")]
    index = 6 + 3 * col["2025-FY"]
    assert fines_row[index : index + 3] == (3_265_500_000, 2, expected)
    assert national[("ban-dam-uoc-tinh", "")][index] is None
    units = list(wb["Theo đơn vị"].iter_rows(min_row=2, values_only=True))
    assert ("ban-dam-co-ho-so", "so-ldtbxh-ho-chi-minh", 2025, None, "Không có số liệu") in {
        (r[0], r[3], r[5], r[6], r[7]) for r in units
    }

    # and the API, the same numbers
    api = client.get("/api/v1/statistics/").json()
    fines_api = next(row for row in api["lines"] if row["code"] == "tien-phat")
    year = next(y for y in fines_api["years"] if y["period"] == "2025-FY")
    assert (year["total"], year["covered"], year["expected"]) == (3_265_500_000, 2, expected)


# -- the form: a missing number is answered, never invented ---------------------------------------


@pytest.fixture
def report(plan, hanoi_officer):
    return services.report_start(agency=hanoi_officer.agency, period=periods(plan)["2025-H1"], user=hanoi_officer)


def test_the_form_offers_no_data_with_a_reason_and_checks_it_beside_the_field(client, report, hanoi_officer):
    client.force_login(hanoi_officer)
    page = client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert 'name="stat-ban-dam-co-ho-so-value"' in page and 'name="stat-ban-dam-co-ho-so-part-nu"' in page
    assert "không ghi thông tin cá nhân" in page.lower()
    assert 'value="no_data"' in page
    post = {
        "version": str(report.version),
        "action": "save",
        # no data, but no reason
        "stat-ban-dam-co-ho-so-value": "",
        "stat-ban-dam-co-ho-so-no_answer": "no_data",
        "stat-ban-dam-co-ho-so-reason": "",
        # a number and "no data" at once
        "stat-te-diem-cong-cong-value": "12",
        "stat-te-diem-cong-cong-no_answer": "no_data",
        "stat-te-diem-cong-cong-reason": "Không rõ",
        # parts above the total
        "stat-xu-phat-hanh-chinh-value": "10",
        "stat-xu-phat-hanh-chinh-part-ban-dam": "8",
        "stat-xu-phat-hanh-chinh-part-mua-dam": "5",
        # a good one
        "stat-vu-an-phat-hien-value": "1.250",
    }
    response = client.post(reverse("report-edit", args=[report.pk]), post)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="err_stat-ban-dam-co-ho-so-reason"' in page
    assert 'id="err_stat-te-diem-cong-cong-value"' in page
    assert 'id="err_stat-xu-phat-hanh-chinh-value"' in page and "lớn hơn tổng số" in page
    assert 'value="Không rõ"' in page and 'value="8"' in page  # nothing typed is lost
    saved = {(v.item.code, v.breakdown): v.value for v in StatisticValue.objects.filter(report=report)}
    assert saved == {("vu-an-phat-hien", ""): 1250}
    missing = selectors.report_missing(report=Report.objects.get(pk=report.pk))
    assert "statistics.ban-dam-co-ho-so" in missing and "statistics.vu-an-phat-hien" not in missing


def test_no_data_with_a_reason_completes_the_item_and_is_audited(report, hanoi_officer):
    services.report_save(
        report=report,
        user=hanoi_officer,
        expected_version=report.version,
        data={"statistics": {"te-diem-cong-cong": {"no_answer": "no_data", "reason": "Chưa rà soát tụ điểm."}}},
    )
    report = Report.objects.get(pk=report.pk)
    assert "statistics.te-diem-cong-cong" not in selectors.report_missing(report=report)
    row = StatisticValue.objects.get(report=report, item__code="te-diem-cong-cong")
    history = row.history.get()
    assert (history.no_answer, history.no_answer_reason, history.history_user) == (
        "no_data",
        "Chưa rà soát tụ điểm.",
        hanoi_officer,
    )


def test_a_ministry_report_has_no_provincial_statistics(plan, police_officer):
    report = services.report_start(agency=police_officer.agency, period=periods(plan)["2025-H1"], user=police_officer)
    assert selectors.report_statistics(report) == []
    assert not [key for key in selectors.report_missing(report=report) if key.startswith("statistics")]


def test_the_api_writes_statistics_and_answers_a_wrong_one_with_a_json_400(client, report, hanoi_officer):
    client.force_login(hanoi_officer)
    url = f"/api/v1/reports/{report.pk}/"
    body = {
        "version": report.version,
        "statistics": {
            "ban-dam-co-ho-so": {"value": 30, "breakdowns": {"nam": 2, "nu": 28}},
            "ban-dam-uoc-tinh": {"no_answer": "not_applicable", "reason": "Không ước tính."},
        },
    }
    response = client.patch(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    lines = {line["code"]: line for line in response.json()["statistics"]}
    assert lines["ban-dam-co-ho-so"]["value"] == 30
    assert {b["key"]: b["value"] for b in lines["ban-dam-co-ho-so"]["breakdowns"]} == {"nam": 2, "nu": 28}
    assert lines["ban-dam-uoc-tinh"]["no_answer"] == "not_applicable"
    bad = {
        "version": response.json()["version"],
        "statistics": {"ban-dam-co-ho-so": {"value": 30, "breakdowns": {"nu": 31}}},
    }
    response = client.patch(url, bad, content_type="application/json")
    assert response.status_code == 400
    assert "statistics.ban-dam-co-ho-so.value" in response.json()


def test_the_workbook_carries_the_statistics_both_ways(report, hanoi_officer):
    report = selectors.report_detail(Report.objects.all(), report.pk)
    wb = load_workbook(io.BytesIO(excel.report_workbook_bytes(report)))
    sheet = wb[excel.STATISTICS]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    rows["te-diem-cong-cong"][3].value = 9
    rows["ban-dam-uoc-tinh"][4].value = "Không có số liệu"
    rows["ban-dam-uoc-tinh"][5].value = "Chưa ước tính."
    rows["ban-dam-co-ho-so"][3].value = 5
    rows["ban-dam-co-ho-so:nu"][3].value = 7
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = excel.import_workbook(report=report, user=hanoi_officer, file=buffer)
    assert [(p.sheet, p.row) for p in result.errors] == [(excel.STATISTICS, rows["ban-dam-co-ho-so"][0].row)]
    assert not StatisticValue.objects.filter(report=report).exists()  # all or nothing
    rows["ban-dam-co-ho-so:nu"][3].value = 4
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = excel.import_workbook(report=report, user=hanoi_officer, file=buffer)
    assert result.ok, result.errors
    saved = {(v.item.code, v.breakdown): (v.value, v.no_answer) for v in StatisticValue.objects.filter(report=report)}
    assert saved[("te-diem-cong-cong", "")] == (9, "")
    assert saved[("ban-dam-uoc-tinh", "")] == (None, "no_data")
    assert saved[("ban-dam-co-ho-so", "nu")] == (4, "")


def test_a_province_reads_the_national_totals_but_not_the_other_provinces_numbers(
    client, plan, hanoi_officer, reviewer
):
    periods(plan)
    client.force_login(hanoi_officer)
    page = client.get(reverse("dashboards:statistics")).content.decode()
    assert 'id="thong-ke-toan-quoc"' in page and 'id="theo-don-vi"' not in page
    book = load_workbook(io.BytesIO(client.get(reverse("dashboards:statistics-excel")).content))
    assert book.sheetnames == ["Toàn quốc"]
    client.force_login(reviewer)
    page = client.get(reverse("dashboards:statistics")).content.decode()
    assert 'id="theo-don-vi"' in page
