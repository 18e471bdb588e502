"""Dates as Vietnamese administrative documents write them (20/06/2025; ngày 05 tháng 01 năm 2026).

Numbers are written by ``plan808.numbers``.
"""

import datetime


def vn_date(day: datetime.date | datetime.datetime | None) -> str:
    """20/06/2025."""
    return day.strftime("%d/%m/%Y") if day else ""


def vn_long_date(day: datetime.date) -> str:
    """ "ngày 05 tháng 01 năm 2026": Decree 30/2020 gives days below 10 and months 1-2 a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
