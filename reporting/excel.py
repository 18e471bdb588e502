"""Offline filling: a report as an Excel workbook (pre-filled with what is saved), and reading it back.

Four sheets: "Thông tin chung" (the report's fields, one per row), "Chỉ tiêu" (one row per target),
"Nhiệm vụ" (one row per task), "Văn bản chỉ đạo" (one row per directing document; the rows replace
the saved list). Column A of each sheet holds the machine key; officers fill the
value columns. Reading a workbook goes through ``report_save(partial=False)``: every problem is
listed by sheet, row and field, and nothing is saved from a workbook that has any.
"""

import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.models import Target
from plan808 import spreadsheet
from reporting import selectors, services
from reporting.answers import NoAnswer
from reporting.fields import DOCUMENT_FIELDS, DOCUMENTS_MAX, FIGURE_FIELDS, REPORT_FIELDS, TASK_FIELDS, report_fields
from reporting.models import IndicatorFigure, Report, TaskStatus

GENERAL, FIGURES, TASKS, DOCUMENTS = "Thông tin chung", "Chỉ tiêu", "Nhiệm vụ", "Văn bản chỉ đạo"
STATISTICS = "Số liệu thống kê"
SHEETS = (GENERAL, FIGURES, TASKS, DOCUMENTS, STATISTICS)
# One row per item total and one per part; the key column reads "<item code>" or "<item code>:<part key>".
STATISTIC_COLUMNS = [
    ("key", "Mã (không sửa)"),
    ("label", "Chỉ số"),
    ("unit", "Đơn vị tính"),
    ("value", "Số liệu"),
    ("no_answer", "Không có số (Không có số liệu / Không áp dụng)"),
    ("reason", "Lý do không có số liệu"),
]
HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")
LOCKED_FILL = PatternFill("solid", fgColor="F4F5F7")
INPUT_FILL = PatternFill("solid", fgColor="FFFBEA")

# Labels come from the catalogue of report fields (reporting/fields.py), as the workbook writes them.
GENERAL_ROWS = [(name, spec.sheet_label) for name, spec in REPORT_FIELDS.items()]
FIGURE_COLUMNS = [
    ("code", "Mã chỉ tiêu"),
    ("name", "Chỉ tiêu"),
    ("how", "Cách nhập"),
    *((name, spec.sheet_label) for name, spec in FIGURE_FIELDS.items()),
    ("warning", "Cảnh báo (chỉ đọc)"),
]
TASK_COLUMNS = [
    ("code", "Mã nhiệm vụ"),
    ("title", "Nhiệm vụ"),
    *((name, spec.sheet_label) for name, spec in TASK_FIELDS.items()),
]
DOCUMENT_COLUMNS = [(name, spec.sheet_label) for name, spec in DOCUMENT_FIELDS.items()]
FIGURE_LETTERS = {key: get_column_letter(index) for index, (key, _label) in enumerate(FIGURE_COLUMNS, start=1)}
FIGURE_WIDTHS = {
    "code": 8,
    "name": 50,
    "how": 30,
    "numerator": 14,
    "denominator": 14,
    "yes_no": 12,
    "months": 22,
    "items": 12,
    "note": 30,
    "warning_comment": 30,
    "answer": 22,
    "denominator_answer": 22,
    "answer_reason": 36,
    "planned": 14,
    "source": 30,
    "warning": 40,
}
# The value columns that each measure uses; the others are left grey.
MEASURE_INPUTS = {
    Target.Measure.RATIO: {"numerator", "denominator"},
    Target.Measure.CUMULATIVE_COVERAGE: {"numerator", "denominator"},
    Target.Measure.YES_NO_SHARE: {"yes_no"},
    Target.Measure.MONTHS_COVERED: {"months", "items"},
    Target.Measure.YOY_CHANGE: {"numerator"},
}
MEASURE_HOW = {
    Target.Measure.RATIO: "Nhập tử số và mẫu số",
    Target.Measure.CUMULATIVE_COVERAGE: "Nhập số cộng dồn từ 2022 và tổng số",
    Target.Measure.YES_NO_SHARE: "Chọn Có hoặc Không",
    Target.Measure.MONTHS_COVERED: "Ghi các tháng có đăng tải và số tin, bài",
    Target.Measure.YOY_CHANGE: "Nhập số vụ trong năm (cột Tử số)",
}


