"""Timeframes as the decision writes them ("c) Thời gian thực hiện"), parsed into a structure."""

import re
from typing import NamedTuple

EVERY_YEAR_SPELLINGS = {"hằng năm", "hàng năm"}  # 3.3 spells it "Hàng năm"; it means the same
_SINGLE = re.compile(r"^năm (\d{4})$")
_RANGE = re.compile(r"^năm (\d{4})\s*-\s*(\d{4})$")


class Timeframe(NamedTuple):
    kind: str  # one of tasks.models.Task.Timeframe
    start: int | None
    end: int | None


def parse_timeframe(text: str) -> Timeframe:
    """ "Hằng năm" -> every year; "năm 2025" -> that year; "năm 2022-2023" -> the range.

    Raises ValueError for any other wording, so that a plan file cannot smuggle in a timeframe
    that the portal would silently misread.
    """
    normal = " ".join(text.strip().rstrip(".").split()).lower()
    if normal in EVERY_YEAR_SPELLINGS:
        return Timeframe("every_year", None, None)
    if match := _SINGLE.match(normal):
        year = int(match.group(1))
        return Timeframe("single_year", year, year)
    if match := _RANGE.match(normal):
        start, end = int(match.group(1)), int(match.group(2))
        if end <= start:
            raise ValueError(f"khoảng năm không hợp lệ: {text!r}")
        return Timeframe("year_range", start, end)
    raise ValueError(
        f"không hiểu thời gian thực hiện {text!r} (dạng được chấp nhận: 'Hằng năm', 'năm 2025', 'năm 2022-2023')"
    )
