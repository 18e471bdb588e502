"""The cumulation rules over the plan (indicators/README.md, "Cumulative value over the plan") have one
home, ``indicators.aggregation.cumulate_years``: the Decision 29 columns and the end-of-term review's
whole-term row both read it, so they cannot disagree."""

from indicators.aggregation import cumulate_years
from indicators.models import Target
from reporting.selectors import TermFigure, TermYear

M = Target.Measure


def test_ratios_are_a_ratio_of_sums_over_the_years_with_a_figure():
    assert cumulate_years(M.RATIO, [(10, 100), (None, None), (90, 100)]) == (100, 200, 2)
    assert cumulate_years(M.MONTHS_COVERED, [(4, 6), (12, 12)]) == (16, 18, 2)


def test_a_year_without_its_denominator_is_left_out_not_counted_as_zero():
    assert cumulate_years(M.RATIO, [(10, 100), (5, None)]) == (10, 100, 1)
    assert cumulate_years(M.RATIO, [(None, None)]) is None


def test_counts_add_and_yes_no_and_coverage_take_the_latest_year():
    assert cumulate_years(M.YOY_CHANGE, [(30, None), (45, None), (None, None), (20, None)]) == (95, None, 3)
    assert cumulate_years(M.YES_NO_SHARE, [(1, 1), (0, 1)]) == (0, 1, 1)
    assert cumulate_years(M.CUMULATIVE_COVERAGE, [(20, 100), (55, 100), (None, None)]) == (55, 100, 1)


def test_the_end_of_term_row_follows_the_same_rules():
    ratio = Target(code="x", measure=M.RATIO)
    years = [TermYear(2022, 10, 100), TermYear(2023, None, None), TermYear(2024, 90, 100)]
    assert TermFigure(target=ratio, years=years).total == TermYear(0, 100, 200)

    # A regrouped province whose two departments answered differently in 2024, and "có" in 2025: the
    # whole term reads the latest year (the answer that stands), not a share summed over the years.
    yes_no = Target(code="y", measure=M.YES_NO_SHARE)
    years = [TermYear(2024, 1, 2), TermYear(2025, 1, 1)]
    assert TermFigure(target=yes_no, years=years).total == TermYear(0, 1, 1)
    assert TermFigure(target=yes_no, years=[TermYear(2024, None, None)]).total is None