@dataclass
class Problem:
    sheet: str
    row: int | str
    field: str
    message: str


@dataclass
class ImportResult:
    report: Report
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _header(ws, columns):
    for index, (_key, label) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def report_workbook(report: Report) -> Workbook:
    """The workbook of ``report`` with what is saved; hidden keys let it be read back."""
    wb = Workbook()
    ws = wb.active
    ws.title = GENERAL
    _header(ws, [("key", "Mã (không sửa)"), ("label", "Nội dung"), ("value", "Giá trị")])
    meta = [
        ("report_id", "Mã báo cáo", report.pk),
        ("version", "Phiên bản (không sửa)", report.version),
        ("period", "Kỳ báo cáo", f"{report.period.code} · {report.period.name}"),
        ("agency", "Đơn vị", report.agency.name),
    ]
    for key, label, value in meta:
        spreadsheet.append(ws, [key, label, value])
        ws.cell(row=ws.max_row, column=3).fill = LOCKED_FILL
    for key, spec in report_fields(report.period).items():
        spreadsheet.append(ws, [key, spec.sheet_label, getattr(report, key)])
        cell = ws.cell(row=ws.max_row, column=3)
        cell.fill = INPUT_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if key.startswith("budget_"):
            cell.number_format = "#,##0"
        if key == "dispatch_date":
            cell.number_format = "dd/mm/yyyy"
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 90

    wf = wb.create_sheet(FIGURES)
    _header(wf, FIGURE_COLUMNS)
    yes_no = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True)
    wf.add_data_validation(yes_no)
    answer_labels = ",".join(str(label) for _value, label in IndicatorFigure.Answer.choices)
    answers = DataValidation(type="list", formula1=f'"{answer_labels}"', allow_blank=True)
    wf.add_data_validation(answers)
    for figure in selectors.with_year_plans(report, list(report.figures.all())):
        target = figure.target
        inputs = MEASURE_INPUTS[target.measure]
        months = ",".join(str(int(m[5:])) for m in figure.months or [])
        values = {
            "code": target.code,
            "name": target.short_name,
            "how": MEASURE_HOW[target.measure],
            "numerator": figure.numerator if "numerator" in inputs else None,
            "denominator": figure.denominator if "denominator" in inputs else None,
            "yes_no": {True: "Có", False: "Không", None: None}[figure.yes_no],
            "months": months,
            "items": figure.items,
            "note": figure.note,
            "warning_comment": figure.warning_comment,
            "answer": figure.get_answer_display() if figure.answer else None,
            "denominator_answer": (
                figure.get_denominator_answer_display()
                if figure.denominator_answer and "denominator" in inputs
                else None
            ),
            "answer_reason": figure.answer_reason,
            # The year's target, as set in the year's first report (read-only here when set earlier).
            "planned": float(figure.year_planned) if figure.year_planned is not None else None,
            "source": figure.source,
            "warning": figure.warning,
        }
        spreadsheet.append(wf, [values[key] for key, _label in FIGURE_COLUMNS])
        row = wf.max_row
        for index, (key, _label) in enumerate(FIGURE_COLUMNS, start=1):
            cell = wf.cell(row=row, column=index)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if key in ("numerator", "denominator", "yes_no", "months", "items"):
                cell.fill = INPUT_FILL if key in inputs else LOCKED_FILL
            if key == "denominator_answer":
                cell.fill = INPUT_FILL if "denominator" in inputs else LOCKED_FILL
            if key == "planned":
                cell.fill = LOCKED_FILL if figure.plan_period else INPUT_FILL
                cell.number_format = "0.0"
            if key in ("numerator", "denominator", "items"):
                cell.number_format = "#,##0"
        yes_no.add(f"{FIGURE_LETTERS['yes_no']}{row}")
        answers.add(f"{FIGURE_LETTERS['answer']}{row}")
        if "denominator" in inputs:
            answers.add(f"{FIGURE_LETTERS['denominator_answer']}{row}")
    for key, width in FIGURE_WIDTHS.items():
        wf.column_dimensions[FIGURE_LETTERS[key]].width = width

    wt = wb.create_sheet(TASKS)
    _header(wt, TASK_COLUMNS)
    labels = [str(label) for _value, label in TaskStatus.choices]
    status_list = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
    wt.add_data_validation(status_list)
    by_value = {value: str(label) for value, label in TaskStatus.choices}
    for row in report.task_progress.all():
        spreadsheet.append(
            wt, [row.task.code, row.task.title, by_value.get(row.status), row.results, row.difficulties, row.proposals]
        )
        status_list.add(f"C{wt.max_row}")
        for index in range(1, 7):
            wt.cell(row=wt.max_row, column=index).alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate([8, 60, 22, 60, 40, 40], start=1):
        wt.column_dimensions[get_column_letter(index)].width = width

    wd = wb.create_sheet(DOCUMENTS)
    _header(wd, DOCUMENT_COLUMNS)
    for document in report.documents.all():
        spreadsheet.append(wd, [document.number, document.issued_on, document.summary])
        wd.cell(row=wd.max_row, column=2).number_format = "dd/mm/yyyy"
        for index in range(1, 4):
            wd.cell(row=wd.max_row, column=index).alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate([26, 18, 90], start=1):
        wd.column_dimensions[get_column_letter(index)].width = width

    ws_stat = wb.create_sheet(STATISTICS)
    _header(ws_stat, STATISTIC_COLUMNS)
    no_answer = DataValidation(
        type="list", formula1='"' + ",".join(str(label) for _v, label in NoAnswer.choices) + '"', allow_blank=True
    )
    ws_stat.add_data_validation(no_answer)
    labels = dict(NoAnswer.choices)
    for _section, lines in selectors.report_statistics(report):
        for line in lines:
            total = line.total
            spreadsheet.append(
                ws_stat,
                [
                    line.item.code,
                    line.item.label,
                    line.item.unit,
                    line.value,
                    str(labels[total.no_answer]) if total and total.no_answer else None,
                    total.no_answer_reason if total else None,
                ],
            )
            no_answer.add(f"E{ws_stat.max_row}")
            for (label, value), part in zip(line.parts, line.item.breakdowns, strict=True):
                spreadsheet.append(
                    ws_stat, [f"{line.item.code}:{part['key']}", f"    trong đó: {label}", line.item.unit, value]
                )
                for column in (5, 6):
                    ws_stat.cell(row=ws_stat.max_row, column=column).fill = LOCKED_FILL
    for row in ws_stat.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row:
            cell.number_format = "#,##0"
            if cell.fill != LOCKED_FILL:
                cell.fill = INPUT_FILL
    ws_stat.column_dimensions["A"].hidden = True
    for index, width in enumerate([20, 60, 12, 16, 24, 40], start=1):
        ws_stat.column_dimensions[get_column_letter(index)].width = width
    return wb


