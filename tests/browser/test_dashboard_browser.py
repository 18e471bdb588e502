"""The dashboards in chromium: charts drawn by the vendored Chart.js, the heat map sorted by a click."""

import pytest

from agencies.models import Agency
from tests import factories as f

pytestmark = pytest.mark.browser


def test_every_target_card_draws_its_trend_chart_from_the_portals_own_chart_library(page, login, reviewer, plan):
    f.period(plan, "2025-H1", is_open=False)
    login(page, reviewer)
    page.goto("/bang-dieu-khien/?ky=2025-H1")
    page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length === 16")
    sources = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    assert any(src.endswith("vendor/chartjs/chart.umd.min.js") for src in sources)
    assert all(src.startswith("/") for src in sources)  # served by the portal, no CDN


def test_sorting_the_heat_map_keeps_missing_provinces_last_both_ways(page, login, reviewer, plan):
    # Given 2025-H1 with target 1 at 80% in one province, 20% in another, and no figure elsewhere
    period = f.period(plan, "2025-H1", is_open=False)
    high, low = Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_DOLISA).order_by("code")[:2]
    one = plan.targets.get(code="1")
    f.figure(f.report(high, period), one, 80, 100)
    f.figure(f.report(low, period), one, 20, 100)
    login(page, reviewer)
    page.goto("/bang-dieu-khien/tinh/?ky=2025-H1")
    column = page.locator("table.heat thead tr").first.locator("th").nth(1)
    first_cells = page.locator("table.heat tbody tr td:nth-child(2)")

    # When the reviewer sorts by target 1, ascending then descending
    column.get_by_role("button").click()
    ascending = [first_cells.nth(i).inner_text() for i in range(3)]
    column.get_by_role("button").click()
    descending = [first_cells.nth(i).inner_text() for i in range(3)]

    # Then the two figures lead in order and a province without a figure follows, shown as missing
    assert ascending == ["20,0%", "80,0%", "—"]
    assert descending == ["80,0%", "20,0%", "—"]
    assert column.get_attribute("aria-sort") == "descending"
