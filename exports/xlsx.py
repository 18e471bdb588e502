"""The analysts' workbook: figures by province and target, task progress by agency, submissions."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from exports import selectors
from indicators.aggregation import province_figures
from plan808 import spreadsheet
from plan808.clock import HANOI
from reporting.answers import NoAnswer
from reporting.models import DirectingDocument, IndicatorFigure, Report, ReportingPeriod, StatisticValue, TaskProgress
from reporting.obligations import period_obligations

BOLD = Font(bold=True)


def render_workbook(period: ReportingPeriod, *, include_submitted: bool = False) -> bytes:
    """Three sheets of raw rows (one row per figure, per task progress, per expected agency)."""
    statuses = selectors.counted_statuses(include_submitted)
    obligations = period_obligations(period)
    order = {a.pk: i for i, a in enumerate(obligations.agencies)}
    values = province_figures(period, include_submitted=include_submitted)
    wb = Workbook()

    sheet = wb.active
    sheet.title = "So lieu chi tieu"
    _header(
        sheet,
        [
            "Mã đơn vị",
            "Đơn vị",
            "Tỉnh, thành phố",
            "Mã chỉ tiêu",
            "Chỉ tiêu",
            "Tử số",
            "Mẫu số",
            "Có/Không",
            "Số tháng",
            "Số tin, bài",
            "Giá trị (%)",
            "Trạng thái báo cáo",
            "Ghi chú",
        ],
    )
    figures = (
        IndicatorFigure.objects.filter(report__period=period, report__status__in=statuses)
        .select_related("report__agency__parent", "target")
        .order_by("target__position")
    )
    for f in sorted(figures, key=lambda f: (order.get(f.report.agency_id, 10**6), f.target.position)):
        agency = f.report.agency
        value = values.get((agency.pk, f.target.code))
        spreadsheet.append(
            sheet,
            [
                agency.code,
                agency.name,
                agency.province_name,
                f.target.code,
                f.target.short_name,
                f.numerator,
                f.denominator,
                None if f.yes_no is None else ("Có" if f.yes_no else "Không"),
                len(f.months) if f.months else None,
                f.items,
                float(value) if value is not None else None,
                f.report.get_status_display(),
                f.note,
            ],
        )

    sheet = wb.create_sheet("Tien do nhiem vu")
    _header(
        sheet, ["Mã đơn vị", "Đơn vị", "Nhiệm vụ", "Tình trạng", "Kết quả", "Khó khăn", "Đề xuất", "Trạng thái báo cáo"]
    )
    progress = TaskProgress.objects.filter(report__period=period, report__status__in=statuses).select_related(
        "report__agency", "task"
    )
    for p in sorted(progress, key=lambda p: (order.get(p.report.agency_id, 10**6), p.task.position)):
        spreadsheet.append(
            sheet,
            [
                p.report.agency.code,
                p.report.agency.name,
                p.task.code,
                p.get_status_display(),
                p.results,
                p.difficulties,
                p.proposals,
                p.report.get_status_display(),
            ],
        )

    sheet = wb.create_sheet("Tinh hinh gui bao cao")
    _header(
        sheet,
        [
            "Mã đơn vị",
            "Đơn vị",
            "Trạng thái",
            "Gửi lần đầu (giờ Hà Nội)",
            "Đúng hạn",
            "Ngân sách trung ương (đồng)",
            "Ngân sách địa phương (đồng)",
            "Nguồn khác (đồng)",
        ],
    )
    reports = {r.agency_id: r for r in Report.objects.filter(period=period)}
    for agency in obligations.agencies:
        r = reports.get(agency.pk)
        first = r.first_submitted_at.astimezone(HANOI).replace(tzinfo=None) if r and r.first_submitted_at else None
        spreadsheet.append(
            sheet,
            [
                agency.code,
                agency.name,
                r.get_status_display() if r else "Chưa gửi",
                first,
                None if first is None else ("Đúng hạn" if r.is_on_time else "Muộn"),
                r.budget_central if r else None,
                r.budget_local if r else None,
                r.budget_other if r else None,
            ],
        )
        if first is not None:
            sheet.cell(row=sheet.max_row, column=4).number_format = "dd/mm/yyyy hh:mm"
    _sections(wb, period, statuses, order)
    for ws in wb.worksheets:
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sections(wb: Workbook, period: ReportingPeriod, statuses, order: dict) -> None:
    """The assessment's sections, one row per report, and the directing documents, one row each."""
    sheet = wb.create_sheet("Danh gia phuong huong")
    _header(
        sheet,
        [
            "Mã đơn vị",
            "Đơn vị",
            "Kết quả đạt được",
            "Hạn chế, khó khăn",
            "Nguyên nhân của hạn chế",
            "Phương hướng, nhiệm vụ kỳ tới",
            "Đề xuất, kiến nghị",
            "Trạng thái báo cáo",
        ],
    )
    reports = Report.objects.filter(period=period, status__in=statuses).select_related("agency")
    for r in sorted(reports, key=lambda r: order.get(r.agency_id, 10**6)):
        spreadsheet.append(
            sheet,
            [
                r.agency.code,
                r.agency.name,
                r.results,
                r.limitations,
                r.causes,
                r.directions,
                r.proposals,
                r.get_status_display(),
            ],
        )
    sheet = wb.create_sheet("So lieu thong ke")
    _header(
        sheet,
        ["Mã đơn vị", "Đơn vị", "Mã chỉ số", "Chỉ số", "Trong đó", "Đơn vị tính", "Số liệu", "Không có số", "Lý do"],
    )
    values = StatisticValue.objects.filter(report__period=period, report__status__in=statuses).select_related(
        "report__agency", "item"
    )
    labels = dict(NoAnswer.choices)
    for v in sorted(values, key=lambda v: (order.get(v.report.agency_id, 10**6), v.item.position, v.breakdown)):
        part = next((p["label"] for p in v.item.breakdowns if p["key"] == v.breakdown), v.breakdown)
        spreadsheet.append(
            sheet,
            [
                v.report.agency.code,
                v.report.agency.name,
                v.item.code,
                v.item.label,
                part,
                v.item.unit,
                v.value,
                str(labels[v.no_answer]) if v.no_answer else "",
                v.no_answer_reason,
            ],
        )
    sheet = wb.create_sheet("Van ban chi dao")
    _header(sheet, ["Mã đơn vị", "Đơn vị", "Số, ký hiệu", "Ngày ban hành", "Trích yếu"])
    documents = DirectingDocument.objects.filter(report__period=period, report__status__in=statuses).select_related(
        "report__agency"
    )
    for d in sorted(documents, key=lambda d: (order.get(d.report.agency_id, 10**6), d.position, d.pk)):
        spreadsheet.append(sheet, [d.report.agency.code, d.report.agency.name, d.number, d.issued_on, d.summary])
        sheet.cell(row=sheet.max_row, column=4).number_format = "dd/mm/yyyy"


def _header(sheet, titles: list[str]) -> None:
    spreadsheet.append(sheet, titles)
    for i, _title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(i)].width = 14 if i > 2 else 28
