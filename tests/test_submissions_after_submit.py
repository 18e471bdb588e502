"""The submissions page right after a submit (issue 10, item 3): its cached rows are rebuilt from one
light query, not from ``period_reports``; they must say what ``period_reports`` says, with no stale row."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from reporting import services
from reporting.models import Report
from reporting.selectors import period_reports, timeliness
from tests import factories as f
from tests.reporting_helpers import filled_report, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


def page(client, period):
    response = client.get(reverse("dashboards:submissions"), {"ky": period.code})
    assert response.status_code == 200
    return response


def row_html(response, agency) -> str:
    html = response.content.decode()
    found = re.search(rf'<tr>\s*<th scope="row" data-sort="{re.escape(agency.name)}">.*?</tr>', html, re.S)
    assert found, agency.name
    return found.group(0)


def test_the_page_shows_a_submit_at_once_and_its_rows_are_those_of_period_reports(
    client, h1, hanoi_officer, reviewer, django_capture_on_commit_callbacks
):
    hanoi = hanoi_officer.agency
    client.force_login(reviewer)
    before = page(client, h1)  # the rows are cached now
    assert "Chưa lập" in row_html(before, hanoi)
    assert page(client, h1).context["data"].received == before.context["data"].received

    report = filled_report(h1, hanoi_officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, user=hanoi_officer)
    report.refresh_from_db()

    after = page(client, h1)
    row = row_html(after, hanoi)
    sent = timezone.localtime(report.first_submitted_at)
    assert str(Report.Status.SUBMITTED.label) in row and "Chưa lập" not in row
    assert sent.strftime("%H:%M %d/%m/%Y") in row
    assert f'data-sort="{int(sent.timestamp())}"' in row
    data = after.context["data"]
    assert data.received == before.context["data"].received + 1
    # the history's line of Hà Nội marks this period as sent, not missing
    history = dict(data.history)
    marks = {p.pk: t for p, t, _label in next(m for a, m in history.items() if a.pk == hanoi.pk)}
    assert marks[h1.pk] == timeliness(h1, report) and marks[h1.pk] in ("on_time", "late")

    # every row, and a report from an agency not expected in the period (listed at the end, not
    # counted), as the review list's period_reports gives them
    gone = Agency.objects.create(
        code="so-cu",
        name="Sở Đã Giải Thể",
        kind=Agency.Kind.PROVINCIAL_DOLISA,
        valid_to=h1.due_date - datetime.timedelta(days=30),
    )
    f.report(gone, h1, "submitted")
    listed = page(client, h1).context["data"].rows
    expected = period_reports(h1)
    assert [r.agency.pk for r in expected if not r.expected] == [gone.pk]
    assert [(r.agency.pk, r.status, r.first_submitted_at, r.timeliness, r.expected) for r in listed] == [
        (r.agency.pk, r.status, r.report.first_submitted_at if r.report else None, r.timeliness, r.expected)
        for r in expected
    ]
