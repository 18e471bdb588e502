"""The pages reviewers refresh all deadline day are served from the cache until something they show
changes, and the cache holds nothing that depends on who reads (issue 10, item 3)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Agency
from reporting.models import Report, TaskStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def h1(plan):
    f.period(plan, "2024-FY", is_open=False)
    return f.period(plan, "2025-H1", is_open=False)


def dolisas(n):
    return list(Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_DOLISA).order_by("code")[:n])


def new_province_unit():
    """A province set up today: its People's Committee and, returned, its reporting department."""
    committee = Agency.objects.create(
        code="ubnd-moi",
        name="Ủy ban nhân dân tỉnh Mới Lập",
        kind=Agency.Kind.PROVINCIAL_COMMITTEE,
        province_kind="tỉnh",
    )
    unit = Agency.objects.create(
        code="so-ldtbxh-moi",
        name="Sở Lao động - Thương binh và Xã hội tỉnh Mới Lập",
        kind=Agency.Kind.PROVINCIAL_DOLISA,
        parent=committee,
    )
    return unit


def get(client, name, kwargs=None, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name, kwargs=kwargs or {}), {"ky": "2025-H1", **params})
    assert response.status_code == 200, name
    return response, len(ctx.captured_queries)


def statuses(response):
    return {row.agency.pk: row.status for row in response.context["data"].rows}


def board(response):
    return {row.task.code: row for _, rows in response.context["groups"] for row in rows}


def test_the_submissions_page_is_cached_until_a_report_starts_or_changes_status(client, reviewer, h1):
    a, b = dolisas(2)
    report = f.report(a, h1, "draft")
    client.force_login(reviewer)

    _first, cold = get(client, "dashboards:submissions")
    again, warm = get(client, "dashboards:submissions")
    assert warm < cold  # the expected reports and their history come from the cache
    assert statuses(again)[a.pk] == "draft"

    # typing into a draft changes nothing the page shows: the cache stays
    report.results = "Đang viết phần kết quả"
    report.save()
    assert get(client, "dashboards:submissions")[1] == warm

    # sending it does: the next request shows it sent
    report.status = Report.Status.SUBMITTED
    report.save()
    sent, queries = get(client, "dashboards:submissions")
    # (the reports are read again; who must report stays cached: reporting.obligations)
    assert statuses(sent)[a.pk] == "submitted" and warm < queries < cold

    # a report started by another agency shows at once too
    f.report(b, h1, "draft")
    assert statuses(get(client, "dashboards:submissions")[0])[b.pk] == "draft"


def test_the_tasks_board_is_cached_until_a_sent_report_changes(client, reviewer, plan, h1):
    (a,) = dolisas(1)
    task = plan.tasks.get(code="1.1")
    report = f.report(a, h1, "submitted")
    row = f.progress(report, task, TaskStatus.IN_PROGRESS, "Đang làm")
    client.force_login(reviewer)

    _, cold = get(client, "dashboards:tasks")
    cached, warm = get(client, "dashboards:tasks")
    assert warm < cold
    assert (board(cached)["1.1"].in_progress, board(cached)["1.1"].done) == (1, 0)

    # the reviewer returns it, the officer corrects the task row and the report (a sent one) is saved
    report.status = Report.Status.RETURNED
    row.status = TaskStatus.DONE
    row.save()
    report.save()

    fresh, _ = get(client, "dashboards:tasks")
    assert (board(fresh)["1.1"].in_progress, board(fresh)["1.1"].done) == (0, 1)


def test_a_new_reporting_unit_appears_on_every_cached_page_at_once(client, reviewer, plan, h1):
    client.force_login(reviewer)
    before_heat, _ = get(client, "dashboards:provinces")
    before_subs, _ = get(client, "dashboards:submissions")

    unit = new_province_unit()

    heat, _ = get(client, "dashboards:provinces")
    subs, _ = get(client, "dashboards:submissions")
    assert unit.pk not in {row.agency.pk for row in before_heat.context["rows"]}
    assert unit.pk in {row.agency.pk for row in heat.context["rows"]}
    assert unit.pk not in statuses(before_subs) and unit.pk in statuses(subs)
    assert subs.context["data"].expected == before_subs.context["data"].expected + 1


def test_what_the_cache_serves_one_reader_never_shows_another_what_they_may_not_read(client, cast, plan, h1):
    # Given HCMC's report sent (not accepted) with its task text, and every page warmed by a reviewer
    hcm = cast["hcm"].agency
    task = plan.tasks.get(code="1.1")
    f.progress(f.report(hcm, h1, "submitted"), task, TaskStatus.DONE, "Nội dung chưa tiếp nhận của TP.HCM")
    client.force_login(cast["reviewer"])
    for name, kwargs in (
        ("dashboards:national", {}),
        ("dashboards:provinces", {}),
        ("dashboards:tasks", {}),
        ("dashboards:task", {"code": "1.1"}),
        ("dashboards:submissions", {}),
    ):
        get(client, name, kwargs)
    reviewer_task, _ = get(client, "dashboards:task", {"code": "1.1"})
    assert "Nội dung chưa tiếp nhận của TP.HCM" in reviewer_task.content.decode()
    reviewer_board = board(get(client, "dashboards:tasks")[0])["1.1"]

    # Then a viewer, served from the same cache, reads the counts every reader reads, never the text
    client.force_login(cast["viewer"])
    viewer_task, _ = get(client, "dashboards:task", {"code": "1.1"})
    assert "Nội dung chưa tiếp nhận của TP.HCM" not in viewer_task.content.decode()
    viewer_board = board(get(client, "dashboards:tasks")[0])["1.1"]
    assert (viewer_board.done, viewer_board.reported) == (reviewer_board.done, reviewer_board.reported)

    # and another province's officer is refused the heat map and HCMC's page, cached or not
    client.force_login(cast["hanoi"])
    assert client.get(reverse("dashboards:provinces"), {"ky": "2025-H1"}).status_code == 403
    hcm_page = reverse("dashboards:province", kwargs={"code": hcm.code})
    assert client.get(hcm_page, {"ky": "2025-H1"}).status_code == 403
    hanoi_task = client.get(reverse("dashboards:task", kwargs={"code": "1.1"}), {"ky": "2025-H1"})
    assert "Nội dung chưa tiếp nhận của TP.HCM" not in hanoi_task.content.decode()


def test_who_must_report_is_kept_until_the_structure_changes_and_the_review_list_follows(client, reviewer, plan, h1):
    # The review list (and "start", the reminders) ask every time who must report in the period:
    # reporting.obligations.period_obligations, kept in the cache until the structure changes.
    a = dolisas(1)[0]
    client.force_login(reviewer)
    url = reverse("review-period", kwargs={"code": h1.code})

    def review_list():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return {row.agency.pk: row.status for row in response.context["rows"]}, len(ctx.captured_queries)

    _rows, cold = review_list()
    rows, warm = review_list()
    assert warm <= cold - 5  # the agencies, collectives, successions, tasks and targets are not read again
    assert rows[a.pk] == ""

    # a report started shows at once: the reports themselves are read on every request
    f.report(a, h1, "draft")
    assert review_list()[0][a.pk] == "draft"

    # a new reporting unit is expected at once: creating it bumps the structure's generation
    unit = new_province_unit()
    rows, queries = review_list()
    assert unit.pk in rows and queries == cold

    # and so is a unit that closes: it is no longer expected
    unit.valid_to = h1.due_date - datetime.timedelta(days=1)
    unit.save()
    assert unit.pk not in review_list()[0]
