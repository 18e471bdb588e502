"""Filters for the PDF templates: Vietnamese numbers and Hà Nội dates."""

from django import template

from exports.formatting import vn_date, vn_decimal, vn_int
from plan808.clock import HANOI

register = template.Library()

register.filter("vn_int", vn_int)
register.filter("vn_decimal", vn_decimal)


@register.filter
def sub(a, b):
    return (a or 0) - (b or 0)


@register.filter
def hanoi_date(instant):
    """The Hà Nội day of an instant: 17:00 UTC on 5 June is 6 June."""
    return vn_date(instant.astimezone(HANOI)) if instant else ""
