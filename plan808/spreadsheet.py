"""Writing and reading the portal's .xlsx files safely, both ways.

Writing: every text cell is a string, whatever it starts with. openpyxl turns a value starting with
"=" into a live formula, so "=HYPERLINK(…)" typed in a report would run in the reader's Excel (OWASP
"CSV/formula injection"); it also refuses control characters, so one pasted from Word would make the
whole export fail. Text is written as an inline string with Excel's quote prefix (shown as text
even when the cell is edited), and stored text is made printable at write time.

Reading: an uploaded workbook is measured before it is parsed (see ``check_workbook``): a few MB of
zip can unpack to gigabytes of XML.
"""

import zipfile

from django.utils.translation import gettext as _

from plan808 import text

# A formula starts with "="; Excel also evaluates "+", "-" and "@" typed at the start of a cell.
_FORMULA_STARTS = ("=", "+", "-", "@")


def as_text(cell, value: str) -> None:
    """Put ``value`` in ``cell`` as a string, never a formula; control characters dropped."""
    cell.value = text.printable(value)
    cell.data_type = "s"
    if cell.value.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True


def append(ws, values: list) -> None:
    """``ws.append(values)`` with every str written by ``as_text``."""
    ws.append([None if isinstance(v, str) else v for v in values])
    row = ws.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            as_text(ws.cell(row=row, column=column), value)


class WorkbookTooLarge(ValueError):
    """An upload past the limits; the message says which, in Vietnamese."""


# Generous for the portal's own workbooks (a report's is about 20 KB, unpacking to under 200 KB),
# small enough that reading one cannot hold a worker for long.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 200
MAX_SHEETS = 10
MAX_ROWS = 2000
MAX_COLUMNS = 50


def check_workbook(file) -> None:
    """Refuse, before openpyxl parses anything, a zip that unpacks too large or holds too many parts.

    The sizes come from the zip's central directory, which a crafted file may understate, so the
    reader also stops at the row and column limits (``bounded_rows``).
    """
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise WorkbookTooLarge(
                    _("Tệp có %(n)s thành phần, quá nhiều đối với một bảng tính báo cáo.") % {"n": len(members)}
                )
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise WorkbookTooLarge(
                    _("Tệp giải nén ra %(size)s MB, vượt giới hạn %(max)s MB của bảng tính báo cáo.")
                    % {"size": unpacked // (1024 * 1024), "max": MAX_UNPACKED_BYTES // (1024 * 1024)}
                )
            sheets = [m for m in members if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")]
            if len(sheets) > MAX_SHEETS:
                raise WorkbookTooLarge(_("Tệp có %(n)s trang tính; bảng tính báo cáo chỉ có 3.") % {"n": len(sheets)})
    finally:
        file.seek(0)


def bounded_rows(ws, *, min_row: int = 1, max_col: int = MAX_COLUMNS, values_only: bool = False):
    """Rows of ``ws`` (read-only mode), at most ``MAX_ROWS`` of them, at most ``max_col`` cells each."""
    for count, row in enumerate(ws.iter_rows(min_row=min_row, max_col=max_col, values_only=values_only)):
        if count >= MAX_ROWS:
            raise WorkbookTooLarge(
                _("Trang tính “%(sheet)s” có hơn %(max)s dòng; bảng tính báo cáo không dài như vậy.")
                % {"sheet": ws.title, "max": MAX_ROWS}
            )
        yield row