def report_workbook_bytes(report: Report) -> bytes:
    buffer = io.BytesIO()
    report_workbook(report).save(buffer)
    return buffer.getvalue()


def _months_cell(value):
    """ "1,2,3", "01/2025; 02/2025" or a single number -> ["2025-01", ...] strings for the validator."""
    if value is None or value == "":
        return []
    if isinstance(value, int | float):
        value = str(int(value))
    parts = [p.strip() for p in re.split(r"[,;]", str(value)) if p.strip()]
    months = []
    for part in parts:
        match = re.fullmatch(r"(\d{1,2})/(\d{4})", part)
        months.append(f"{match.group(2)}-{int(match.group(1)):02d}" if match else part)
    return months


def _read_sheets(file, result: ImportResult) -> dict[str, list[tuple[int, list]]] | None:
    """Each sheet's rows (row number, values) or None, with every cell that cannot be read in ``result``.

    The file is measured before openpyxl parses it, and read twice in read-only mode: once for the
    values Excel computed, once for the formulas, because a formula saved without its computed value
    (written by a script, or a cell typed "=> …") reads as empty, and an empty cell saves as a blank.
    """
    try:
        spreadsheet.check_workbook(file)
        values_book = load_workbook(file, read_only=True, data_only=True)
        file.seek(0)
        formula_book = load_workbook(file, read_only=True, data_only=False)
        for name in SHEETS:
            if name not in values_book.sheetnames:
                result.errors.append(Problem(name, "—", "", _("Thiếu trang tính này; hãy dùng tệp tải từ cổng.")))
        if result.errors:
            return None
        sheets = {}
        widths = (
            (GENERAL, 3),
            (FIGURES, len(FIGURE_COLUMNS)),
            (TASKS, len(TASK_COLUMNS)),
            (DOCUMENTS, 3),
            (STATISTICS, len(STATISTIC_COLUMNS)),
        )
        for name, columns in widths:
            rows = []
            value_rows = spreadsheet.bounded_rows(values_book[name], min_row=2, max_col=columns)
            formula_rows = spreadsheet.bounded_rows(formula_book[name], min_row=2, max_col=columns)
            for row_no, (cells, formulas) in enumerate(zip(value_rows, formula_rows, strict=False), start=2):
                rows.append(
                    (row_no, [_cell_value(name, row_no, c, f, result) for c, f in zip(cells, formulas, strict=False)])
                )
            sheets[name] = rows
        values_book.close()
        formula_book.close()
    except spreadsheet.WorkbookTooLarge as exc:
        result.errors.append(Problem("—", "—", _("Tệp"), str(exc)))
        return None
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        result.errors.append(Problem("—", "—", _("Tệp"), _("Không đọc được tệp: cần tệp Excel .xlsx tải từ cổng.")))
        return None
    return sheets


