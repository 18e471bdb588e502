"""Plausibility: what looks wrong about a figure, though it is a valid number, and the limits that say so.

A warning does not block a draft; submitting needs the officer's confirmation with an explanation
(reporting/README.md, "Plausibility warnings").
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Target
from plan808.numbers import number, percent
from reporting.models import IndicatorFigure

# Measures whose figure is a numerator over a denominator, so the numerator may not exceed it.
RATIO_MEASURES = {Target.Measure.RATIO, Target.Measure.CUMULATIVE_COVERAGE}
# A commune (or district) count that moves by more than a fifth, or a rate that jumps by more than
# 30 percentage points from the same agency's previous period, is asked about.
COUNT_CHANGE_LIMIT = Decimal("0.20")
RATE_JUMP_LIMIT = Decimal("30")
WARNING_MAX_LENGTH = 300  # IndicatorFigure.warning


def figure_warnings(figure: IndicatorFigure, previous: IndicatorFigure | None) -> list[str]:
    """What looks implausible about ``figure``: outside what its measure allows, or far from last period."""
    target = figure.target
    found = []
    num, den = figure.numerator, figure.denominator
    if target.measure in RATIO_MEASURES and den == 0 and num == 0:
        found.append(_("Mẫu số bằng 0: không tính được tỷ lệ."))
    if (
        target.measure == Target.Measure.MONTHS_COVERED
        and figure.items is not None
        and figure.items < len(figure.months)
    ):
        found.append(_("Số tin, bài ít hơn số tháng đã đánh dấu có đăng tải."))
    if target.measure == Target.Measure.MONTHS_COVERED and figure.months and figure.items == 0:
        found.append(_("Có đánh dấu tháng đăng tải nhưng số tin, bài bằng 0."))
    if previous is None:
        return found
    p_num, p_den = previous.numerator, previous.denominator
    if target.level in (Target.Level.COMMUNE, Target.Level.DISTRICT) and den and p_den:
        change = Decimal(abs(den - p_den)) / Decimal(p_den)
        if change > COUNT_CHANGE_LIMIT:
            found.append(
                _("Tổng số đơn vị hành chính thay đổi %(pct)s so với kỳ trước (%(old)s → %(new)s).")
                % {"pct": percent(change * 100, -1), "old": number(p_den), "new": number(den)}
            )
    if target.measure in RATIO_MEASURES and den and p_den and num is not None and p_num is not None:
        rate, p_rate = Decimal(num) * 100 / den, Decimal(p_num) * 100 / p_den
        if abs(rate - p_rate) > RATE_JUMP_LIMIT:
            found.append(
                _("Tỷ lệ thay đổi %(pts)s điểm phần trăm so với kỳ trước (%(old)s → %(new)s).")
                % {"pts": number(abs(rate - p_rate), -1), "old": percent(p_rate, -1), "new": percent(rate, -1)}
            )
    if target.measure == Target.Measure.CUMULATIVE_COVERAGE and num is not None and p_num is not None and num < p_num:
        found.append(
            _("Số cộng dồn thấp hơn kỳ trước (%(old)s → %(new)s).") % {"old": number(p_num), "new": number(num)}
        )
    return found
