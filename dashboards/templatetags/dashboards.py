"""How the dashboards show a figure (numbers themselves are written by ``plan808.numbers``)."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from plan808.numbers import MISSING, percent, signed_percent

register = template.Library()


@register.filter
def widthpct(value):
    """A CSS width from a percent, kept within 0-100 (a decimal point, whatever the language)."""
    if value is None:
        return "0"
    return str(max(Decimal(0), min(Decimal(100), Decimal(value))).quantize(Decimal("0.1")))


@register.filter
def figure_value(fig):
    """A national figure as shown: "82,7%", "+3,3%" for a change; a star when provisional."""
    text = signed_percent(fig.value) if fig.target.measure == "yoy_change" else percent(fig.value)
    if fig.is_provisional:
        return format_html('{}<abbr class="provisional-mark" title="{}">*</abbr>', text, _("tạm tính"))
    return text


@register.filter
def cell_value(cell):
    """A province's figure: its value, "n/a" when it cannot be computed, "—" when not reported."""
    if not cell.reported:
        return format_html('<span class="missing-mark" title="{}">{}</span>', _("Chưa báo cáo"), MISSING)
    if cell.value is None:
        return format_html('<span class="muted" title="{}">n/a</span>', _("Đã báo cáo, không tính được"))
    if cell.target.measure == "yes_no_share" and cell.value in (0, 100):
        return _("Có") if cell.value else _("Không")
    if cell.target.measure == "yes_no_share":  # a province regrouped from several, answering differently
        return percent(cell.value)
    return signed_percent(cell.value) if cell.target.measure == "yoy_change" else percent(cell.value)


# The submissions page lists every expected report (89 rows today, 100 a page) and each one's marks
# in every period (9 today): written by these two filters rather than ~1,200 template nodes, as it
# is recomputed after every submit of a deadline day (issue 10). The markup has its one home here.


@register.filter
def submission_row(row):
    """A ``SubmissionRow`` as the submissions page's table row: agency, status, first sent, timeliness."""
    sent = row.first_submitted_at
    if sent is not None:
        sent = timezone.localtime(sent)
    return format_html(
        '<tr>\n        <th scope="row" data-sort="{}">{}{}</th>\n        <td>{}</td>\n'
        '        <td data-sort="{}">{}</td>\n'
        '        <td data-sort="{}"><span class="badge timeliness-{}">{}</span></td>\n      </tr>',
        row.agency.name,
        row.agency.name,
        "" if row.expected else format_html(' <span class="muted">({})</span>', _("không thuộc diện báo cáo kỳ này")),
        row.status_label,
        date_filter(sent, "U") if sent else "",
        date_filter(sent, "H:i d/m/Y") if sent else "—",
        row.timeliness,
        row.timeliness,
        row.timeliness_label,
    )


@register.filter
def history_cells(marks):
    """An agency's marks over the periods, ``[(period, timeliness, label)]``, as table cells."""
    return format_html_join("", '<td class="num timeliness-{}">{}</td>', ((t, label) for _p, t, label in marks))
