"""Template helpers of the reporting pages: a figure's rate, the report form's inputs."""

from decimal import Decimal

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


# -- the report form's inputs ---------------------------------------------------------------------------
# The form has a few hundred inputs; as {% include %}d templates they were about half of the form's
# CPU (bench/README.md). These tags write the same markup in Python; they are the markup's only home.


def _out(context, value) -> str:
    """``value`` as ``{{ value }}`` would print it here (localized, escaped unless safe)."""
    return render_value_in_context(value, context)


def _message(context, f) -> str:
    """The error beside the field (announced), or what is missing for a submit."""
    if f.error:
        return f'<p class="field-error" id="err_{_out(context, f.name)}" role="alert">{_out(context, f.error)}</p>'
    if f.missing:
        return f'<p class="field-missing">{_out(context, f.missing)}</p>'
    return ""


def _state(f) -> str:
    return " has-error" if f.error else " is-missing" if f.missing else ""


def _invalid(context, f) -> str:
    return f' aria-invalid="true" aria-describedby="err_{_out(context, f.name)}"' if f.error else ""


@register.simple_tag(takes_context=True)
def form_input(context, f, label, kind="text", rows=None, maxlength=None, wide=False, placeholder=None, help=None):
    """One input of the report form: ``f`` is a ``reporting.forms.Field``; ``kind`` is "text", "number",
    "money", "date" or "textarea" (numbers, money and dates are typed as text: Vietnamese notation)."""
    name = _out(context, f.name)
    html = [
        f'<div class="form-field{_state(f)}{" wide" if wide else ""}">',
        f'<label for="id_{name}">{_out(context, label)}</label>',
    ]
    if kind == "textarea":
        length = f' maxlength="{_out(context, maxlength)}"' if maxlength else ""
        html.append(
            f'<textarea id="id_{name}" name="{name}" rows="{_out(context, rows or 4)}"{length}{_invalid(context, f)}>'
            f"{_out(context, f.value)}</textarea>"
        )
    else:
        extra = ' inputmode="numeric" autocomplete="off"' if kind in ("number", "money") else ""
        extra += ' placeholder="dd/mm/yyyy" inputmode="numeric"' if kind == "date" else ""
        extra += f' placeholder="{_out(context, placeholder)}"' if placeholder else ""
        html += [
            f'<span class="input-wrap{" money" if kind == "money" else ""}">',
            f'<input type="text" id="id_{name}" name="{name}" value="{_out(context, f.value)}"{extra}{_invalid(context, f)}>',
            '<span class="unit">đồng</span>' if kind == "money" else "",
            "</span>",
        ]
    html += [_message(context, f), f'<p class="help">{_out(context, help)}</p>' if help else "", "</div>"]
    return mark_safe("\n".join(part for part in html if part))  # noqa: S308 (every value went through _out)


@register.simple_tag(takes_context=True)
def answer_select(context, f, label):
    """A figure's "no data" answer: with figures, "không có số liệu" or "không áp dụng" (reporting/README.md)."""
    name = _out(context, f.name)
    options = (("", _("— Có số liệu —"), not f.value), ("no_data", _("Không có số liệu"), f.value == "no_data"))
    options += (("not_applicable", _("Không áp dụng"), f.value == "not_applicable"),)
    html = [
        f'<div class="form-field{_state(f)}">',
        f'<label for="id_{name}">{_out(context, label)}</label>',
        f'<select id="id_{name}" name="{name}"{_invalid(context, f)}>',
        *(
            f'<option value="{value}"{" selected" if chosen else ""}>{_out(context, text)}</option>'
            for value, text, chosen in options
        ),
        "</select>",
        _message(context, f),
        "</div>",
    ]
    return mark_safe("\n".join(part for part in html if part))  # noqa: S308 (every value went through _out)
