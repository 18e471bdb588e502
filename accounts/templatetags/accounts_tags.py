import datetime

from django import template

register = template.Library()


@register.filter
def minutes(value) -> int | None:
    """A timedelta (django-axes' cool-off) as whole minutes, rounded up."""
    if not isinstance(value, datetime.timedelta):
        return None
    return -(-int(value.total_seconds()) // 60)
