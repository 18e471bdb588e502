"""The dashboards at the size of the communes: pages that stay one page long, the same queries at
63 and at 300+ units, and a search, sort, filters and pages that find the right rows.

The extra units are bulk-created (a People's Committee and its DOLISA each, "Thử nghiệm n"), with
an accepted report for 2025-H1 holding target 1 at n/10 percent, so the test stays cheap.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Agency
from dashboards import selectors
from indicators import aggregation
from indicators.cache import REPORTS, STRUCTURE, bump_generation
from plan808.clock import HANOI
from reporting.models import IndicatorFigure, Report
from tests import factories as f

pytestmark = pytest.mark.django_db

ADDED = 240
LIMIT = 1024 * 1024  # no dashboard answers more than 1 MB of HTML

PAGES = [
    ("dashboards:national", {}),
    ("dashboards:provinces", {}),
    ("dashboards:province", {"code": "so-ldtbxh-ha-noi"}),
    ("dashboards:tasks", {}),
    ("dashboards:task", {"code": "1.1"}),
    ("dashboards:submissions", {}),
]


@pytest.fixture
def period(plan):
    return f.period(plan, "2025-H1", is_open=False)


def add_units(plan, period, n=ADDED) -> list[Agency]:
    """``n`` provincial units, each with an accepted 2025-H1 report: target 1 at unit/10 %."""
    committees = Agency.objects.bulk_create(
        Agency(
            code=f"ubnd-quy-mo-{i}",
            name=f"Ủy ban nhân dân tỉnh Thử nghiệm {i}",
            kind=Agency.Kind.PROVINCIAL_COMMITTEE,
            province_kind="tỉnh",
        )
        for i in range(1, n + 1)
    )
    units = Agency.objects.bulk_create(
        Agency(
            code=f"so-ldtbxh-quy-mo-{i}",
            name=f"Sở Lao động - Thương binh và Xã hội tỉnh Thử nghiệm {i}",
            kind=Agency.Kind.PROVINCIAL_DOLISA,
            parent=committee,
        )
        for i, committee in enumerate(committees, start=1)
    )
    on_time = datetime.datetime.combine(period.due_date, datetime.time(9), tzinfo=HANOI)
    late = on_time + datetime.timedelta(days=3)
    reports = Report.objects.bulk_create(
        Report(
            agency=unit,
            period=period,
            status=Report.Status.ACCEPTED,
            first_submitted_at=late if i % 4 == 0 else on_time,
            submitted_at=late if i % 4 == 0 else on_time,
            accepted_at=on_time,
        )
        for i, unit in enumerate(units, start=1)
    )
    one = plan.targets.get(code="1")
    IndicatorFigure.objects.bulk_create(
        IndicatorFigure(report=r, target=one, numerator=i, denominator=1000, months=[])
        for i, r in enumerate(reports, start=1)
    )
    # Bulk-created rows send no signals: a bulk loader says itself that the cached pages are stale.
    bump_generation(STRUCTURE)
    bump_generation(REPORTS)
    return units


def get(client, name, kwargs=None, **params):
    return client.get(reverse(name, kwargs=kwargs or {}), {"ky": "2025-H1", **params})


def measure(client, name, kwargs):
    cache.clear()  # cold: what the page costs once its cached parts are stale
    with CaptureQueriesContext(connection) as ctx:
        response = get(client, name, kwargs, tam_tinh="1")
    assert response.status_code == 200, name
    return len(ctx.captured_queries), len(response.content)


def body_rows(response, table_class: str) -> int:
    html = response.content.decode()
    table = html.split(f'<table class="{table_class}', 1)[1].split("</table>", 1)[0]
    return table.split("<tbody>", 1)[1].count("<tr")


def test_every_long_list_takes_the_same_queries_and_stays_under_a_megabyte(client, reviewer, plan, period):
    # Given the 63 provinces, then 240 units more (303: the heat map takes four pages)
    client.force_login(reviewer)
    small = {name: measure(client, name, kw) for name, kw in PAGES}

    add_units(plan, period)
    big = {name: measure(client, name, kw) for name, kw in PAGES}

    # Then no page takes one query more, none passes 1 MB, and the lists grow by one page at most
    assert {name: q for name, (q, _b) in big.items()} == {name: q for name, (q, _b) in small.items()}
    for name, (_q, size) in big.items():
        assert size < LIMIT, (name, size)
        assert size < 2 * small[name][1] + 20_000, (name, small[name][1], size)
    heat = get(client, "dashboards:provinces")
    assert body_rows(heat, "data heat") == selectors.ROWS_PER_PAGE
    assert heat.context["page"].paginator.num_pages == 4
    task = get(client, "dashboards:task", {"code": "1.1"})
    assert len(task.context["progress"]) == selectors.ROWS_PER_PAGE
    assert task.context["progress_page"].total >= 63 + ADDED


def test_the_heat_map_sorts_every_unit_before_cutting_the_page_and_keeps_missing_last(client, reviewer, plan, period):
    add_units(plan, period)
    client.force_login(reviewer)

    first = get(client, "dashboards:provinces", sap_xep="1")
    last = get(client, "dashboards:provinces", sap_xep="1", trang="4")
    descending = get(client, "dashboards:provinces", sap_xep="-1")
    descending_last = get(client, "dashboards:provinces", sap_xep="-1", trang="4")

    def values(response):
        return [row.cells[0].value for row in response.context["rows"]]

    assert response_target(first) == "1"
    assert values(first)[:3] == [aggregation._decimal(v / 10) for v in (1, 2, 3)]
    assert values(descending)[:2] == [aggregation._decimal(24.0), aggregation._decimal(23.9)]
    # The 63 provinces have no figure: missing, never 0, last both ways.
    assert values(last)[-1] is None and values(descending_last)[-1] is None
    assert all(v is None for v in values(descending_last)[-63:])
    # Several pages: the column heads are links that sort on the server, and say how it is sorted.
    html = first.content.decode()
    assert 'aria-sort="ascending"' in html and "sap_xep=-1" in html
    assert "data-sortable" not in html.split('<table class="data heat', 1)[1].split(">", 1)[0]


def response_target(response):
    return response.context["targets"][0].code


def test_a_search_without_tone_marks_finds_the_units_and_keeps_the_filters_on_each_page(client, reviewer, plan, period):
    add_units(plan, period)
    client.force_login(reviewer)

    found = get(client, "dashboards:provinces", tim="thu nghiem 17")
    names = [row.name for row in found.context["rows"]]
    assert names and all("Thử nghiệm 17" in name for name in names)
    assert set(names) == {"Thử nghiệm 17", *(f"Thử nghiệm {n}" for n in range(170, 180))}
    hanoi = get(client, "dashboards:provinces", tim="HA NOI")
    assert [row.name for row in hanoi.context["rows"]] == ["Hà Nội"]
    nothing = get(client, "dashboards:provinces", tim="không có đơn vị này")
    assert nothing.status_code == 200 and nothing.context["rows"] == []
    # The pages' links keep the period, the search and the sort
    sorted_pages = get(client, "dashboards:provinces", sap_xep="-1")
    assert "ky=2025-H1&amp;sap_xep=-1&amp;trang=2" in sorted_pages.content.decode()


def test_the_submissions_page_counts_every_report_and_lists_one_filtered_page(client, reviewer, plan, period):
    add_units(plan, period)
    client.force_login(reviewer)

    everything = get(client, "dashboards:submissions")
    data = everything.context["data"]
    late = get(client, "dashboards:submissions", han="late").context["data"]
    central = get(client, "dashboards:submissions", nhom="trung-uong").context["data"]
    found = get(client, "dashboards:submissions", tim="thu nghiem 12").context["data"]
    bad = get(client, "dashboards:submissions", han="<script>", nhom="x", trang="999")

    # The counts are over every expected report, the list is one page
    assert data.expected == len(data.rows) >= 63 + ADDED
    assert data.late == ADDED // 4 and data.on_time == ADDED - ADDED // 4
    assert len(data.page.object_list) == selectors.ROWS_PER_PAGE == len(data.history)
    assert body_rows(everything, "data") == selectors.ROWS_PER_PAGE
    summary = data.history_summary[-1]
    assert summary["on_time"] + summary["late"] == ADDED
    # A filter narrows the list, never the counts
    assert late.page.paginator.count == ADDED // 4 and all(r.timeliness == "late" for r in late.page)
    assert late.expected == data.expected
    assert central.page.paginator.count > 0
    assert all(r.agency.kind not in aggregation.PROVINCIAL_KINDS for r in central.page)
    assert {r.agency.name.rsplit(" ", 1)[1] for r in found.page} == {"12", *(str(n) for n in range(120, 130))}
    # Unknown filter values are ignored and a page past the end shows the last page, never a 500
    assert bad.status_code == 200
    assert bad.context["data"].timeliness == "" and bad.context["data"].group == ""
    assert bad.context["page"].number == bad.context["page"].paginator.num_pages


def test_the_national_page_names_the_lowest_units_without_building_the_heat_map(client, reviewer, plan, period):
    add_units(plan, period)
    client.force_login(reviewer)

    response = get(client, "dashboards:national")

    card = next(c for c in response.context["cards"] if c["figure"].target.code == "1")
    assert [(row.name, value) for row, value in card["lowest"]] == [
        ("Thử nghiệm 1", aggregation._decimal(0.1)),
        ("Thử nghiệm 2", aggregation._decimal(0.2)),
        ("Thử nghiệm 3", aggregation._decimal(0.3)),
    ]


def test_a_province_page_computes_that_province_only(client, reviewer, plan, period, monkeypatch):
    units = add_units(plan, period, 5)
    calls = []
    real = aggregation.province_figures

    def spy(*args, **kwargs):
        calls.append(kwargs.get("agency_ids"))
        return real(*args, **kwargs)

    monkeypatch.setattr(aggregation, "province_figures", spy)
    client.force_login(reviewer)

    response = get(client, "dashboards:province", {"code": units[2].code})

    assert calls == [[units[2].pk]]
    row = next(r for r in response.context["rows"] if r["national"].target.code == "1")
    assert row["cell"].value == aggregation._decimal(0.3) and row["cell"].reported


def test_province_figures_narrowed_to_some_units_equal_the_full_computation(plan, period):
    h1_2024 = f.period(plan, "2024-H1", is_open=False)
    a, b = Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_DOLISA).order_by("code")[:2]
    seven = plan.targets.get(code="7")
    f.figure(f.report(a, h1_2024), seven, 100)
    f.figure(f.report(a, period), seven, 104)
    f.figure(f.report(b, period), seven, 20)

    full = aggregation.province_figures(period)
    only_a = aggregation.province_figures(period, agency_ids=[a.pk])

    assert only_a == {key: value for key, value in full.items() if key[0] == a.pk}
    assert only_a[(a.pk, "7")] == aggregation._decimal(4.0)
    assert full[(b.pk, "7")] is None  # nothing a year before to compare with