def _cell_value(sheet: str, row_no: int, cell, formula_cell, result: ImportResult):
    if cell.data_type == "e":
        result.errors.append(
            Problem(
                sheet,
                row_no,
                _column_label(sheet, cell),
                _("Ô có lỗi %(error)s, không đọc được.") % {"error": cell.value},
            )
        )
        return None
    if formula_cell.data_type == "f" and cell.value is None:
        result.errors.append(
            Problem(
                sheet,
                row_no,
                _column_label(sheet, cell),
                _(
                    "Ô chứa công thức %(formula)s nhưng tệp không lưu kết quả của công thức nên không đọc được. "
                    "Hãy mở tệp bằng Excel rồi lưu lại, hoặc nhập giá trị thay cho công thức."
                )
                % {"formula": str(formula_cell.value)[:80]},
            )
        )
        return None
    return cell.value


def _column_label(sheet: str, cell) -> str:
    column = getattr(cell, "column", None)
    if not isinstance(column, int):
        return ""
    columns = {
        GENERAL: [("key", ""), ("label", ""), ("value", "Giá trị")],
        FIGURES: FIGURE_COLUMNS,
        TASKS: TASK_COLUMNS,
        DOCUMENTS: DOCUMENT_COLUMNS,
        STATISTICS: STATISTIC_COLUMNS,
    }
    labels = columns[sheet]
    return labels[column - 1][1] if column <= len(labels) else get_column_letter(column)


