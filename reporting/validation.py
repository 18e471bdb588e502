"""Parsing and checking what an officer types into a report, with the Vietnamese message for each mistake.

Values arrive as strings (form, Excel cell) or as numbers (API); each parser returns the clean
value or raises ``FieldError`` with the message shown beside the field. Numbers are written as
Vietnamese write them: "1.250.000" is one million two hundred and fifty thousand, "12,5" is a
decimal (and so not a count).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from plan808 import text as plain_text
from plan808.numbers import number

BIG_MAX = 9_223_372_036_854_775_807  # PositiveBigIntegerField
INT_MAX = 2_147_483_647  # PositiveIntegerField

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Extension -> the first bytes such a file starts with, so a renamed file is caught too.
ATTACHMENT_TYPES = {
    "pdf": (b"%PDF",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "xlsx": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}

# "125/BC-UBND", "45/BC-SLĐTBXH", "12/2025/BC-UBND": a number, then symbol parts in capitals.
DISPATCH_NUMBER = re.compile(r"^\d{1,6}(/\d{4})?/[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$", re.ASCII)


class FieldError(ValueError):
    """A value that cannot be accepted; ``message`` is shown beside the field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_count(value, *, maximum: int = BIG_MAX, money: bool = False) -> int | None:
    """A whole non-negative number, "1.250.000" or 1250000; blank gives None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise FieldError(_("Phải là một số nguyên."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        if value != int(value):
            raise FieldError(
                _("Số tiền phải là số đồng, không có phần lẻ.") if money else _("Phải là số nguyên, không có phần lẻ.")
            )
        number = int(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if text.lower().endswith("đ"):
            text = text[:-1]
        if text == "":
            return None
        if not text.isascii():
            # "²", "①" or "１２" pass str.isdigit() yet are no number an officer meant to type.
            raise FieldError(_("Phải là một số nguyên viết bằng chữ số 0-9, ví dụ 1.250.000."))
        negative = text.startswith("-")
        digits = text.lstrip("+-")
        if _THOUSANDS.match(digits):
            digits = digits.replace(".", "")
        if digits.isdigit():
            number = int(digits)
            if negative:
                number = -number
        else:
            try:
                Decimal(digits.replace(",", "."))
            except InvalidOperation as exc:
                raise FieldError(_("Phải là một số nguyên, ví dụ 1.250.000.")) from exc
            if negative:
                raise FieldError(_("Số tiền không được âm.") if money else _("Số không được âm."))
            raise FieldError(
                _("Số tiền phải là số đồng, không có phần lẻ.") if money else _("Phải là số nguyên, không có phần lẻ.")
            )
    if number < 0:
        raise FieldError(_("Số tiền không được âm.") if money else _("Số không được âm."))
    if number > maximum:
        raise FieldError(_("Số quá lớn (tối đa %(max)s).") % {"max": number(maximum)})
    return number


PLANNED_MAX = Decimal("99999999.9")  # IndicatorFigure.planned: 9 digits, 1 after the comma


def parse_planned(value) -> Decimal | None:
    """An agency's planned target in the target's unit: "80", "80,5", "80%"; at most one decimal; blank gives None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise FieldError(_("Phải là một số, ví dụ 80 hoặc 80,5."))
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
        if text == "":
            return None
        if not text.isascii():
            raise FieldError(_("Phải là một số viết bằng chữ số 0-9, ví dụ 80 hoặc 80,5."))
        if "," in text:  # "1.234,5": dots group thousands, the comma is the decimal mark
            text = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS.match(text):
            text = text.replace(".", "")
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise FieldError(_("Phải là một số, ví dụ 80 hoặc 80,5.")) from exc
    if not amount.is_finite():
        raise FieldError(_("Phải là một số, ví dụ 80 hoặc 80,5."))
    if amount < 0:
        raise FieldError(_("Số không được âm."))
    if amount > PLANNED_MAX:
        raise FieldError(_("Số quá lớn (tối đa %(max)s).") % {"max": number(PLANNED_MAX, 1)})
    if amount != amount.quantize(Decimal("0.1")):
        raise FieldError(_("Ghi tối đa một chữ số sau dấu phẩy, ví dụ 80,5."))
    return amount.quantize(Decimal("0.1"))


