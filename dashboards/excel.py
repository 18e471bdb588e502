"""The targets × periods table as an Excel workbook: the table the final review (tổng kết) is written from."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from indicators import aggregation
from indicators.models import Target
from plan808 import spreadsheet

FILLS = {
    aggregation.MET: PatternFill("solid", fgColor="D6EFDD"),
    aggregation.ON_TRACK: PatternFill("solid", fgColor="FDF1D4"),
    aggregation.OFF_TRACK: PatternFill("solid", fgColor="FBE4E6"),
    aggregation.INSUFFICIENT: PatternFill("solid", fgColor="F4F5F7"),
    aggregation.NO_DATA: PatternFill("solid", fgColor="EEEEEE"),
}
HEAD = PatternFill("solid", fgColor="8A0D17")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
PER_PERIOD = ("Giá trị", "Tử số", "Mẫu số", "Đánh giá", "Độ bao phủ")


def targets_workbook(table: aggregation.FiguresTable, answers: list | None = None) -> bytes:
    """A row per target (grouped by indicator), five columns per period; numbers stay numbers.

    With ``answers`` (``aggregation.answered_figures``, for readers who may see each agency's figures),
    a second sheet lists every figure answered "không có số liệu" / "không áp dụng" with its reason.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu theo kỳ"
    title = f"Kết quả thực hiện các chỉ tiêu theo kỳ báo cáo - Kế hoạch {table.plan.code}"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    note = (
        "Số liệu gồm cả báo cáo đã gửi chưa tiếp nhận (tạm tính)."
        if table.include_submitted
        else "Số liệu từ các báo cáo đã tiếp nhận."
    )
    ws.append([note])
    fixed = ["Chỉ tiêu", "Mã", "Mục tiêu", "Cách tính", "Ngưỡng", "Giá trị cơ sở"]
    first = len(fixed) + 1
    header1 = fixed + [p.name for p in table.periods for _ in PER_PERIOD]
    header2 = [""] * len(fixed) + [label for _ in table.periods for label in PER_PERIOD]
    ws.append(header1)
    ws.append(header2)
    for i, _period in enumerate(table.periods):
        start = first + i * len(PER_PERIOD)
        ws.merge_cells(start_row=3, start_column=start, end_row=3, end_column=start + len(PER_PERIOD) - 1)
    for col in range(1, len(fixed) + 1):
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    for row in ws.iter_rows(min_row=3, max_row=4):
        for cell in row:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEAD
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = BOX

    measures = dict(Target.Measure.choices)
    for indicator, targets in table.by_indicator():
        for target, trend in targets:
            values = [
                f"{indicator.number}",
                target.code,
                target.short_name,
                str(measures[target.measure]),
                target.threshold_text,
                float(target.baseline_value) if target.baseline_value is not None else None,
            ]
            for fig in trend:
                values += [
                    float(fig.value) if fig.value is not None else None,
                    fig.numerator,
                    fig.denominator,
                    fig.status_label,
                    fig.coverage_text if fig.expected else "Chưa áp dụng",
                ]
            ws.append(values)
            current = ws.max_row
            for i, fig in enumerate(trend):
                start = first + i * len(PER_PERIOD)
                ws.cell(current, start).number_format = "0.0"
                ws.cell(current, start + 1).number_format = "#,##0"
                ws.cell(current, start + 2).number_format = "#,##0"
                ws.cell(current, start + 3).fill = FILLS[fig.status]
            for cell in ws[current]:
                cell.border = BOX
                cell.alignment = Alignment(vertical="top", wrap_text=True)

    widths = {1: 8, 2: 6, 3: 42, 4: 24, 5: 10, 6: 10}
    for col in range(1, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, 11)
    ws.freeze_panes = ws.cell(5, first)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "3:4"
    if answers is not None:
        _answers_sheet(wb, answers)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _answers_sheet(wb: Workbook, answers: list) -> None:
    """The figures left out of the national figures because they were answered instead of given."""
    ws = wb.create_sheet("Không có số liệu")
    ws.append(["Các số liệu trả lời “không có số liệu” hoặc “không áp dụng” (không tính vào số toàn quốc)"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Kỳ", "Đơn vị", "Mã", "Mục tiêu", "Trả lời", "Tử số", "Lý do"])
    for cell in ws[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEAD
        cell.border = BOX
    for figure in answers:
        if figure.answer:
            answer = str(figure.get_answer_display())
        else:
            answer = "Mẫu số: " + str(figure.get_denominator_answer_display()).lower()
        spreadsheet.append(
            ws,
            [
                figure.report.period.name,
                figure.report.agency.display_name,
                figure.target.code,
                figure.target.short_name,
                answer,
                figure.numerator,
                figure.answer_reason,
            ],
        )
        ws.cell(ws.max_row, 6).number_format = "#,##0"
    for col, width in enumerate([16, 36, 6, 42, 26, 12, 50], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def plan_workbook(period, groups: list, *, include_submitted: bool) -> bytes:
    """Decision 29's monitoring columns per agency and target: planned for the year, achieved, cumulative, source."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Kế hoạch và thực hiện"
    ws.append([f"Kế hoạch năm và kết quả thực hiện của từng đơn vị - {period.name}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(
        [
            "Số liệu gồm cả báo cáo đã gửi chưa tiếp nhận (tạm tính)."
            if include_submitted
            else "Số liệu từ các báo cáo đã tiếp nhận. Lũy kế theo quy tắc của từng cách tính (indicators/README.md)."
        ]
    )
    header = [
        "Mã",
        "Mục tiêu",
        "Đơn vị",
        "Kế hoạch năm (%)",
        "Thực hiện kỳ (%)",
        "So với kế hoạch",
        "Lũy kế (%)",
        "Lũy kế (số vụ)",
        "Số năm lũy kế",
        "Nguồn thông tin",
        "Không có số liệu / lý do",
    ]
    ws.append(header)
    for cell in ws[3]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEAD
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for target, rows in groups:
        for line in rows:
            r = line.row
            met = {True: "Đạt", False: "Chưa đạt", None: ""}[r.plan_met]
            spreadsheet.append(
                ws,
                [
                    target.code,
                    target.short_name,
                    line.agency.display_name,
                    float(r.planned) if r.planned is not None else None,
                    float(r.value) if r.value is not None else None,
                    met,
                    float(r.cumulative) if r.cumulative is not None else None,
                    r.cumulative_count,
                    r.cumulative_years or None,
                    r.source,
                    r.answer,
                ],
            )
            current = ws.max_row
            for col in (4, 5, 7):
                ws.cell(current, col).number_format = "0.0"
            ws.cell(current, 8).number_format = "#,##0"
    for col, width in enumerate([6, 40, 36, 12, 12, 12, 12, 12, 10, 30, 40], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "D4"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def statistics_workbook(table, units: list | None) -> bytes:
    """The statistics by year (total, units with a number, expected units) and, for readers of provinces,
    every unit's answer; a missing number is an empty cell, never 0."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Toàn quốc"
    ws.append(["Số liệu thống kê toàn quốc theo năm"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(
        [
            "Số liệu gồm cả báo cáo đã gửi chưa tiếp nhận (tạm tính)."
            if table.include_submitted
            else "Số liệu từ các báo cáo đã tiếp nhận. Ô trống: không có số liệu (không tính là 0)."
        ]
    )
    header = ["Phần", "Mã", "Chỉ số", "Trong đó", "Đơn vị tính", "Cách cộng"]
    for p in table.periods:
        header += [
            f"Năm {p.year}: tổng",
            f"Năm {p.year}: số đơn vị có số liệu",
            f"Năm {p.year}: số đơn vị phải báo cáo",
        ]
    spreadsheet.append(ws, header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for line in table.lines:
        values = [
            line.item.section,
            line.item.code,
            line.item.label,
            line.label if line.is_part else "",
            line.item.unit,
            line.item.get_aggregation_display(),
        ]
        for c in line.cells:
            values += [c.total, c.covered, c.expected]
        spreadsheet.append(ws, values)
    ws.freeze_panes = "G4"
    for index, width in enumerate([30, 22, 50, 28, 12, 20], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if units is not None:
        wu = wb.create_sheet("Theo đơn vị")
        spreadsheet.append(
            wu, ["Mã chỉ số", "Chỉ số", "Trong đó", "Mã đơn vị", "Đơn vị", "Năm", "Số liệu", "Không có số", "Lý do"]
        )
        for cell in wu[1]:
            cell.font = Font(bold=True)
        for block in units:
            for row in block.rows:
                for period, v in zip(block.periods, row.values, strict=True):
                    if not v.reported:
                        continue
                    spreadsheet.append(
                        wu,
                        [
                            block.item.code,
                            block.item.label,
                            block.label if block.key else "",
                            row.agency.code,
                            row.name,
                            period.year,
                            v.value,
                            v.no_answer_label,
                            v.reason,
                        ],
                    )
        wu.freeze_panes = "A2"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
