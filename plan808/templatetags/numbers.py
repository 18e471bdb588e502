"""The portal's one template library for numbers: ``{% load numbers %}`` (registered in settings.TEMPLATES)."""

from django import template

from plan808 import numbers

register = template.Library()

register.filter("number", numbers.number)
register.filter("percent", numbers.percent)
register.filter("signed_percent", numbers.signed_percent)