def parse_yes_no(value) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "true", "1", "có", "co", "c"}:
        return True
    if text in {"no", "false", "0", "không", "khong", "k"}:
        return False
    raise FieldError(_("Chọn Có hoặc Không."))


def parse_months(value, allowed: list[str]) -> list[str]:
    """The "YYYY-MM" months ticked; each must be a month of the period."""
    if value is None or value == "":
        return []
    items = value.replace(";", ",").split(",") if isinstance(value, str) else list(value)
    months = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        if re.fullmatch(r"\d{1,2}", text) and allowed:
            text = f"{allowed[0][:4]}-{int(text):02d}"  # "3" in a 2025 period is 2025-03
        if text not in allowed:
            first, last = allowed[0], allowed[-1]
            raise FieldError(
                _("Tháng %(month)s không thuộc kỳ báo cáo (từ tháng %(first)s đến tháng %(last)s).")
                % {"month": _month_text(text), "first": _month_text(first), "last": _month_text(last)}
            )
        if text not in months:
            months.append(text)
    return sorted(months)


def _month_text(month: str) -> str:
    """ "2025-03" -> "03/2025"."""
    if re.fullmatch(r"\d{4}-\d{2}", month):
        return f"{month[5:]}/{month[:4]}"
    return month


def clean_text(value) -> str:
    """The text in NFC with "\n" line breaks, stripped; a control character is refused (``plan808.text``)."""
    try:
        return "" if value is None else plain_text.clean(str(value)).strip()
    except plain_text.ControlCharacterError as exc:
        raise FieldError(
            _(
                "Có một ký tự ẩn không lưu được (mã %(code)s, ký tự thứ %(position)s), thường do dán từ Word "
                "hoặc PDF; ô này chưa được lưu. Bỏ ký tự đó rồi lưu lại."
            )
            % {"code": exc.code, "position": number(exc.position)}
        ) from exc


def parse_text(value, *, max_length: int) -> str:
    text = clean_text(value)
    if len(text) > max_length:
        raise FieldError(
            _("Tối đa %(max)s ký tự (đã nhập %(count)s).") % {"max": number(max_length), "count": number(len(text))}
        )
    return text


def parse_choice(value, choices) -> str:
    text = "" if value is None else str(value).strip()
    if text == "":
        return ""
    values = {str(v) for v, _label in choices}
    if text in values:
        return text
    by_label = {str(label).lower(): v for v, label in choices}
    if text.lower() in by_label:
        return by_label[text.lower()]
    raise FieldError(_("Giá trị không hợp lệ: chọn một trong các mục có sẵn."))


def parse_date(value, *, not_after: datetime.date | None = None) -> datetime.date | None:
    """A date written 20/06/2025 (or 2025-06-20, or a date from a spreadsheet)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        text = str(value).strip()
        day = None
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                day = datetime.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        if day is None:
            raise FieldError(_("Ngày không hợp lệ; viết theo dạng ngày/tháng/năm, ví dụ 20/06/2025."))
    if not_after is not None and day > not_after:
        raise FieldError(_("Ngày văn bản không được sau ngày hôm nay."))
    return day


def parse_dispatch_number(value) -> str:
    text = parse_text(value, max_length=64)
    text = re.sub(r"^số\s*:?\s*", "", text, flags=re.IGNORECASE).replace(" ", "")
    if text and not DISPATCH_NUMBER.match(text):
        raise FieldError(_("Số, ký hiệu văn bản chưa đúng dạng, ví dụ 125/BC-UBND."))
    return text


def check_attachment(name: str, size: int, head: bytes) -> str:
    """The file's extension when its name, size and first bytes fit what a report may carry."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    signatures = ATTACHMENT_TYPES.get(extension)
    if signatures is None or not any(head.startswith(sig) for sig in signatures):
        raise FieldError(_("Chỉ nhận tệp PDF, ảnh quét JPEG/PNG hoặc bảng tính XLSX, XLS, ODS."))
    if size > MAX_ATTACHMENT_BYTES:
        raise FieldError(_("Tệp lớn %(size)s MB, vượt quá giới hạn 20 MB.") % {"size": number(size / 1024 / 1024, 1)})
    if size == 0:
        raise FieldError(_("Tệp rỗng."))
    return extension
