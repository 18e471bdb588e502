"""The catalogue of a report's fields: keys, labels, limits, and what is said when one is still empty.

The form, the service's checks and messages, the officer's workbook and the consolidated PDF all
read their labels here, so a field renamed here is renamed everywhere.

Labels are written in Vietnamese and marked with ``gettext_noop``: pages translate them when shown
(``ReportField.title``), while the PDF and the workbook, documents that stay in Vietnamese whatever
the reader's language, print them as written.
"""

from dataclasses import dataclass, replace

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_


@dataclass(frozen=True)
class ReportField:
    """One field of the report itself (not of a figure or a task row)."""

    name: str
    kind: str  # "text", "money", "dispatch_number", "date"
    label: str  # as the form and the PDF name it
    sheet_label: str  # the workbook's row label, with the unit or an example an offline filler needs
    missing: str  # why the report cannot be sent while the field is empty
    max_length: int | None = None

    @property
    def title(self) -> str:
        return gettext(self.label)

    @property
    def missing_message(self) -> str:
        return gettext(self.missing)


@dataclass(frozen=True)
class RowField:
    """One field of a figure row or a task row."""

    name: str
    label: str  # as the form names it; empty where the form names it after the target (its numerator label)
    sheet_label: str  # the workbook's column header
    max_length: int | None = None

    @property
    def title(self) -> str:
        return gettext(self.label) if self.label else ""


TEXT, MONEY, DISPATCH_NUMBER, DATE = "text", "money", "dispatch_number", "date"

_REPORT = (
    ReportField(
        "results",
        TEXT,
        N_("Kết quả đạt được"),
        "Kết quả đạt được",
        N_("Chưa nhập kết quả đạt được."),
        20000,
    ),
    ReportField(
        "limitations",
        TEXT,
        N_("Hạn chế, khó khăn"),
        "Hạn chế, khó khăn",
        N_("Chưa nhập hạn chế, khó khăn."),
        20000,
    ),
    ReportField(
        "causes",
        TEXT,
        N_("Nguyên nhân của hạn chế"),
        "Nguyên nhân của hạn chế",
        N_("Chưa nhập nguyên nhân của hạn chế."),
        20000,
    ),
    ReportField(
        "directions",
        TEXT,
        N_("Phương hướng, nhiệm vụ kỳ tới"),
        "Phương hướng, nhiệm vụ kỳ tới",
        N_("Chưa nhập phương hướng, nhiệm vụ kỳ tới."),
        20000,
    ),
    ReportField(
        "proposals",
        TEXT,
        N_("Đề xuất, kiến nghị"),
        "Đề xuất, kiến nghị",
        N_("Chưa nhập đề xuất, kiến nghị."),
        20000,
    ),
    ReportField(
        "lessons",
        TEXT,
        N_("Bài học kinh nghiệm"),
        "Bài học kinh nghiệm (báo cáo tổng kết)",
        N_("Chưa nhập bài học kinh nghiệm."),
        20000,
    ),
    ReportField(
        "budget_central",
        MONEY,
        N_("Ngân sách trung ương"),
        "Kinh phí: ngân sách trung ương (đồng)",
        N_("Chưa nhập kinh phí ngân sách trung ương (ghi 0 nếu không có)."),
    ),
    ReportField(
        "budget_local",
        MONEY,
        N_("Ngân sách địa phương"),
        "Kinh phí: ngân sách địa phương (đồng)",
        N_("Chưa nhập kinh phí ngân sách địa phương (ghi 0 nếu không có)."),
    ),
    ReportField(
        "budget_other",
        MONEY,
        N_("Viện trợ và nguồn hợp pháp khác"),
        "Kinh phí: viện trợ và nguồn hợp pháp khác (đồng)",
        N_("Chưa nhập kinh phí viện trợ và nguồn khác (ghi 0 nếu không có)."),
    ),
    ReportField(
        "dispatch_number",
        DISPATCH_NUMBER,
        N_("Số, ký hiệu văn bản"),
        "Số, ký hiệu văn bản (vd 125/BC-UBND)",
        N_("Chưa nhập số, ký hiệu văn bản báo cáo."),
        64,
    ),
    ReportField(
        "dispatch_date",
        DATE,
        N_("Ngày văn bản"),
        "Ngày văn bản (ngày/tháng/năm)",
        N_("Chưa nhập ngày văn bản."),
    ),
    ReportField(
        "dispatch_signer",
        TEXT,
        N_("Người ký"),
        "Người ký",
        N_("Chưa nhập người ký."),
        120,
    ),
    ReportField(
        "dispatch_signer_position",
        TEXT,
        N_("Chức vụ người ký"),
        "Chức vụ người ký",
        N_("Chưa nhập chức vụ người ký."),
        120,
    ),
)

