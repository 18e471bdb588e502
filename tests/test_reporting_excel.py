"""Offline filling: the Excel workbook goes out pre-filled and comes back all or nothing."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting import excel, services
from reporting.models import Report
from tests.reporting_helpers import complete_data, periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(plan, hanoi_officer):
    h1 = periods(plan)["2025-H1"]
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    return services.report_save(
        report=report, user=hanoi_officer, data=complete_data(report), expected_version=report.version
    )


def workbook_of(report):
    return load_workbook(io.BytesIO(excel.report_workbook_bytes(Report.objects.get(pk=report.pk))))


def upload(wb, name="bao-cao.xlsx"):
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def rows_by_code(ws):
    return {str(r[0].value): r for r in ws.iter_rows(min_row=2) if r[0].value is not None}


def test_the_workbook_is_prefilled_with_what_is_saved(report):
    wb = workbook_of(report)
    general = {r[0].value: r[2].value for r in wb["Thông tin chung"].iter_rows(min_row=2)}
    assert general["budget_local"] == 1_250_000
    assert general["dispatch_number"] == "125/BC-UBND"
    assert general["version"] == report.version
    figures = rows_by_code(wb["Chỉ tiêu"])
    assert (figures["1"][3].value, figures["1"][4].value) == (420, 579)
    assert figures["4"][5].value == "Có"
    assert figures["2b"][6].value == "1,2,3,4,5,6"
    tasks = rows_by_code(wb["Nhiệm vụ"])
    assert tasks["1.1"][2].value == "Đang thực hiện"


def test_a_round_trip_saves_the_changes_made_offline(report, hanoi_officer):
    # given the downloaded workbook, changed offline
    wb = workbook_of(report)
    figures = rows_by_code(wb["Chỉ tiêu"])
    figures["1"][3].value = 430
    figures["2b"][6].value = "1, 3, 5"
    figures["4"][5].value = "Không"
    rows_by_code(wb["Nhiệm vụ"])["1.1"][2].value = "Đã hoàn thành"
    general = {r[0].value: r for r in wb["Thông tin chung"].iter_rows(min_row=2)}
    general["budget_central"][2].value = "2.500.000"
    # when it is uploaded
    result = excel.import_workbook(report=report, user=hanoi_officer, file=upload(wb))
    # then every change is saved
    assert result.ok, result.errors
    report.refresh_from_db()
    assert report.budget_central == 2_500_000
    assert report.figures.get(target__code="1").numerator == 430
    assert report.figures.get(target__code="2b").months == ["2025-01", "2025-03", "2025-05"]
    assert report.figures.get(target__code="4").yes_no is False
    assert report.task_progress.get(task__code="1.1").status == "done"


def test_a_workbook_with_errors_saves_nothing_and_lists_them_by_sheet_row_and_field(report, hanoi_officer):
    # given a workbook with one good change and three errors
    before = (report.version, report.results)
    wb = workbook_of(report)
    general = {r[0].value: r for r in wb["Thông tin chung"].iter_rows(min_row=2)}
    general["results"][2].value = "Một thay đổi hợp lệ"
    general["budget_local"][2].value = -5
    figures = rows_by_code(wb["Chỉ tiêu"])
    figures["1"][3].value = 900  # above its denominator, 579
    tasks = rows_by_code(wb["Nhiệm vụ"])
    tasks["1.2"][2].value = "Sắp xong"
    # when it is uploaded
    result = excel.import_workbook(report=report, user=hanoi_officer, file=upload(wb))
    # then nothing is saved, and each error says where it is
    assert not result.ok
    found = {(p.sheet, p.row, p.field, p.message) for p in result.errors}
    assert (
        "Thông tin chung",
        general["budget_local"][0].row,
        "Kinh phí: ngân sách địa phương (đồng)",
        "Số tiền không được âm.",
    ) in found
    assert ("Chỉ tiêu", figures["1"][0].row, "Tử số", "Tử số (900) không được lớn hơn mẫu số (579).") in found
    assert (
        "Nhiệm vụ",
        tasks["1.2"][0].row,
        "Tình trạng",
        "Giá trị không hợp lệ: chọn một trong các mục có sẵn.",
    ) in found
    report.refresh_from_db()
    assert (report.version, report.results) == before


def test_a_workbook_downloaded_before_someone_else_saved_is_refused(report, hanoi_officer):
    wb = workbook_of(report)
    services.report_save(report=report, user=hanoi_officer, data={"proposals": "x"}, expected_version=report.version)
    result = excel.import_workbook(report=report, user=hanoi_officer, file=upload(wb))
    assert not result.ok
    assert "Báo cáo đã được lưu bởi người khác" in result.errors[0].message


def test_a_workbook_of_another_report_or_not_a_workbook_is_refused(report, hanoi_officer, plan):
    other = services.report_start(agency=hanoi_officer.agency, period=periods(plan)["2025-FY"], user=hanoi_officer)
    result = excel.import_workbook(report=other, user=hanoi_officer, file=upload(workbook_of(report)))
    assert "Tệp này là của một báo cáo khác." in [p.message for p in result.errors]
    not_excel = io.BytesIO(b"%PDF-1.4 not a workbook")
    assert not excel.import_workbook(report=report, user=hanoi_officer, file=not_excel).ok


def test_the_upload_page_lists_the_errors(client, report, hanoi_officer):
    wb = workbook_of(report)
    rows_by_code(wb["Chỉ tiêu"])["3a"][3].value = "12,5"
    client.force_login(hanoi_officer)
    response = client.post(reverse("report-excel-upload", args=[report.pk]), {"file": upload(wb)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "chưa lưu nội dung nào" in page and "Phải là số nguyên, không có phần lẻ." in page


def test_the_download_is_an_xlsx_named_for_the_period_and_agency(client, report, hanoi_officer):
    client.force_login(hanoi_officer)
    response = client.get(reverse("report-excel", args=[report.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-2025-H1-so-ldtbxh-ha-noi.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).sheetnames == [
        "Thông tin chung",
        "Chỉ tiêu",
        "Nhiệm vụ",
        "Văn bản chỉ đạo",
        "Số liệu thống kê",
    ]
