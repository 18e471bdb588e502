"""Numbers as Vietnamese write them (82,7%; 1.234.567) and the dashboards' small helpers."""

from decimal import Decimal

from django import template
from django.utils import formats, numberformat
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()
DASH = "—"


@register.filter
def vn(value, decimals=None):
    """1234567 -> "1.234.567"; Decimal("82.7") -> "82,7" (in Vietnamese); None -> "—"."""
    if value is None or value == "":
        return DASH
    if decimals is None:
        decimals = 0 if isinstance(value, int) else 1
    # The Vietnamese locale of Django sets no NUMBER_GROUPING, so group by thousands explicitly.
    return numberformat.format(
        Decimal(value),
        formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=int(decimals),
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


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


@register.filter
def figure_value(fig):
    """A national figure as shown: "82,7%", "+3,3%" for a change; a star when provisional."""
    text = signed_pct(fig.value) if fig.target.measure == "yoy_change" else pct(fig.value)
    if fig.is_provisional:
        return format_html('{}<abbr class="provisional-mark" title="{}">*</abbr>', text, _("tạm tính"))
    return text


@register.filter
def cell_value(cell):
    """A province's figure: its value, "n/a" when it cannot be computed, "—" when not reported."""
    if not cell.reported:
        return format_html('<span class="missing-mark" title="{}">—</span>', _("Chưa báo cáo"))
    if cell.value is None:
        return format_html('<span class="muted" title="{}">n/a</span>', _("Đã báo cáo, không tính được"))
    if cell.target.measure == "yes_no_share":
        return _("Có") if cell.value else _("Không")
    return signed_pct(cell.value) if cell.target.measure == "yoy_change" else pct(cell.value)
