"""Template helpers of the reporting pages: Vietnamese numbers and rates."""

from decimal import Decimal

from django import template

from reporting.forms import vn_number

register = template.Library()


@register.filter
def vn(value) -> str:
    """1250000 -> "1.250.000" (blank for None)."""
    return vn_number(value)


@register.filter
def rate(figure) -> str:
    """A figure's numerator/denominator as a percentage with a decimal comma ("72,5%")."""
    if figure is None or not figure.denominator or figure.numerator is None:
        return ""
    value = Decimal(figure.numerator) * 100 / Decimal(figure.denominator)
    return f"{value:.1f}".replace(".", ",") + "%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
