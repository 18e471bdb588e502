"""The measure rules of indicators/README.md, each with numbers."""

from decimal import Decimal

import pytest

from agencies.models import Agency
from indicators import aggregation
from indicators.aggregation import INSUFFICIENT, MET, NO_DATA, OFF_TRACK, ON_TRACK
from indicators.cache import bump_dashboard_generation
from reporting.obligations import period_obligations
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _judged_at_any_coverage(settings):
    """The measure rules are shown on two or three provinces; the coverage rule of README "Status"
    (a figure covering too few of the expected reporters is not judged) has its own tests, at 80%."""
    settings.INDICATOR_MIN_COVERAGE_PERCENT = 0


@pytest.fixture
def h1_2025(plan):
    return f.period(plan, "2025-H1", is_open=False)


def dolisas(n):
    return list(Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_DOLISA).order_by("code")[:n])


def target(plan, code):
    return plan.targets.get(code=code)


def national(period, code, **kw):
    return next(x for x in aggregation.national_figures(period, **kw) if x.target.code == code)


def test_ratio_is_the_sum_of_numerators_over_the_sum_of_denominators_not_a_mean_of_percentages(plan, h1_2025):
    # README "Ratio of sums": 1/10 and 90/100 make 91/110 = 82.7%, not (10% + 90%) / 2 = 50%.
    a, b = dolisas(2)
    f.figure(f.report(a, h1_2025), target(plan, "1"), 1, 10)
    f.figure(f.report(b, h1_2025), target(plan, "1"), 90, 100)

    fig = national(h1_2025, "1")

    assert (fig.numerator, fig.denominator) == (91, 110)
    assert fig.value == Decimal("82.7")
    assert fig.status == MET  # ≥ 70%
    assert fig.coverage_text == "2/63 tỉnh"


def test_a_province_that_has_not_reported_is_missing_not_zero(plan, h1_2025):
    # Given one province at 80/100 and 62 that have not reported
    (a,) = dolisas(1)
    f.figure(f.report(a, h1_2025), target(plan, "1"), 80, 100)

    fig = national(h1_2025, "1")
    provinces = aggregation.province_figures(h1_2025)

    # Then the national figure is that province's 80%, covering 1 of 63, and the others have no key
    assert fig.value == Decimal("80.0")
    assert (fig.covered, fig.expected) == (1, 63)
    assert provinces == {(a.pk, "1"): Decimal("80.0")}


def test_a_target_nobody_reported_has_no_data_rather_than_zero(plan, h1_2025):
    fig = national(h1_2025, "3a")
    assert fig.value is None
    assert fig.status == NO_DATA
    assert fig.coverage_text == "0/63 tỉnh"


def test_yes_no_share_is_the_provinces_answering_yes_over_those_that_answered(plan, h1_2025):
    # README "Share of provinces": 3 yes and 1 no of 4 answers → 75%, coverage 4/63.
    for agency, answer in zip(dolisas(5), [True, True, True, False, None], strict=True):
        f.figure(f.report(agency, h1_2025), target(plan, "5"), yes_no=answer)

    fig = national(h1_2025, "5")

    assert fig.value == Decimal("75.0")
    assert (fig.numerator, fig.denominator) == (3, 4)
    assert fig.coverage_text == "4/63 tỉnh"
    # ≥ 50% of the provinces: 3 of 63 is not half of the country, and 59 have not answered yet.
    assert fig.status == INSUFFICIENT


def test_months_covered_is_the_months_with_a_publication_over_the_months_of_the_period(plan, h1_2025):
    # README "Months covered": 6 of 6 months and 3 of 6 months → 9/12 = 75%; the target is every month.
    a, b = dolisas(2)
    f.figure(f.report(a, h1_2025), target(plan, "2b"), months=[f"2025-{m:02d}" for m in range(1, 7)])
    f.figure(f.report(b, h1_2025), target(plan, "2b"), months=["2025-01", "2025-03", "2025-05"])

    fig = national(h1_2025, "2b")

    assert fig.value == Decimal("75.0")
    assert fig.status == OFF_TRACK
    assert not fig.met


