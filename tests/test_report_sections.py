"""The narrative as officials structure it: five sections and the directing documents as a list.

Results, limitations, their causes, directions for the next period and proposals are separate
fields; directing documents (số, ngày, trích yếu) are rows added and removed on the form, each
checked beside its input, and carried by the API, the officer's workbook and the PDF.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting import excel, selectors, services
from reporting.models import DirectingDocument, Report
from tests.reporting_helpers import complete_data, pdf_file, periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(plan, hanoi_officer):
    period = periods(plan)["2025-H1"]
    return services.report_start(agency=hanoi_officer.agency, period=period, user=hanoi_officer)


def _post(report, **fields) -> dict:
    data = {"version": str(report.version), "action": "save", "doc-total": "3"}
    data.update(fields)
    return data


def test_each_section_is_its_own_field_and_all_five_are_needed_to_submit(report):
    missing = selectors.report_missing(report=report)
    for name in ("results", "limitations", "causes", "directions", "proposals"):
        assert name in missing


def test_documents_typed_on_the_form_are_saved_in_order_with_their_history(officer_client, report):
    post = _post(
        report,
        **{
            "doc-0-number": "12/KH-UBND",
            "doc-0-issued_on": "15/01/2025",
            "doc-0-summary": "Kế hoạch thực hiện Chương trình phòng, chống mại dâm năm 2025",
            "doc-1-number": "",
            "doc-1-issued_on": "",
            "doc-1-summary": "",
            "doc-2-number": "345/UBND-VX",
            "doc-2-issued_on": "2025-03-02",
            "doc-2-summary": "Tăng cường kiểm tra cơ sở kinh doanh dịch vụ",
        },
    )
    response = officer_client.post(reverse("report-edit", args=[report.pk]), post)
    assert response.status_code == 302
    documents = list(DirectingDocument.objects.filter(report=report))
    assert [(d.number, d.issued_on.isoformat()) for d in documents] == [
        ("12/KH-UBND", "2025-01-15"),
        ("345/UBND-VX", "2025-03-02"),
    ]
    assert DirectingDocument.history.filter(report_id=report.pk).count() == 2
    page = officer_client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert "12/KH-UBND" in page and "15/01/2025" in page and "Tăng cường kiểm tra" in page


def test_a_wrong_document_row_is_refused_beside_its_field_and_nothing_typed_is_lost(officer_client, report):
    post = _post(
        report,
        results="Kết quả đã gõ.",
        **{
            "doc-0-number": "12/KH-UBND",
            "doc-0-issued_on": "31/02/2025",
            "doc-0-summary": "Kế hoạch năm 2025",
            "doc-1-number": "13/KH-UBND",
            "doc-1-issued_on": "",
            "doc-1-summary": "Chỉ thị về phòng, chống mại dâm",
        },
    )
    response = officer_client.post(reverse("report-edit", args=[report.pk]), post)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="err_doc-0-issued_on"' in page and "Ngày không hợp lệ" in page
    assert 'id="err_doc-1-issued_on"' in page and "Cần ghi ngày ban hành" in page
    assert 'value="31/02/2025"' in page and 'value="13/KH-UBND"' in page and "Chỉ thị về phòng, chống mại dâm" in page
    # The valid parts of the draft are saved; the list is left as it was until it is right.
    report.refresh_from_db()
    assert report.results == "Kết quả đã gõ."
    assert not DirectingDocument.objects.filter(report=report).exists()


def test_a_document_ticked_for_removal_is_removed(officer_client, report, hanoi_officer):
    services.report_save(
        report=report,
        user=hanoi_officer,
        expected_version=report.version,
        data={
            "documents": [
                {"number": "12/KH-UBND", "issued_on": "15/01/2025", "summary": "Kế hoạch"},
                {"number": "13/CT-UBND", "issued_on": "20/01/2025", "summary": "Chỉ thị"},
            ]
        },
    )
    report.refresh_from_db()
    page = officer_client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert 'name="doc-0-remove"' in page and 'name="doc-1-remove"' in page and 'name="doc-2-remove"' not in page
    post = _post(
        report,
        **{
            "doc-0-number": "12/KH-UBND",
            "doc-0-issued_on": "15/01/2025",
            "doc-0-summary": "Kế hoạch",
            "doc-0-remove": "1",
            "doc-1-number": "13/CT-UBND",
            "doc-1-issued_on": "20/01/2025",
            "doc-1-summary": "Chỉ thị",
        },
    )
    assert officer_client.post(reverse("report-edit", args=[report.pk]), post).status_code == 302
    assert list(DirectingDocument.objects.filter(report=report).values_list("number", "position")) == [
        ("13/CT-UBND", 0)
    ]
    deleted = DirectingDocument.history.filter(report_id=report.pk, history_type="-")
    assert deleted.count() == 1 and deleted.get().history_user == hanoi_officer


def test_the_api_reads_and_writes_the_sections_and_documents(client, report, hanoi_officer):
    client.force_login(hanoi_officer)
    url = f"/api/v1/reports/{report.pk}/"
    body = {
        "version": report.version,
        "causes": "Cán bộ cấp xã kiêm nhiệm.",
        "directions": "Kiểm tra liên ngành trong 6 tháng cuối năm.",
        "documents": [{"number": "12/KH-UBND", "issued_on": "2025-01-15", "summary": "Kế hoạch năm 2025"}],
    }
    response = client.patch(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["causes"] == "Cán bộ cấp xã kiêm nhiệm." and data["directions"].startswith("Kiểm tra")
    assert data["documents"] == [{"number": "12/KH-UBND", "issued_on": "2025-01-15", "summary": "Kế hoạch năm 2025"}]
    # A wrong row: a JSON 400 naming the row and field, nothing written.
    bad = {"version": data["version"], "documents": [{"number": "mười hai", "issued_on": "2025-01-15", "summary": "x"}]}
    response = client.patch(url, bad, content_type="application/json")
    assert response.status_code == 400
    assert "documents.0.number" in response.json()
    assert DirectingDocument.objects.get(report=report).number == "12/KH-UBND"


def test_the_workbook_carries_the_documents_both_ways(report, hanoi_officer):
    services.report_save(
        report=report,
        user=hanoi_officer,
        expected_version=report.version,
        data={
            "directions": "Phương hướng kỳ tới.",
            "documents": [{"number": "12/KH-UBND", "issued_on": "15/01/2025", "summary": "Kế hoạch"}],
        },
    )
    report = selectors.report_detail(Report.objects.all(), report.pk)
    wb = load_workbook(io.BytesIO(excel.report_workbook_bytes(report)))
    general = {row[0].value: row for row in wb[excel.GENERAL].iter_rows(min_row=2)}
    assert general["directions"][2].value == "Phương hướng kỳ tới."
    sheet = wb[excel.DOCUMENTS]
    assert sheet["A2"].value == "12/KH-UBND"
    sheet.append(["14/KH-UBND", "01/03/2025", "Kế hoạch kiểm tra liên ngành"])
    sheet.append(["15/KH-UBND", "hôm qua", "Một ngày viết sai"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = excel.import_workbook(report=report, user=hanoi_officer, file=buffer)
    assert [(p.sheet, p.row, p.field) for p in result.errors] == [
        (excel.DOCUMENTS, 4, "Ngày ban hành (ngày/tháng/năm)")
    ]
    assert DirectingDocument.objects.filter(report=report).count() == 1
    sheet.delete_rows(4)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = excel.import_workbook(report=report, user=hanoi_officer, file=buffer)
    assert result.ok, result.errors
    assert list(DirectingDocument.objects.filter(report=report).values_list("number", flat=True)) == [
        "12/KH-UBND",
        "14/KH-UBND",
    ]
