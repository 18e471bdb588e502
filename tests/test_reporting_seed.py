"""seed_demo: a story in every period, the same on every machine, and nothing new on a second run."""

import time

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from reporting import selectors, services
from reporting.models import IndicatorFigure, Report, ReportingPeriod
from tests.reporting_helpers import reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(Report.objects.values_list("agency__code", "period__code", "status", "first_submitted_at", "version"))


def test_seed_demo_fills_every_period_with_varied_reports_and_a_second_run_changes_nothing(plan, settings):
    settings.DEMO_MODE = True
    # when the demo data is seeded twice
    started = time.monotonic()
    call_command("seed_demo")
    first_run = time.monotonic() - started
    first = snapshot()
    figures = IndicatorFigure.objects.count()
    call_command("seed_demo")
    # then the second run adds or changes nothing
    assert snapshot() == first
    assert IndicatorFigure.objects.count() == figures
    assert first_run < 90
    # every period of 2022-2025 has reports, with every fate among them
    by_period = dict(Report.objects.values_list("period__code").annotate(n=Count("pk")))
    assert sorted(by_period) == [f"{y}-{k}" for y in range(2022, 2026) for k in ("FY", "H1")] + ["2025-TK"]
    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "accepted"}
    rows = [r for p in ReportingPeriod.objects.filter(plan=plan) for r in selectors.period_reports(p)]
    timeliness = {r.timeliness for r in rows}
    assert {"on_time", "late", "missing"} <= timeliness
    # all 63 provinces and the central agencies report, with figures that differ by province
    agencies = set(Report.objects.values_list("agency__kind", flat=True))
    assert {"provincial_dolisa", "ministry", "mass_org", "press"} <= agencies
    assert Report.objects.filter(agency__kind="provincial_dolisa").values("agency").distinct().count() == 63
    communes = set(
        IndicatorFigure.objects.filter(target__code="1", report__period__code="2024-FY").values_list(
            "denominator", flat=True
        )
    )
    assert len(communes) > 40
    # and the end-of-term review is left open for the demo officer of a province of the 34 to fill in
    # (tests/test_end_of_term.py follows that period)
    assert ReportingPeriod.objects.get(plan=plan, code="2025-TK").is_open


def test_seeded_submitted_reports_are_complete_and_go_through_the_workflow(plan, settings, reviewer):
    settings.DEMO_MODE = True
    call_command("seed_demo")
    report = Report.objects.filter(status="submitted").order_by("pk").first()
    assert selectors.report_missing(report=report) == {}
    assert services.report_accept(report=report, user=reviewer).status == "accepted"


def test_seed_demo_refuses_without_demo_mode(plan, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