def test_central_press_target_counts_central_agencies_not_provinces(plan, h1_2025):
    # 2a is reported by the press and Bộ TTTT: its coverage is in agencies, and a province's 2a is not counted.
    press = Agency.objects.filter(kind=Agency.Kind.PRESS).order_by("code").first()
    f.figure(f.report(press, h1_2025), target(plan, "2a"), months=[f"2025-{m:02d}" for m in range(1, 7)])
    f.figure(f.report(dolisas(1)[0], h1_2025), target(plan, "2a"), months=[])

    fig = national(h1_2025, "2a")

    obliged = [a for a, ts in period_obligations(h1_2025).targets.items() if any(t.code == "2a" for t in ts)]
    assert fig.value == Decimal("100.0")
    assert fig.coverage_text == f"1/{len(obliged)} cơ quan"
    assert fig.status == MET


def test_yoy_change_compares_the_same_period_last_year_over_agencies_that_reported_both(plan, h1_2025):
    # README "Year-on-year change": A 100 → 104, B 50 → 51, C only this year (left out): (155 - 150) / 150 = 3.3%.
    h1_2024 = f.period(plan, "2024-H1", is_open=False)
    a, b, c = dolisas(3)
    seven = target(plan, "7")
    f.figure(f.report(a, h1_2024), seven, 100)
    f.figure(f.report(b, h1_2024), seven, 50)
    f.figure(f.report(a, h1_2025), seven, 104)
    f.figure(f.report(b, h1_2025), seven, 51)
    f.figure(f.report(c, h1_2025), seven, 999)

    fig = national(h1_2025, "7")

    assert (fig.numerator, fig.denominator) == (155, 150)
    assert fig.value == Decimal("3.3")
    assert fig.covered == 2
    assert fig.compared_period == h1_2024
    assert fig.status == MET  # within 3-5%
    assert aggregation.province_figures(h1_2025)[(a.pk, "7")] == Decimal("4.0")
    assert aggregation.province_figures(h1_2025)[(c.pk, "7")] is None  # reported, but nothing to compare


def test_cumulative_coverage_is_ever_inspected_over_businesses_and_on_track_on_the_straight_line(plan):
    # README "Cumulative coverage": 8b must reach 100% by the end of 2025; at the end of 2024 the line is at 75%.
    fy_2024 = f.period(plan, "2024-FY", is_open=False)
    a, b = dolisas(2)
    eight_b = target(plan, "8b")
    f.figure(f.report(a, fy_2024), eight_b, 70, 100)
    f.figure(f.report(b, fy_2024), eight_b, 90, 100)

    fig = national(fy_2024, "8b")

    assert fig.value == Decimal("80.0")
    assert fig.path_value == Decimal("75.0")
    assert fig.status == ON_TRACK


def test_cumulative_coverage_below_the_line_is_off_track(plan):
    fy_2024 = f.period(plan, "2024-FY", is_open=False)
    (a,) = dolisas(1)
    f.figure(f.report(a, fy_2024), target(plan, "8b"), 50, 100)
    assert national(fy_2024, "8b").status == OFF_TRACK


def test_a_target_not_met_is_on_track_when_better_than_the_same_period_last_year(plan, h1_2025):
    # Given 3a at 50% in 2024-H1 and 60% in 2025-H1 (threshold 70%), 3b at 50% then 40%
    h1_2024 = f.period(plan, "2024-H1", is_open=False)
    (a,) = dolisas(1)
    last, now = f.report(a, h1_2024), f.report(a, h1_2025)
    f.figure(last, target(plan, "3a"), 50, 100)
    f.figure(now, target(plan, "3a"), 60, 100)
    f.figure(last, target(plan, "3b"), 50, 100)
    f.figure(now, target(plan, "3b"), 40, 100)

    assert national(h1_2025, "3a").status == ON_TRACK
    assert national(h1_2025, "3b").status == OFF_TRACK
    assert national(h1_2024, "3a").status == OFF_TRACK  # nothing to compare with


