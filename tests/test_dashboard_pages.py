"""The dashboard pages: who may open them, what they show, and a query count that does not grow."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import Agency
from plan808.clock import HANOI
from reporting.models import TaskStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

PAGES = [
    ("dashboards:national", {}),
    ("dashboards:targets-periods", {}),
    ("dashboards:provinces", {}),
    ("dashboards:province", {"code": "so-ldtbxh-ha-noi"}),
    ("dashboards:tasks", {}),
    ("dashboards:task", {"code": "2.1"}),
    ("dashboards:submissions", {}),
    ("dashboards:targets-periods-excel", {}),
]


def login(client, user):
    client.force_login(user)
    return client


def dolisas(n):
    return list(Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_DOLISA).order_by("code")[:n])


@pytest.fixture
def periods(plan):
    return [
        f.period(plan, "2024-H1", is_open=False),
        f.period(plan, "2024-FY", is_open=False),
        f.period(plan, "2025-H1", is_open=False),
    ]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_a_reviewer_opens_every_dashboard(client, reviewer, periods, name, kwargs):
    response = login(client, reviewer).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, periods, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_user_without_a_role_is_refused(client, periods):
    from tests.conftest import make_user

    nobody = make_user("nobody", None)
    assert login(client, nobody).get(reverse("dashboards:national")).status_code == 403


def test_a_province_officer_sees_its_own_province_page_but_not_another_nor_the_heat_map(client, hanoi_officer, periods):
    login(client, hanoi_officer)
    assert client.get(reverse("dashboards:province", kwargs={"code": "so-ldtbxh-ha-noi"})).status_code == 200
    assert client.get(reverse("dashboards:province", kwargs={"code": "so-ldtbxh-ho-chi-minh"})).status_code == 403
    assert client.get(reverse("dashboards:provinces")).status_code == 403
    assert client.get(reverse("dashboards:national")).status_code == 200


def test_the_home_page_is_the_national_dashboard_for_a_signed_in_user(client, viewer, periods):
    response = login(client, viewer).get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "dashboards/national.html"


def test_the_national_page_shows_the_ratio_of_sums_and_the_coverage(client, reviewer, plan, periods):
    # Given 1/10 and 90/100 accepted for target 1 in 2025-H1
    h1 = periods[-1]
    a, b = dolisas(2)
    one = plan.targets.get(code="1")
    f.figure(f.report(a, h1), one, 1, 10)
    f.figure(f.report(b, h1), one, 90, 100)

    html = login(client, reviewer).get(reverse("dashboards:national"), {"ky": h1.code}).content.decode()

    assert "82,7%" in html
    assert "2/63 tỉnh" in html
    assert 'data-chart="chart-1"' in html and 'id="chart-1"' in html  # a chart with its data


def test_the_national_page_does_not_claim_every_province_has_a_plan_on_23_answers(client, reviewer, plan, periods):
    # Target 4 (100% of provinces): 23 "có" of 23 answers, 40 provinces silent (indicators/README.md "Status").
    h1 = periods[-1]
    for agency in dolisas(23):
        f.figure(f.report(agency, h1), plan.targets.get(code="4"), yes_no=True)

    html = login(client, reviewer).get(reverse("dashboards:national"), {"ky": h1.code}).content.decode()

    card = html.split('id="kpi-chart-4"', 1)[1].split("</article>", 1)[0]
    assert "status-insufficient" in html and "Chưa đủ số liệu" in card and "23/63 tỉnh" in card
    assert ">Đạt<" not in card


def test_the_provisional_switch_adds_submitted_reports_and_says_so(client, reviewer, plan, periods):
    h1 = periods[-1]
    (a,) = dolisas(1)
    f.figure(f.report(a, h1, "submitted"), plan.targets.get(code="1"), 75, 100)
    login(client, reviewer)

    accepted = client.get(reverse("dashboards:national"), {"ky": h1.code}).content.decode()
    provisional = client.get(reverse("dashboards:national"), {"ky": h1.code, "tam_tinh": "1"}).content.decode()

    assert "75,0%" not in accepted and "Số liệu tạm tính" not in accepted
    assert "75,0%" in provisional and "Số liệu tạm tính" in provisional


def test_the_heat_map_shows_a_missing_province_as_missing_not_zero(client, reviewer, plan, periods):
    h1 = periods[-1]
    a, b = dolisas(2)
    f.figure(f.report(a, h1), plan.targets.get(code="1"), 0, 100)  # a real zero
    f.report(b, h1)  # accepted, but without a figure for target 1

    response = login(client, reviewer).get(reverse("dashboards:provinces"), {"ky": h1.code})

    rows = {row.agency.pk: row for row in response.context["rows"]}
    first = response.context["targets"][0]
    assert first.code == "1"
    assert (rows[a.pk].cells[0].value, rows[a.pk].cells[0].css) == (0, "far")
    assert (rows[b.pk].cells[0].value, rows[b.pk].cells[0].css) == (None, "missing")


def test_the_tasks_board_counts_statuses_and_lists_tasks_past_their_timeframe(client, reviewer, plan, periods):
    # Given two provinces reporting task 1.1 (led by every province) done and in progress
    h1 = periods[-1]
    a, b = dolisas(2)
    task = plan.tasks.get(code="1.1")
    f.progress(f.report(a, h1), task, TaskStatus.DONE, "Đã tổ chức 12 hội nghị")
    f.progress(f.report(b, h1), task, TaskStatus.IN_PROGRESS)

    response = login(client, reviewer).get(reverse("dashboards:tasks"), {"ky": h1.code})

    rows = {row.task.code: row for _, rows in response.context["groups"] for row in rows}
    assert len(rows) == 20
    assert (rows["1.1"].done, rows["1.1"].in_progress) == (1, 1)
    assert rows["1.1"].not_reported == rows["1.1"].responsible - 2
    slipping = {row.task.code for row in response.context["slipping"]}
    assert {"2.1", "4.1"} <= slipping  # due by 2023, never reported done


def test_the_task_page_shows_each_responsible_agencys_latest_progress_text(client, reviewer, plan, periods):
    fy, h1 = periods[1], periods[2]
    (a,) = dolisas(1)
    task = plan.tasks.get(code="1.1")
    f.progress(f.report(a, fy), task, TaskStatus.IN_PROGRESS, "Cũ: đang chuẩn bị")
    f.progress(f.report(a, h1), task, TaskStatus.DONE, "Mới: đã tổ chức 12 hội nghị")

    response = login(client, reviewer).get(reverse("dashboards:task", kwargs={"code": "1.1"}), {"ky": h1.code})

    by_agency = {p.agency.pk: p for p in response.context["progress"]}
    assert by_agency[a.pk].text == "Mới: đã tổ chức 12 hội nghị"
    assert by_agency[a.pk].status == TaskStatus.DONE
    assert len(by_agency) >= 63  # every province's DOLISA, reported or not
    assert "Mới: đã tổ chức 12 hội nghị" in response.content.decode()


def test_the_task_page_shows_only_the_text_the_reader_may_read(client, cast, plan, periods):
    # given HCMC's accepted report of 2024-FY, and its 2025-H1 report returned and being rewritten
    fy, h1 = periods[1], periods[2]
    hcm = cast["hcm"].agency
    task = plan.tasks.get(code="1.1")
    f.progress(f.report(hcm, fy, status="accepted"), task, TaskStatus.IN_PROGRESS, "Đã tiếp nhận: kỳ trước")
    f.progress(f.report(hcm, h1, status="returned"), task, TaskStatus.DONE, "Chưa gửi lại: đang viết")
    url = reverse("dashboards:task", kwargs={"code": "1.1"})

    def text_for(role):
        response = login(client, cast[role]).get(url, {"ky": h1.code})
        return {p.agency.pk: p.text for p in response.context["progress"]}.get(hcm.pk, ""), response

    # then whoever may open the returned report reads its text, as on the report page
    for role in ("reviewer", "hcm"):
        assert text_for(role)[0] == "Chưa gửi lại: đang viết", role
    # a viewer reads the accepted report only; other agencies' officers read neither report
    text, response = text_for("viewer")
    assert text == "Đã tiếp nhận: kỳ trước"
    assert "Chưa gửi lại" not in response.content.decode()
    for role in ("hanoi", "police"):
        text, response = text_for(role)
        assert text == "", role
        assert "Chưa gửi lại" not in response.content.decode()
        assert "Đã tiếp nhận: kỳ trước" not in response.content.decode()


def test_a_viewer_does_not_read_submitted_text_before_it_is_accepted(client, viewer, plan, periods):
    h1 = periods[2]
    (a,) = dolisas(1)
    f.progress(f.report(a, h1, status="submitted"), plan.tasks.get(code="1.1"), TaskStatus.DONE, "Chờ thẩm định")
    response = login(client, viewer).get(reverse("dashboards:task", kwargs={"code": "1.1"}), {"ky": h1.code})
    assert "Chờ thẩm định" not in response.content.decode()


def test_a_viewer_reaches_the_accepted_report_from_the_province_page_and_no_other(client, viewer, periods):
    # Given Hà Nội with an accepted report in 2024-H1 and one still awaiting review in 2025-H1
    hanoi = Agency.objects.get(code="so-ldtbxh-ha-noi")
    accepted = f.report(hanoi, periods[0], status="accepted")
    submitted = f.report(hanoi, periods[2], status="submitted")

    # When the viewer opens the province page
    page = login(client, viewer).get(reverse("dashboards:province", kwargs={"code": hanoi.code})).content.decode()

    # Then the accepted report is a link that opens, the submitted one (which they may not read) is not
    assert f'href="{reverse("report-detail", args=[accepted.pk])}"' in page
    assert reverse("report-detail", args=[submitted.pk]) not in page
    assert client.get(reverse("report-detail", args=[accepted.pk])).status_code == 200


def test_the_submissions_page_counts_on_time_late_and_missing_in_hanoi_time(
    client, reviewer, plan, periods, time_machine
):
    # Given 2025-H1 due on 20 June: one sent 17:00 UTC 20 June (00:00 21 June in Hà Nội: late), one on time
    time_machine.move_to(datetime.datetime(2025, 6, 25, 3, 0, tzinfo=datetime.UTC))
    h1 = periods[-1]
    a, b = dolisas(2)
    f.report(a, h1, "submitted", submitted_at=datetime.datetime(2025, 6, 20, 17, 0, tzinfo=datetime.UTC))
    f.report(b, h1, "accepted", submitted_at=datetime.datetime(2025, 6, 20, 23, 59, tzinfo=HANOI))

    response = login(client, reviewer).get(reverse("dashboards:submissions"), {"ky": h1.code})

    data = response.context["data"]
    assert (data.on_time, data.late) == (1, 1)
    assert data.missing == data.expected - 2
    assert data.received == 2
    assert data.next_period is None  # no period due after 25 June in this plan
    timeliness = {row.agency.pk: row.timeliness for row in data.rows}
    assert timeliness[a.pk] == "late" and timeliness[b.pk] == "on_time"


def test_days_left_to_the_next_deadline_are_counted_in_hanoi(client, reviewer, plan, periods, time_machine):
    # 23:30 UTC on 18 June is 06:30 on 19 June in Hà Nội: one day left to 20 June, not two.
    time_machine.move_to(datetime.datetime(2025, 6, 18, 23, 30, tzinfo=datetime.UTC))
    response = login(client, reviewer).get(reverse("dashboards:submissions"))
    data = response.context["data"]
    assert data.next_period == periods[-1]
    assert data.days_left == 1


def test_the_excel_export_opens_and_holds_the_figures(client, reviewer, plan, periods):
    h1 = periods[-1]
    a, b = dolisas(2)
    f.figure(f.report(a, h1), plan.targets.get(code="1"), 1, 10)
    f.figure(f.report(b, h1), plan.targets.get(code="1"), 90, 100)

    response = login(client, reviewer).get(reverse("dashboards:targets-periods-excel"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    target_one = next(r for r in rows if r[1] == "1")
    column = header.index(h1.name)
    assert target_one[column] == pytest.approx(82.7)
    # 2 of 63 provinces are too few to judge the country (indicators/README.md "Status").
    assert target_one[column + 1 : column + 5] == (91, 110, "Chưa đủ số liệu", "2/63 tỉnh")
    assert len([r for r in rows[4:] if r[1]]) == 16


def fill(plan, n_provinces, years):
    periods = [f.period(plan, f"{y}-{k}", is_open=False) for y in years for k in ("H1", "FY")]
    tasks = list(plan.tasks.all())
    targets = list(plan.targets.all())
    for agency in dolisas(n_provinces):
        for p in periods:
            r = f.report(agency, p)
            for t in targets:
                f.figure(r, t, yes_no=True) if t.measure == "yes_no_share" else f.figure(r, t, 5, 10)
            for task in tasks:
                f.progress(r, task, TaskStatus.IN_PROGRESS, "Đang thực hiện")
    return periods


# The agencies' successions and the provinces' chosen departments (agencies.selectors.Lineage) are
# read with each set of answerers: up to four queries, however many agencies; the monitoring body
# (MONITORING_AGENCIES and its successors, accounts.rules) two more, once per request.
QUERY_BUDGET = {
    "dashboards:national": 26,
    "dashboards:targets-periods": 26,
    "dashboards:provinces": 28,
    "dashboards:province": 28,
    "dashboards:tasks": 26,
    "dashboards:task": 26,
    "dashboards:submissions": 28,
    "dashboards:targets-periods-excel": 26,
}


def count_queries(client, name, kwargs, period):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # cold: what the page costs once its cached parts are stale
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name, kwargs=kwargs), {"ky": period.code, "tam_tinh": "1"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_each_page_takes_the_same_number_of_queries_at_two_sizes(client, reviewer, plan):
    # Given 3 provinces × 2 periods, then 20 provinces × 6 periods
    login(client, reviewer)
    small_periods = fill(plan, 3, [2025])
    small = {name: count_queries(client, name, kw, small_periods[0]) for name, kw in PAGES}

    big_periods = fill(plan, 0, [2022, 2023, 2024]) + small_periods
    for agency in dolisas(20)[3:]:
        for p in big_periods:
            r = f.report(agency, p)
            for t in plan.targets.all():
                f.figure(r, t, yes_no=True) if t.measure == "yes_no_share" else f.figure(r, t, 5, 10)
    big = {name: count_queries(client, name, kw, small_periods[0]) for name, kw in PAGES}

    assert big == small
    for name, n in big.items():
        assert n <= QUERY_BUDGET[name], (name, n)


def test_before_any_period_the_dashboards_say_there_is_nothing_yet(client, reviewer):
    response = login(client, reviewer).get(reverse("dashboards:national"))
    assert response.status_code == 200
    assert "Chưa có kỳ báo cáo nào" in response.content.decode()
