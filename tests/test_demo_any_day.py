"""A demo that makes sense on any day (issue 13, item 7): history keeps its real due days with submission
times placed around them, and one period, the end-of-term review, is open with its due day ahead of the
day the demo is seeded, for a demo officer of a province of the 34."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from agencies.models import Agency
from plan808.clock import HANOI, hanoi_today
from reporting import selectors, services
from reporting.models import Report, ReportingPeriod
from reporting.obligations import period_obligations
from tests.reporting_helpers import reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db

# A day long after the plan, as in a demo installed years later.
SEEDING_DAY = datetime.datetime(2028, 3, 9, 10, 0, tzinfo=HANOI)


@pytest.fixture
def seeded(reorganised, settings):
    settings.DEMO_MODE = True
    with time_machine.travel(SEEDING_DAY, tick=False):
        call_command("seed_demo_users")
        call_command("seed_demo")
        yield reorganised


def test_one_period_is_open_the_review_due_after_the_seeding_day(seeded):
    open_periods = list(ReportingPeriod.objects.filter(plan=seeded, is_open=True))
    assert [p.code for p in open_periods] == ["2025-TK"]
    review = open_periods[0]
    assert review.due_date > hanoi_today() == SEEDING_DAY.date()
    # every half-year and year keeps its real due day (20 June, 20 December) and is closed
    for period in ReportingPeriod.objects.filter(plan=seeded).exclude(pk=review.pk):
        assert (period.due_date.month, period.due_date.day) in {(6, 20), (12, 20)}
        assert not period.is_open
    # what the review shows so far was sent on time, before the seeding day
    sent = Report.objects.filter(period=review, first_submitted_at__isnull=False)
    assert sent.exists()
    assert all(r.first_submitted_at < SEEDING_DAY and r.is_on_time for r in sent)
    # enough provinces' reviews accepted already for the national figure of the review to mean something
    # (the production journey compares it with ten of them at least)
    assert Report.objects.filter(period=review, status="accepted", agency__kind="provincial_health").count() >= 10


def test_history_is_on_time_or_late_by_design_never_by_the_seeding_day(seeded):
    history = Report.objects.filter(period__plan=seeded, first_submitted_at__isnull=False).exclude(
        period__kind=ReportingPeriod.Kind.END_OF_TERM
    )
    delays = [(r.first_submitted_at - r.period.deadline).days for r in history.select_related("period")]
    assert delays and max(delays) <= 25 and min(delays) >= -15  # not "late by 500 days"
    assert any(d < 0 for d in delays) and any(d >= 0 for d in delays)  # on time mostly, late sometimes


def test_demo_officers_for_a_province_of_the_63_and_one_of_the_34(seeded):
    # 2025-H1 expects the 63 DOLISAs, 2025-FY the 34 Sở Y tế; both demo officers' agencies are among them
    h1, fy = (ReportingPeriod.objects.get(plan=seeded, code=c) for c in ("2025-H1", "2025-FY"))
    assert len(period_obligations(h1).provinces()) == 63 and len(period_obligations(fy).provinces()) == 34
    old, new = Agency.objects.get(code="so-ldtbxh-ha-noi"), Agency.objects.get(code="so-y-te-ha-noi-2025")
    assert old in period_obligations(h1).provinces() and new in period_obligations(fy).provinces()
    assert Report.objects.filter(agency=old, period__year__lt=2025).count() >= 5  # Hà Nội's DOLISA has its history

    # the newcomer's journey: the Sở Y tế officer starts the open review and may send it on the day
    from accounts.models import User

    officer = User.objects.get(username="soytehanoi")
    review = ReportingPeriod.objects.get(plan=seeded, kind=ReportingPeriod.Kind.END_OF_TERM)
    assert not Report.objects.filter(agency=new, period=review).exists()  # left for the demo
    with time_machine.travel(SEEDING_DAY + datetime.timedelta(days=1), tick=False):
        report = services.report_start(agency=new, period=review, user=officer)
        assert report.figures.exists() and report.task_progress.exists()
        row = next(r for r in selectors.period_reports(review) if r.agency == new)
        assert row.timeliness == selectors.Timeliness.NOT_YET
    assert not new.requires_approval  # the newcomer's send goes straight to the ministry


def test_one_province_approves_its_reports_and_its_review_waits_for_the_approver(seeded):
    from accounts.models import User

    hue = Agency.objects.get(code="so-y-te-hue-2025")
    assert hue.requires_approval and hue.issuing_body == "Ủy ban nhân dân thành phố Huế"
    approver = User.objects.get(username="pheduyethue")
    assert approver.agency == hue and approver.role_codes == {"approver"}
    review = ReportingPeriod.objects.get(plan=seeded, kind=ReportingPeriod.Kind.END_OF_TERM)
    waiting = selectors.awaiting_approval(Report.objects.filter(agency=hue))
    assert [item.report.period for item in waiting] == [review]
    assert waiting[0].report.first_submitted_at is None  # not received by the ministry yet
    # the approver approves it: it reaches the ministry, on time (the review is due weeks ahead)
    report = services.report_approve(report=waiting[0].report, user=approver)
    assert report.status == Report.Status.SUBMITTED and report.is_on_time