REPORT_FIELDS: dict[str, ReportField] = {f.name: f for f in _REPORT}
# The assessment's sections in the order a report writes them (kết quả, hạn chế, nguyên nhân,
# phương hướng, đề xuất).
TEXT_FIELDS = ("results", "limitations", "causes", "directions", "proposals")
# The end-of-term review (báo cáo tổng kết) looks back over the whole term: results, limitations and
# their causes, the lessons learnt, then what comes next and the proposals for the next programme.
END_OF_TERM_TEXT_FIELDS = ("results", "limitations", "causes", "lessons", "directions", "proposals")
END_OF_TERM_LABELS = {
    "results": N_("Kết quả đạt được cả giai đoạn"),
    "directions": N_("Phương hướng cho giai đoạn tiếp theo"),
    "proposals": N_("Đề xuất, kiến nghị cho Chương trình giai đoạn tiếp theo"),
}


def text_fields(period) -> tuple[str, ...]:
    """The assessment's sections a report of ``period`` asks for, in the order it writes them."""
    return END_OF_TERM_TEXT_FIELDS if period.is_end_of_term else TEXT_FIELDS


def report_fields(period) -> dict[str, ReportField]:
    """The report's own fields for ``period``: the catalogue, with the end-of-term review's labels;
    ``lessons`` only where it is asked."""
    if not period.is_end_of_term:
        return {name: spec for name, spec in REPORT_FIELDS.items() if name != "lessons"}
    return {
        name: replace(spec, label=END_OF_TERM_LABELS[name]) if name in END_OF_TERM_LABELS else spec
        for name, spec in REPORT_FIELDS.items()
    }


BUDGET_FIELDS = ("budget_central", "budget_local", "budget_other")
DISPATCH_FIELDS = ("dispatch_number", "dispatch_date", "dispatch_signer", "dispatch_signer_position")

FIGURE_FIELDS: dict[str, RowField] = {
    f.name: f
    for f in (
        RowField("numerator", "", "Tử số"),
        RowField("denominator", "", "Mẫu số"),
        RowField("yes_no", "", "Có / Không"),
        RowField("months", N_("Các tháng có tin, bài được đăng tải"), "Các tháng có đăng tải (vd 1,2,3)"),
        RowField("items", N_("Số tin, bài đã đăng tải trong kỳ"), "Số tin, bài"),
        RowField("note", N_("Ghi chú về số liệu (nguồn, cách tính)"), "Ghi chú", 2000),
        RowField(
            "warning_comment",
            N_("Xác nhận số liệu và giải trình (bắt buộc khi có cảnh báo)"),
            "Giải trình cảnh báo",
            2000,
        ),
        # "No data" is an answer: instead of the whole figure, or of its denominator only (ratios).
        RowField("answer", N_("Trả lời thay cho số liệu"), "Không có số liệu / Không áp dụng"),
        RowField(
            "denominator_answer",
            N_("Trả lời thay cho mẫu số"),
            "Mẫu số: Không có số liệu / Không áp dụng",
        ),
        RowField(
            "answer_reason",
            N_("Lý do không có số liệu hoặc không áp dụng (bắt buộc)"),
            "Lý do không có số liệu",
            300,
        ),
        # Decision 29/QĐ-BLĐTBXH: the agency's own target for the year and the source of the figure.
        RowField("planned", N_("Chỉ tiêu kế hoạch năm của đơn vị (%)"), "Chỉ tiêu kế hoạch năm (%)"),
        RowField("source", N_("Nguồn thông tin"), "Nguồn thông tin", 200),
    )
}

# Văn bản chỉ đạo: one row per directing document issued in the period.
DOCUMENT_FIELDS: dict[str, RowField] = {
    f.name: f
    for f in (
        RowField("number", N_("Số, ký hiệu"), "Số, ký hiệu (vd 12/KH-UBND)", 64),
        RowField("issued_on", N_("Ngày ban hành"), "Ngày ban hành (ngày/tháng/năm)"),
        RowField("summary", N_("Trích yếu"), "Trích yếu nội dung", 1000),
    )
}
DOCUMENTS_MAX = 100  # rows a report may list; more is a sign of a pasted register, not of directing documents

TASK_FIELDS: dict[str, RowField] = {
    f.name: f
    for f in (
        RowField("status", N_("Tình trạng"), "Tình trạng"),
        RowField("results", N_("Kết quả thực hiện (kèm số liệu)"), "Kết quả thực hiện (kèm số liệu)", 10000),
        RowField("difficulties", N_("Khó khăn"), "Khó khăn", 5000),
        RowField("proposals", N_("Đề xuất"), "Đề xuất", 5000),
    )
}
