"""A figure nobody has is answered, not invented: "không có số liệu" or "không áp dụng", with a reason.

One home for the rule, for every figure the portal asks for: the targets' figures
(``IndicatorFigure.Answer`` is ``NoAnswer``) and the statistics section. Such an answer completes the
field for submission, is distinct from 0 and from blank, and counts as missing, never as zero, in
national totals and coverage.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

REASON_MAX_LENGTH = 500


class NoAnswer(models.TextChoices):
    """Why a figure has no number."""

    NO_DATA = "no_data", gettext_lazy("Không có số liệu")
    NOT_APPLICABLE = "not_applicable", gettext_lazy("Không áp dụng")


def choices_read_back() -> list[tuple[str, str]]:
    """The answers by value, by label in the reader's language and by label in Vietnamese: a workbook
    filled in Vietnamese may be sent back by a reader of the English pages."""
    with translation.override("vi"):
        written = [(choice, str(label)) for choice, label in NoAnswer.choices]
    return [*((choice, str(label)) for choice, label in NoAnswer.choices), *written]


def parse_no_answer(value) -> str:
    """ "" (a number is given), "no_data" or "not_applicable"; the labels are accepted too (a workbook)."""
    text = "" if value is None else str(value).strip()
    if text == "":
        return ""
    for choice, label in choices_read_back():
        if text.lower() in (choice, label.lower()):
            return choice
    raise ValueError(_("Chọn “Không có số liệu” hoặc “Không áp dụng”, hoặc để trống khi nhập số."))


def answer_problem(*, value, no_answer: str, reason: str) -> str:
    """The message when a number and a no-answer are given together, or a no-answer lacks its reason."""
    if no_answer and value is not None:
        return _("Đã nhập số thì không chọn “%(label)s”; bỏ một trong hai.") % {"label": NoAnswer(no_answer).label}
    if no_answer and not reason:
        return _("Ghi ngắn gọn lý do không có số liệu (ví dụ: chưa điều tra, không thống kê được).")
    return ""


def is_answered(*, value, no_answer: str) -> bool:
    """A number or an explicit no-answer: either lets the report be sent."""
    return value is not None or bool(no_answer)
