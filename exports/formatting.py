"""Numbers and dates as Vietnamese administrative documents write them (1.234.567; 82,7; ngày 05 tháng 01 năm 2026)."""

import datetime
from decimal import Decimal


def vn_int(number: int | None) -> str:
    """1234567 -> "1.234.567"; None -> ""."""
    if number is None:
        return ""
    return f"{int(number):,}".replace(",", ".")


def vn_decimal(number: Decimal | float | None, places: int = 1) -> str:
    """82.7 -> "82,7"; 1234.5 -> "1.234,5"; a whole number keeps no decimals (100 -> "100")."""
    if number is None:
        return ""
    value = Decimal(str(number)).quantize(Decimal(1).scaleb(-places))
    if value == value.to_integral_value():
        return vn_int(int(value))
    whole, _, fraction = f"{value:.{places}f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{vn_int(abs(int(whole)))},{fraction}"


def vn_date(day: datetime.date | datetime.datetime | None) -> str:
    """20/06/2025."""
    return day.strftime("%d/%m/%Y") if day else ""


def vn_long_date(day: datetime.date) -> str:
    """ "ngày 05 tháng 01 năm 2026": Decree 30/2020 gives days below 10 and months 1-2 a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
