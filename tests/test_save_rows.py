"""reporting.services._save_rows writes what QuerySet.bulk_update would, built cheaper (issue 10, item 3):
each row's own values, a column every row shares set once, JSON and NULL kept, one history row each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import services
from reporting.models import IndicatorFigure, TaskProgress, TaskStatus
from tests.reporting_helpers import reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


def test_each_row_gets_its_own_values_and_one_history_row(report, hanoi_officer):
    figures = list(IndicatorFigure.objects.filter(report=report).order_by("pk"))[:3]
    tasks = list(TaskProgress.objects.filter(report=report).order_by("pk"))[:3]
    assert len(figures) == 3 and len(tasks) == 3
    figures[0].numerator, figures[1].numerator, figures[2].numerator = 7, None, 12_345_678_901
    figures[0].months, figures[1].months, figures[2].months = ["2025-01"], [], ["2025-02", "2025-03"]
    for figure in figures:
        figure.note = "Cùng một ghi chú"  # the same in every row: set once, not as a CASE
    tasks[0].status, tasks[1].status, tasks[2].status = TaskStatus.DONE, TaskStatus.IN_PROGRESS, ""
    tasks[0].results, tasks[1].results, tasks[2].results = "Xong", "Đang làm", ""
    history_before = IndicatorFigure.history.count(), TaskProgress.history.count()

    with CaptureQueriesContext(connection) as ctx:
        services._save_rows(figures, IndicatorFigure, ["numerator", "months", "note"], hanoi_officer)
        services._save_rows(tasks, TaskProgress, ["status", "results"], hanoi_officer)
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 2  # one UPDATE a model
    assert "CASE" in updates[0] and "CASE" not in updates[0].split('"note" =')[1].split(",")[0]

    saved = {f.pk: f for f in IndicatorFigure.objects.filter(pk__in=[f.pk for f in figures])}
    assert [(saved[f.pk].numerator, saved[f.pk].months, saved[f.pk].note) for f in figures] == [
        (7, ["2025-01"], "Cùng một ghi chú"),
        (None, [], "Cùng một ghi chú"),
        (12_345_678_901, ["2025-02", "2025-03"], "Cùng một ghi chú"),
    ]
    rows = {t.pk: t for t in TaskProgress.objects.filter(pk__in=[t.pk for t in tasks])}
    assert [(rows[t.pk].status, rows[t.pk].results) for t in tasks] == [
        (TaskStatus.DONE, "Xong"),
        (TaskStatus.IN_PROGRESS, "Đang làm"),
        ("", ""),
    ]
    # rows not passed are left as they were
    others = IndicatorFigure.objects.filter(report=report).exclude(pk__in=[f.pk for f in figures])
    assert not others.filter(note="Cùng một ghi chú").exists()
    # the audit: one history row per saved row, by the user
    assert (IndicatorFigure.history.count(), TaskProgress.history.count()) == (
        history_before[0] + 3,
        history_before[1] + 3,
    )
    last = IndicatorFigure.history.filter(id=figures[2].pk).latest("history_date")
    assert last.history_user == hanoi_officer and last.numerator == 12_345_678_901 and last.history_type == "~"


def test_a_save_compares_with_the_latest_earlier_report_read_in_one_query(h1, plan, hanoi_officer):
    from reporting.models import IndicatorFigure as Figure
    from tests.reporting_helpers import filled_report, periods

    # two earlier reports sent: 2024-H1 says 300 communes, 2024-FY (the latest before h1) 579
    older = services.report_submit(report=filled_report(periods(plan)["2024-H1"], hanoi_officer), user=hanoi_officer)
    services.report_submit(report=filled_report(periods(plan)["2024-FY"], hanoi_officer), user=hanoi_officer)
    Figure.objects.filter(report=older, target__code="1").update(numerator=290, denominator=300)
    report = filled_report(h1, hanoi_officer)

    with CaptureQueriesContext(connection) as ctx:
        report = services.report_save(
            report=report,
            user=hanoi_officer,
            data={"figures": {"1": {"numerator": "290", "denominator": "300"}}},
            expected_version=report.version,
        )
    # compared with 2024-FY's 579, not 2024-H1's 300
    assert "so với kỳ trước (579 → 300)" in report.figures.get(target__code="1").warning
    earlier = [q["sql"] for q in ctx.captured_queries if '"first_submitted_at" IS NOT NULL' in q["sql"]]
    assert len(earlier) == 1 and "reporting_indicatorfigure" in earlier[0]  # the figures, in the same query
    assert not any('FROM "indicators_target"' in q["sql"] for q in ctx.captured_queries)