def import_workbook(*, report: Report, user, file) -> ImportResult:
    """Read a workbook made by ``report_workbook`` into ``report``: all of it, or nothing when any problem."""
    result = ImportResult(report=report)
    sheets = _read_sheets(file, result)
    if sheets is None:
        return result

    where: dict[str, tuple[str, int, str]] = {}  # payload key -> (sheet, row, column label)
    data: dict = {}
    version = None
    labels = dict(GENERAL_ROWS)
    for row_no, row in sheets[GENERAL]:
        key, _label, value = ([*list(row), None, None, None])[:3]
        if key == "report_id" and value != report.pk:
            result.errors.append(Problem(GENERAL, row_no, "Mã báo cáo", _("Tệp này là của một báo cáo khác.")))
        elif key == "version":
            version = value
            where["version"] = (GENERAL, row_no, "Phiên bản")
        elif key in labels:
            data[key] = value
            where[key] = (GENERAL, row_no, labels[key])

    figures = {f.target.code: f for f in report.figures.all()}
    data["figures"] = {}
    columns = [key for key, _label in FIGURE_COLUMNS]
    flabels = dict(FIGURE_COLUMNS)
    for row_no, row in sheets[FIGURES]:
        cells = dict(zip(columns, list(row) + [None] * len(columns), strict=False))
        code = cells["code"]
        if code is None or str(code).strip() == "":
            continue
        code = str(code).strip()
        if code.endswith(".0"):
            code = code[:-2]  # a spreadsheet turns "1" into 1.0
        figure = figures.get(code)
        if figure is None:
            result.errors.append(
                Problem(FIGURES, row_no, flabels["code"], _("Chỉ tiêu %(c)s không thuộc báo cáo này.") % {"c": code})
            )
            continue
        inputs = MEASURE_INPUTS[figure.target.measure]
        values = {}
        for key in ("numerator", "denominator", "yes_no", "items"):
            if key in inputs:
                values[key] = cells[key]
        if "months" in inputs:
            values["months"] = _months_cell(cells["months"])
        values["note"] = cells["note"]
        values["warning_comment"] = cells["warning_comment"]
        values["answer"] = cells["answer"]
        if "denominator" in inputs:
            values["denominator_answer"] = cells["denominator_answer"]
        values["answer_reason"] = cells["answer_reason"]
        values["planned"] = cells["planned"]
        values["source"] = cells["source"]
        data["figures"][code] = values
        for key in values:
            where[f"figures.{code}.{key}"] = (FIGURES, row_no, flabels[key])
        where[f"figures.{code}"] = (FIGURES, row_no, flabels["code"])

    tasks = {p.task.code for p in report.task_progress.all()}
    data["tasks"] = {}
    tlabels = dict(TASK_COLUMNS)
    for row_no, row in sheets[TASKS]:
        code, _title, status, results, difficulties, proposals = (list(row) + [None] * 6)[:6]
        if code is None or str(code).strip() == "":
            continue
        code = str(code).strip()
        if code not in tasks:
            result.errors.append(
                Problem(TASKS, row_no, tlabels["code"], _("Nhiệm vụ %(c)s không thuộc báo cáo này.") % {"c": code})
            )
            continue
        data["tasks"][code] = {
            "status": status,
            "results": results,
            "difficulties": difficulties,
            "proposals": proposals,
        }
        for key in ("status", "results", "difficulties", "proposals"):
            where[f"tasks.{code}.{key}"] = (TASKS, row_no, tlabels[key])
    data["documents"] = []
    dlabels = dict(DOCUMENT_COLUMNS)
    for row_no, row in sheets[DOCUMENTS]:
        values = dict(zip(DOCUMENT_FIELDS, list(row) + [None] * 3, strict=False))
        if all(value is None or str(value).strip() == "" for value in values.values()):
            continue
        index = len(data["documents"])
        data["documents"].append(values)
        for key in DOCUMENT_FIELDS:
            where[f"documents.{index}.{key}"] = (DOCUMENTS, row_no, dlabels[key])
        where[f"documents.{index}"] = (DOCUMENTS, row_no, "")
    items = {item.code: item for item in selectors.statistic_items(report.agency)}
    slabels = dict(STATISTIC_COLUMNS)
    data["statistics"] = {}
    for row_no, row in sheets[STATISTICS]:
        key, _label, _unit, value, no_answer, reason = (list(row) + [None] * 6)[:6]
        if key is None or str(key).strip() == "":
            continue
        code, _sep, part = str(key).strip().partition(":")
        if code not in items:
            result.errors.append(
                Problem(STATISTICS, row_no, slabels["key"], _("Chỉ số %(c)s không thuộc báo cáo này.") % {"c": code})
            )
            continue
        entry = data["statistics"].setdefault(code, {"breakdowns": {}})
        if part:
            entry["breakdowns"][part] = value
            where[f"statistics.{code}.{part}"] = (STATISTICS, row_no, slabels["value"])
        else:
            entry.update({"value": value, "no_answer": no_answer, "reason": reason})
            for name, column in (("value", "value"), ("no_answer", "no_answer"), ("reason", "reason")):
                where[f"statistics.{code}.{name}"] = (STATISTICS, row_no, slabels[column])
            where[f"statistics.{code}"] = (STATISTICS, row_no, slabels["value"])
    if len(data["documents"]) > DOCUMENTS_MAX:
        where["documents"] = (DOCUMENTS, "—", "")
    if not isinstance(version, int):
        result.errors.append(
            Problem(GENERAL, where.get("version", (GENERAL, 3, ""))[1], "Phiên bản", _("Thiếu phiên bản."))
        )
    if result.errors:
        return result

    try:
        result.report = services.report_save(
            report=report, user=user, data=data, expected_version=version, partial=False
        )
    except services.StaleReportError as exc:
        sheet, row_no, label = where["version"]
        result.errors.append(Problem(sheet, row_no, label, str(exc)))
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            sheet, row_no, label = where.get(key, ("—", "—", key))
            result.errors.extend(Problem(sheet, row_no, label, message) for message in messages)
        result.errors.sort(key=lambda p: ([*SHEETS, "—"].index(p.sheet), str(p.row).zfill(5)))
    return result