def test_only_accepted_reports_count_unless_submitted_ones_are_asked_for(plan, h1_2025):
    a, b, c = dolisas(3)
    f.figure(f.report(a, h1_2025, "accepted"), target(plan, "1"), 1, 10)
    f.figure(f.report(b, h1_2025, "submitted"), target(plan, "1"), 90, 100)
    f.figure(f.report(c, h1_2025, "draft"), target(plan, "1"), 100, 100)

    accepted = national(h1_2025, "1")
    provisional = national(h1_2025, "1", include_submitted=True)

    assert (accepted.value, accepted.covered, accepted.is_provisional) == (Decimal("10.0"), 1, False)
    assert (provisional.value, provisional.covered, provisional.is_provisional) == (Decimal("82.7"), 2, True)
    assert set(aggregation.province_figures(h1_2025)) == {(a.pk, "1")}
    assert set(aggregation.province_figures(h1_2025, include_submitted=True)) == {(a.pk, "1"), (b.pk, "1")}


def test_a_ministry_figure_is_not_added_to_the_provinces_for_a_provincial_target(plan, h1_2025):
    # Bộ Công an also reports 8a; the national figure adds up the provinces' own (no double count).
    police = Agency.objects.get(code="bo-cong-an")
    (a,) = dolisas(1)
    f.figure(f.report(a, h1_2025), target(plan, "8a"), 30, 100)
    f.figure(f.report(police, h1_2025), target(plan, "8a"), 900, 1000)
    assert national(h1_2025, "8a").value == Decimal("30.0")


def test_expected_reporters_match_the_reporting_obligations(plan, h1_2025):
    obligations = period_obligations(h1_2025)
    for fig in aggregation.national_figures(h1_2025):
        t = fig.target
        obliged = [a for a in obligations.agencies if any(x.pk == t.pk for x in obligations.targets[a.pk])]
        if t.level == "central":
            obliged = [a for a in obliged if a.kind not in aggregation.PROVINCIAL_KINDS]
        else:
            obliged = [a for a in obliged if a.kind == Agency.Kind.PROVINCIAL_DOLISA]
        assert fig.expected == len(obliged), t.code


def test_cached_figures_are_recomputed_after_the_generation_is_bumped(plan, h1_2025):
    # Given figures computed and cached
    a, b = dolisas(2)
    f.figure(f.report(a, h1_2025), target(plan, "1"), 1, 10)
    assert national(h1_2025, "1").value == Decimal("10.0")
    # When a report is accepted without a bump, the cached figure stays; after the bump, it is new
    f.figure(f.report(b, h1_2025), target(plan, "1"), 90, 100)
    assert national(h1_2025, "1").value == Decimal("10.0")
    bump_dashboard_generation()
    assert national(h1_2025, "1").value == Decimal("82.7")


def fill(plan, n_provinces, years):
    periods = [f.period(plan, f"{y}-{k}", is_open=False) for y in years for k in ("H1", "FY")]
    targets = list(plan.targets.all())
    for agency in dolisas(n_provinces):
        for p in periods:
            r = f.report(agency, p)
            for t in targets:
                if t.measure == "yes_no_share":
                    f.figure(r, t, yes_no=True)
                else:
                    f.figure(r, t, 5, 10)
    return periods


@pytest.mark.parametrize(("n_provinces", "years"), [(3, [2025]), (20, [2022, 2023, 2024])])
def test_the_figures_table_takes_the_same_queries_at_any_size(plan, n_provinces, years, django_assert_num_queries):
    periods = fill(plan, n_provinces, years)
    # periods, targets, agencies, successions, provinces' chosen departments, named reporters, sums,
    # year-on-year sums (the successions' agencies are prefetched only when there are successions)
    with django_assert_num_queries(8):
        table = aggregation.targets_by_period(plan, include_submitted=True)
    assert len(table.cells) == len(periods) * 16
    with django_assert_num_queries(1):
        aggregation.province_figures(periods[-1])


