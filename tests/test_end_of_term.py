"""The end of the plan (issue 13, item 6): the end-of-term review (báo cáo tổng kết) is a period of its own
that an admin opens with its due day; its form asks for lessons and proposals for the next programme and
shows, beside each figure, what the accepted annual reports of the term already say."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from agencies.models import Agency
from reporting import selectors, services
from reporting.fields import REPORT_FIELDS
from reporting.models import ReportingPeriod
from reporting.obligations import period_obligations
from tests import factories as f
from tests.conftest import make_user
from tests.reporting_helpers import reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_open_end_of_term_command_opens_one_review_over_the_whole_term(reorganised):
    # When an admin opens the review from the command line, twice
    call_command("open_end_of_term", due="2027-01-15")
    review = ReportingPeriod.objects.get(plan=reorganised, kind=ReportingPeriod.Kind.END_OF_TERM)
    history = review.history.count()
    call_command("open_end_of_term", due="2027-01-15")

    # Then there is one period, over the plan's whole term, open, with its due day; the second run changed nothing
    assert review.history.count() == history
    assert (review.code, review.year, review.is_open) == ("2025-TK", 2025, True)
    assert review.due_date == datetime.date(2027, 1, 15)
    assert (review.window_start, review.window_end) == (datetime.date(2021, 12, 15), datetime.date(2025, 12, 14))
    assert review.name == "tổng kết giai đoạn 2022-2025"
    assert review.months[0] == "2022-01" and review.months[-1] == "2025-12" and len(review.months) == 48

    # And the agencies of its due day report: the 34 provinces' Sở Y tế, the Ministry of Health, not MOLISA
    obligations = period_obligations(review)
    provinces = obligations.provinces()
    assert len(provinces) == 34 and {a.kind for a in provinces} == {Agency.Kind.PROVINCIAL_HEALTH}
    codes = {a.code for a in obligations.agencies}
    assert "bo-y-te" in codes and "bo-ldtbxh" not in codes
    # every task of the plan is reported on, even one that ended before 2025 ("năm 2022-2023")
    reported = {t.code for tasks in obligations.tasks.values() for t in tasks}
    assert reported == set(reorganised.tasks.values_list("code", flat=True))
    assert any(t.last_year < 2025 for t in reorganised.tasks.all())


def test_a_due_day_inside_the_term_is_refused_with_the_reason(reorganised):
    with pytest.raises(CommandError, match="14/12/2025"):
        call_command("open_end_of_term", due="2025-12-01")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("open_end_of_term", due="15/01/2027")
    assert not ReportingPeriod.objects.filter(kind=ReportingPeriod.Kind.END_OF_TERM).exists()


def test_only_an_admin_opens_the_review_through_the_service(reorganised, hanoi_officer, admin_user):
    with pytest.raises(PermissionDenied):
        services.period_open_end_of_term(plan=reorganised, due_date=datetime.date(2027, 1, 15), user=hanoi_officer)
    review, created = services.period_open_end_of_term(
        plan=reorganised, due_date=datetime.date(2027, 1, 15), user=admin_user
    )
    assert created and review.history.latest().history_user == admin_user


@pytest.fixture
def tuyen_quang(reorganised):
    """Accepted annual figures of target 1: Hà Giang 10/100 and Tuyên Quang 30/50 in 2024, the merged
    Tuyên Quang's Sở Y tế 70/140 in 2025; then its end-of-term review, started by its officer."""
    target = reorganised.targets.get(code="1")
    year_2024 = f.period(reorganised, "2024-FY", is_open=False)
    for code, numerator, denominator in (("ha-giang", 10, 100), ("tuyen-quang", 30, 50)):
        report = f.report(f.dolisa(code), year_2024)
        f.figure(report, target, numerator, denominator)
    health = Agency.objects.get(code="so-y-te-tuyen-quang-2025")
    f.figure(f.report(health, f.period(reorganised, "2025-FY", is_open=False)), target, 70, 140)
    # a report still under review counts for nothing
    f.figure(f.report(f.dolisa("tuyen-quang"), f.period(reorganised, "2023-FY"), "submitted"), target, 1, 1)
    officer = make_user("tq", "so-y-te-tuyen-quang-2025", "provincial_officer")
    review, _ = services.period_open_end_of_term(plan=reorganised, due_date=datetime.date(2027, 1, 15))
    return services.report_start(agency=health, period=review, user=officer), officer


def test_the_review_shows_the_terms_accepted_figures_predecessors_summed(tuyen_quang):
    report, _officer = tuyen_quang
    term = selectors.term_figures(report)[report.period.plan.targets.get(code="1").pk]
    by_year = {y.year: (y.numerator, y.denominator) for y in term.years}
    assert by_year == {2022: (None, None), 2023: (None, None), 2024: (40, 150), 2025: (70, 140)}
    total = term.total
    assert (total.numerator, total.denominator) == (110, 290)  # ratio of sums over the term
    assert total.percent == round(110 * 100 / 290, 1)


def test_the_review_form_asks_for_lessons_and_shows_the_figures_beside_the_inputs(client, tuyen_quang):
    report, officer = tuyen_quang
    client.force_login(officer)
    page = client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert 'name="lessons"' in page and "Bài học kinh nghiệm" in page
    assert "Đề xuất, kiến nghị cho Chương trình giai đoạn tiếp theo" in page
    assert 'name="fig-1-numerator"' in page and "term-figures" in page
    assert "Cả giai đoạn" in page and "37,9" in page  # 110/290 over the term, written as Vietnamese write it

    # lessons are asked before it can be sent, and saved like any text
    assert selectors.report_missing(report=report)["lessons"] == REPORT_FIELDS["lessons"].missing_message
    response = client.post(
        reverse("report-edit", args=[report.pk]),
        {"version": str(report.version), "action": "save", "lessons": "Phối hợp liên ngành là then chốt."},
    )
    assert response.status_code in (200, 302)
    report.refresh_from_db()
    assert report.lessons == "Phối hợp liên ngành là then chốt."
    assert "lessons" not in selectors.report_missing(report=report)


def test_a_half_year_report_neither_asks_for_lessons_nor_shows_term_figures(client, hanoi_officer, plan):
    report = services.report_start(agency=hanoi_officer.agency, period=f.period(plan, "2025-H1"), user=hanoi_officer)
    client.force_login(hanoi_officer)
    page = client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert 'name="lessons"' not in page and "term-figures" not in page
    assert "lessons" not in selectors.report_missing(report=report)
    assert selectors.term_figures(report) == {}
