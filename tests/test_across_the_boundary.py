"""Dashboards across the 2025 boundary (issue 13, item 4): a national figure is the same in either
structure, a regrouped province is the sum of its predecessors, year-on-year change compares like with
like, 8b is asked every year, and the rule for targets counting districts and communes from 2025-FY is
stated and applied (indicators/README.md, "Across the 2025 boundary")."""

from decimal import Decimal

import pytest
from django.urls import reverse

from agencies.models import Agency
from dashboards import selectors as dash
from indicators import aggregation
from reporting.obligations import period_obligations
from tests import factories as f

pytestmark = pytest.mark.django_db


def health(code: str) -> Agency:
    return Agency.objects.get(code=f"so-y-te-{code}-2025")


@pytest.fixture
def figures(reorganised):
    """Accepted figures of target 1 (ratio) and 7 (year-on-year) on both sides of 1 July 2025."""
    plan = reorganised
    one, seven = plan.targets.get(code="1"), plan.targets.get(code="7")
    fy_2024 = f.period(plan, "2024-FY", is_open=False)
    fy_2025 = f.period(plan, "2025-FY", is_open=False)
    for agency, (num, den), cases in (
        (f.dolisa("ha-giang"), (10, 100), 20),
        (f.dolisa("tuyen-quang"), (30, 50), 30),
        (f.dolisa("ha-noi"), (40, 80), 100),
    ):
        report = f.report(agency, fy_2024)
        f.figure(report, one, num, den)
        f.figure(report, seven, cases)
    for agency, (num, den), cases in (
        (health("tuyen-quang"), (70, 140), 55),
        (health("ha-noi"), (50, 100), 104),
    ):
        report = f.report(agency, fy_2025)
        f.figure(report, one, num, den)
        f.figure(report, seven, cases)
    return plan, fy_2024, fy_2025


def national(period, code):
    return next(fig for fig in aggregation.national_figures(period) if fig.target.code == code)


def test_a_regrouped_province_is_the_sum_of_its_predecessors(figures):
    _plan, fy_2024, _ = figures
    groups = aggregation.regrouped_province_figures(fy_2024, dash.provinces_today(), day=fy_2024.due_date.replace(2026))
    tuyen_quang = groups[(health("tuyen-quang").pk, "1")]
    # Hà Giang 10/100 + Tuyên Quang 30/50 = 40/150 (ratio of sums), not the mean of 10% and 60%
    assert (tuyen_quang.numerator, tuyen_quang.denominator, tuyen_quang.value) == (40, 150, Decimal("26.7"))
    assert groups[(health("ha-noi").pk, "1")].value == Decimal("50.0")
    # year-on-year in a group compares the same group a year before: none in 2024's data here
    assert groups[(health("tuyen-quang").pk, "7")].numerator == 50


def test_a_regrouped_province_whose_predecessors_answered_differently_reads_as_a_share(figures):
    from dashboards.selectors import Cell
    from dashboards.templatetags.dashboards import cell_value

    plan, fy_2024, _ = figures
    four = plan.targets.get(code="4")
    for code, answer in (("ha-giang", True), ("tuyen-quang", False)):
        f.figure(f.dolisa(code).reports.get(period=fy_2024), four, yes_no=answer)
    groups = aggregation.regrouped_province_figures(fy_2024, dash.provinces_today(), day=fy_2024.due_date.replace(2026))
    group = groups[(health("tuyen-quang").pk, "4")]
    assert (group.numerator, group.denominator, group.value) == (1, 2, Decimal("50.0"))
    assert cell_value(Cell(four, group.value, True)) == "50,0%"  # not "Có"
    assert cell_value(Cell(four, Decimal(100), True)) == "Có"


