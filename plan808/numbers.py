"""Numbers as Vietnamese officials write them (1.234.567 · 82,7 · 72,5%), and one mark for a missing value.

Every page, PDF and message writes its numbers here, with Django's ``number_format`` and the
separators of ``plan808/formats/vi``, in the reader's language (the PDF is rendered in Vietnamese).
A value that was not given prints as ``MISSING`` everywhere; the workbooks leave its cell empty,
so that a spreadsheet still adds the column up.
"""

from decimal import Decimal

from django.utils import formats, translation

MISSING = "—"


def number(value, decimals: int = 0) -> str:
    """1234567 -> "1.234.567"; ``decimals=1``: 82.66 -> "82,7"; None -> "—".

    A negative ``decimals`` keeps that many places only where they are not all zero, as Django's
    ``floatformat`` does: ``number(100, -1)`` -> "100", ``number(82.66, -1)`` -> "82,7".
    """
    if value is None or value == "":
        return MISSING
    places = abs(decimals)
    # Rounded here: Django's number formatting cuts the extra places off rather than rounding them.
    value = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    if decimals < 0 and value == value.to_integral_value():
        places = 0
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def percent(value, decimals: int = 1) -> str:
    """82.66 -> "82,7%"; None -> "—"."""
    return MISSING if value is None or value == "" else f"{number(value, decimals)}%"


def signed_percent(value, decimals: int = 1) -> str:
    """A change with its sign: "+3,3%", "−1,2%" (a minus sign, not a hyphen); None -> "—"."""
    if value is None:
        return MISSING
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{percent(abs(value), decimals)}"


def input_decimal(value) -> str:
    """A number with at most one decimal put back into a form input ("80,5", "80"); blank for none."""
    if value is None or value == "":
        return ""
    with translation.override("vi"):
        return number(value, -1)


def input_number(value) -> str:
    """A whole number put back into a form input, in the Vietnamese the form reads back; blank for none."""
    if value is None or value == "":
        return ""
    with translation.override("vi"):
        return number(int(value))
