"""Filters for the PDF templates: Hà Nội dates (numbers come from the ``numbers`` library)."""

from django import template

from exports.formatting import vn_date
from plan808.clock import HANOI

register = template.Library()


@register.filter
def sub(a, b):
    return (a or 0) - (b or 0)


@register.filter
def hanoi_date(instant):
    """The Hà Nội day of an instant: 17:00 UTC on 5 June is 6 June."""
    return vn_date(instant.astimezone(HANOI)) if instant else ""


@register.filter
def draft_markup(text):
    """The draft's markup (paragraphs, "- " lists) as escaped HTML: ``exports.markup.to_html``."""
    from exports.markup import to_html

    return to_html(text or "")


@register.filter
def lookup(mapping, key):
    """``mapping[key]``, or None: a row's entry in a dict the view computed (``{{ d|lookup:k }}``)."""
    return (mapping or {}).get(key)
