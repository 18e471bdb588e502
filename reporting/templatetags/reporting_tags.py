"""Template helpers of the reporting pages: a figure's rate."""

from decimal import Decimal

from django import template

from plan808.numbers import percent

register = template.Library()


@register.filter
def rate(figure) -> str:
    """A figure's numerator/denominator as a percentage ("72,5%"); "—" when it cannot be computed."""
    if figure is None or not figure.denominator or figure.numerator is None:
        return percent(None)
    return percent(Decimal(figure.numerator) * 100 / Decimal(figure.denominator))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
