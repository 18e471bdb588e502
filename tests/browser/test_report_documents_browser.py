"""Directing documents in chromium: "Thêm dòng văn bản" adds a row, and the rows typed are saved in order."""

import pytest

from reporting import services
from reporting.models import DirectingDocument
from tests import factories as f

pytestmark = pytest.mark.browser


def test_an_officer_adds_two_document_rows_and_both_are_saved(page, login, hanoi_officer, plan):
    # given the officer on the form of a report with no document yet (one blank row shown)
    period = f.period(plan, "2025-H1")
    report = services.report_start(agency=hanoi_officer.agency, period=period, user=hanoi_officer)
    login(page, hanoi_officer)
    page.goto(f"/bao-cao/{report.pk}/sua/")
    rows = page.locator("#documents-table tr.document-row")
    assert rows.count() == 1

    # when they fill the blank row, add one more with the button and fill it too, then save
    page.fill("[name='doc-0-number']", "45/KH-UBND")
    page.fill("[name='doc-0-issued_on']", "20/02/2025")
    page.fill("[name='doc-0-summary']", "Kế hoạch phòng, chống mại dâm năm 2025")
    page.get_by_role("button", name="Thêm dòng văn bản").click()
    assert rows.count() == 2
    assert page.locator("[name='doc-1-number']").input_value() == ""
    assert page.locator("#id_doc-total").input_value() == "2"
    page.fill("[name='doc-1-number']", "1320/UBND-KGVX")
    page.fill("[name='doc-1-issued_on']", "12/05/2025")
    page.fill("[name='doc-1-summary']", "Tăng cường kiểm tra cơ sở lưu trú")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu bản nháp").click()

    # then both are saved, in the order typed, and the form shows them with a blank row to add more
    saved = list(DirectingDocument.objects.filter(report=report).values_list("number", "position"))
    assert saved == [("45/KH-UBND", 0), ("1320/UBND-KGVX", 1)]
    assert rows.count() == 3
    assert page.locator("[name='doc-1-number']").input_value() == "1320/UBND-KGVX"
