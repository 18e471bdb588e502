"""What one save-and-submit of a full report costs in SQL, and that the audit trail stays whole."""

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import IndicatorFigure, Report, TaskProgress
from tests.reporting_helpers import (  # noqa: F401
    complete_data,
    pdf_file,
    periods,
    reporting_test_settings,
    statistics_post,
)

pytestmark = pytest.mark.django_db


def form_post_of(report, data: dict, action: str) -> dict:
    """``data`` (a ``report_save`` payload) as the form posts it."""
    post = {"version": str(report.version), "action": action}
    post.update({k: v for k, v in data.items() if k not in ("figures", "tasks", "statistics")})
    post.update(statistics_post(data))
    for code, values in data["figures"].items():
        for name, value in values.items():
            if name == "yes_no":
                value = "yes" if value else "no"
            post[f"fig-{code}-{name}"] = value
            if name == "months":
                post[f"fig-{code}-months-shown"] = "1"
    for code, values in data["tasks"].items():
        for name, value in values.items():
            post[f"task-{code}-{name}"] = value
    return post


def test_save_and_submit_of_a_full_report_takes_at_most_32_queries_and_audits_every_row(
    client, plan, hanoi_officer, django_assert_max_num_queries
):
    # given a started report of the Hà Nội department, its signed letter attached
    report = services.report_start(agency=hanoi_officer.agency, period=periods(plan)["2025-H1"], user=hanoi_officer)
    services.report_attach(report=report, user=hanoi_officer, file=pdf_file(), kind="official_report")
    post = form_post_of(report, complete_data(report), "submit")
    client.force_login(hanoi_officer)
    figures, tasks = report.figures.count(), report.task_progress.count()
    assert figures >= 15 and tasks >= 18

    # when the officer fills every field and presses "save and submit": a fixed number of queries,
    # whatever the number of figures, task rows and statistics items (27 before the statistics
    # section, which reads, writes and audits its rows in three, and the submit notice, which reads
    # the reviewers to tell in one; on PostgreSQL the two savepoints count too)
    with django_assert_max_num_queries(32):
        response = client.post(reverse("report-edit", args=[report.pk]), post, REMOTE_ADDR="10.8.0.8")

    # then it is sent, and each figure and task row has one history entry of this save: who,
    # from where, and the values before and after
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    for model, count in ((IndicatorFigure, figures), (TaskProgress, tasks)):
        changes = model.history.filter(report_id=report.pk, history_type="~")
        assert changes.count() == count
        assert set(changes.values_list("history_user", "ip_address")) == {(hanoi_officer.pk, "10.8.0.8")}
    figure = IndicatorFigure.objects.get(report=report, target__code="1")
    after, before = figure.history.order_by("-history_date", "-history_id")[:2]
    delta = after.diff_against(before)
    assert {c.field: (c.old, c.new) for c in delta.changes if c.field in ("numerator", "denominator")} == {
        "numerator": (None, 420),
        "denominator": (None, 579),
    }


def test_a_save_writes_the_columns_some_row_changed_and_keeps_every_other_value(plan, hanoi_officer):
    # The UPDATE of the figure and task rows sets only the columns some row changed
    # (services._save_rows): a column changed in one row only is written for that row, and the
    # rows that did not change it keep their value.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = services.report_start(agency=hanoi_officer.agency, period=periods(plan)["2025-H1"], user=hanoi_officer)
    report = services.report_save(
        report=report, user=hanoi_officer, data=complete_data(report), expected_version=report.version
    )
    first, second = IndicatorFigure.objects.filter(report=report, target__measure="ratio").order_by("target__position")[
        :2
    ]
    task = TaskProgress.objects.filter(report=report).order_by("task__position").first()
    kept = {
        "first note": first.note,
        "second numerator": second.numerator,
        "task results": task.results,
    }

    with CaptureQueriesContext(connection) as ctx:
        services.report_save(
            report=Report.objects.get(pk=report.pk),
            user=hanoi_officer,
            data={
                "figures": {
                    first.target.code: {"numerator": "7"},
                    second.target.code: {"note": "Số liệu của Công an tỉnh."},
                },
                "tasks": {task.task.code: {"status": "done"}},
            },
            expected_version=report.version,
        )

    first.refresh_from_db()
    second.refresh_from_db()
    task.refresh_from_db()
    assert (first.numerator, second.note, task.status) == (7, "Số liệu của Công an tỉnh.", "done")
    assert (first.note, second.numerator, task.results) == (
        kept["first note"],
        kept["second numerator"],
        kept["task results"],
    )
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('UPDATE "reporting_indicatorfigure"')]
    assert len(updates) == 1
    assert '"numerator" =' in updates[0] and '"note" =' in updates[0] and '"source" =' not in updates[0]
    # and the history has each changed row once, with the change
    after, before = first.history.order_by("-history_date", "-history_id")[:2]
    assert [(c.field, c.new) for c in after.diff_against(before).changes if c.field == "numerator"] == [
        ("numerator", 7)
    ]