def test_the_national_figure_of_a_period_is_the_same_in_both_structures(figures):
    _plan, fy_2024, _ = figures
    fig = national(fy_2024, "1")
    groups = aggregation.regrouped_province_figures(fy_2024, dash.provinces_today(), day=fy_2024.due_date.replace(2026))
    regrouped = [g for (_pk, code), g in groups.items() if code == "1"]
    assert (fig.numerator, fig.denominator) == (80, 230)
    assert (sum(g.numerator for g in regrouped), sum(g.denominator for g in regrouped)) == (80, 230)
    as_reported = aggregation.province_figures(fy_2024)
    assert len([k for k in as_reported if k[1] == "1"]) == 3 and len(regrouped) == 2


def test_year_on_year_compares_like_with_like_across_the_boundary(figures):
    _plan, _, fy_2025 = figures
    fig = national(fy_2025, "7")
    # 2025: Tuyên Quang 55 + Hà Nội 104 = 159; 2024, the same provinces: (Hà Giang 20 + Tuyên Quang 30) + Hà Nội 100
    assert (fig.numerator, fig.denominator, fig.covered) == (159, 150, 2)
    assert fig.value == Decimal("6.0")


def test_a_merged_province_is_left_out_of_year_on_year_when_a_predecessor_did_not_report(figures):
    _plan, _, fy_2025 = figures
    f.dolisa("ha-giang").reports.get().figures.filter(target__code="7").delete()
    fig = national(fy_2025, "7")
    assert (fig.numerator, fig.denominator, fig.covered) == (104, 100, 1)  # Hà Nội only


def test_8b_is_asked_in_every_period_from_2022(reorganised):
    eight_b = reorganised.targets.get(code="8b")
    for code in ("2022-H1", "2022-FY", "2023-FY", "2024-H1", "2024-FY", "2025-H1", "2025-FY"):
        obligations = period_obligations(f.period(reorganised, code, is_open=False))
        provinces = obligations.provinces()
        assert all(eight_b in obligations.targets[p.pk] for p in provinces), code
    fy_2022 = reorganised.periods.get(code="2022-FY")
    f.figure(f.report(f.dolisa("ha-noi"), fy_2022), eight_b, 30, 100)
    assert national(fy_2022, "8b").value == Decimal("30.0")


def test_the_rule_for_districts_and_communes_applies_from_2025_fy_only(figures):
    plan, _, fy_2025 = figures
    h1_2025 = f.period(plan, "2025-H1", is_open=False)
    nine, one, eleven_b, three_a = (plan.targets.get(code=c) for c in ("9", "1", "11b", "3a"))
    assert aggregation.boundary_rule(nine, h1_2025) == ""
    assert "30/06/2025" in aggregation.boundary_rule(nine, fy_2025)
    assert "xã" in aggregation.boundary_rule(one, fy_2025) and "cấp xã" in aggregation.boundary_rule(eleven_b, fy_2025)
    assert aggregation.boundary_rule(three_a, fy_2025) == ""
    assert [t.code for t, _rule in aggregation.boundary_rules(plan, fy_2025)] == ["1", "9", "11b"]


def test_the_provinces_page_switches_to_todays_provinces_and_states_the_rules(client, reviewer, figures):
    client.force_login(reviewer)
    url = reverse("dashboards:provinces")
    as_reported = client.get(url, {"ky": "2024-FY"}).content.decode()
    regrouped = client.get(url, {"ky": "2024-FY", "co_cau": "hien-nay"}).content.decode()
    assert "Hà Giang</a>" in as_reported and 'name="co_cau"' in as_reported
    assert "Hà Giang</a>" not in regrouped and "Tuyên Quang</a>" in regrouped and "26,7" in regrouped
    fy = client.get(url, {"ky": "2025-FY"}).content.decode()
    assert "Cách tính từ kỳ năm 2025" in fy and "30/06/2025" in fy
    assert "Cách tính từ kỳ năm 2025" not in as_reported
    national_page = client.get(reverse("dashboards:national"), {"ky": "2025-FY"}).content.decode()
    assert "Cách tính từ kỳ năm 2025" in national_page