def test_a_change_above_the_band_is_not_met_and_on_track_only_when_it_comes_back_towards_it(plan):
    # Target 7 wants +3-5% a year: +10% is outside the band; falling from +10% to +8% moves towards it.
    seven = target(plan, "7")
    (a,) = dolisas(1)
    years = {2022: 1000, 2023: 1100, 2024: 1188}
    periods = {y: f.period(plan, f"{y}-FY", is_open=False) for y in years}
    for year, cases in years.items():
        f.figure(f.report(a, periods[year]), seven, cases)

    y2023, y2024 = national(periods[2023], "7"), national(periods[2024], "7")

    assert (y2023.value, y2023.status) == (Decimal("10.0"), OFF_TRACK)
    assert (y2024.value, y2024.status) == (Decimal("8.0"), ON_TRACK)


def test_cached_province_figures_follow_the_generation(plan, h1_2025):
    from dashboards.selectors import cached_province_figures

    a, b = dolisas(2)
    f.figure(f.report(a, h1_2025), target(plan, "1"), 1, 10)
    assert set(cached_province_figures(h1_2025, False)) == {(a.pk, "1")}
    f.figure(f.report(b, h1_2025), target(plan, "1"), 90, 100)
    assert set(cached_province_figures(h1_2025, False)) == {(a.pk, "1")}
    assert set(cached_province_figures(h1_2025, True)) == {(a.pk, "1"), (b.pk, "1")}  # never cached
    bump_dashboard_generation()
    assert set(cached_province_figures(h1_2025, False)) == {(a.pk, "1"), (b.pk, "1")}


# -- README "Status": a figure that covers too few of the expected reporters is not judged ---------


def test_every_province_having_a_plan_is_not_claimed_on_the_answers_of_23_of_63(plan, h1_2025, settings):
    # Target 4 (100% of provinces have a plan): 23 "có" of 23 answers is 100% of those that answered,
    # 23/63 of the provinces; the 40 silent ones decide it, so the status says so.
    settings.INDICATOR_MIN_COVERAGE_PERCENT = 80
    for agency in dolisas(23):
        f.figure(f.report(agency, h1_2025), target(plan, "4"), yes_no=True)

    fig = national(h1_2025, "4")

    assert (fig.value, fig.coverage_text) == (Decimal("100.0"), "23/63 tỉnh")
    assert (fig.status, fig.status_label) == (INSUFFICIENT, "Chưa đủ số liệu")


def test_a_share_of_provinces_is_judged_over_the_expected_provinces(plan, h1_2025, settings):
    # Target 5 (at least 50% of provinces): 32 "có" is half of 63 whatever the others say; target 4
    # (100%) with one "không" can no longer be met, however few have answered.
    settings.INDICATOR_MIN_COVERAGE_PERCENT = 80
    provinces = dolisas(33)
    for agency in provinces[:32]:
        f.figure(f.report(agency, h1_2025), target(plan, "5"), yes_no=True)
    f.figure(f.report(provinces[32], h1_2025), target(plan, "4"), yes_no=False)

    assert national(h1_2025, "5").status == MET
    assert national(h1_2025, "4").status == OFF_TRACK


def test_a_ratio_covering_fewer_than_the_minimum_share_of_provinces_is_not_judged(plan, h1_2025, settings):
    # 50 of 63 provinces is 79% < 80%: "chưa đủ số liệu" even at 90%; 51 of 63 (81%) is judged.
    settings.INDICATOR_MIN_COVERAGE_PERCENT = 80
    provinces = dolisas(51)
    for agency in provinces[:50]:
        f.figure(f.report(agency, h1_2025), target(plan, "1"), 90, 100)
    assert national(h1_2025, "1").status == INSUFFICIENT

    f.figure(f.report(provinces[50], h1_2025), target(plan, "1"), 90, 100)
    bump_dashboard_generation()
    assert national(h1_2025, "1").status == MET


def test_the_minimum_coverage_reads_its_setting(settings):
    settings.INDICATOR_MIN_COVERAGE_PERCENT = 80
    assert aggregation.covers_enough(51, 63) and not aggregation.covers_enough(50, 63)
    assert aggregation.covers_enough(4, 4) and not aggregation.covers_enough(3, 4)
    settings.INDICATOR_MIN_COVERAGE_PERCENT = 50
    assert aggregation.covers_enough(32, 63)
