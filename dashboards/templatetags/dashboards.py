"""Numbers as Vietnamese write them (82,7%; 1.234.567) and the dashboards' small helpers."""

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()
DASH = "—"


@register.filter
def vn(value, decimals=None):
    """1234567 -> "1.234.567"; Decimal("82.7") -> "82,7" (in Vietnamese); None -> "—"."""
    if value is None or value == "":
        return DASH
    if decimals is None:
        decimals = 0 if isinstance(value, int) else 1
    return formats.number_format(Decimal(value), decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def pct(value, decimals=1):
    """A value in percent: "82,7%"; None -> "—"."""
    if value is None:
        return DASH
    return f"{vn(value, decimals)}%"


@register.filter
def signed_pct(value):
    """A change in percent with its sign: "+3,3%", "−1,2%"."""
    if value is None:
        return DASH
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{vn(abs(value), 1)}%"


@register.filter
def widthpct(value):
    """A CSS width from a percent, kept within 0-100 (a decimal point, whatever the language)."""
    if value is None:
        return "0"
    return str(max(Decimal(0), min(Decimal(100), Decimal(value))).quantize(Decimal("0.1")))
