"""The dashboards: national figures, targets × periods, provinces × targets, tasks, submissions.

Thin views: the permission comes from ``accounts.rules`` (through ``has_perm``), the figures from
``indicators.aggregation`` and the rest from ``dashboards.selectors``.
"""

from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify

from agencies.models import PROVINCIAL_DEPARTMENT_KINDS, Agency
from dashboards import charts, excel, selectors
from indicators import aggregation
from reporting import statistics
from reporting.models import TaskStatus
from reporting.selectors import Timeliness
from tasks.models import Task
from tasks.selectors import PLAN_PARAM, plan_choice

PROVISIONAL_PARAM = "tam_tinh"
PERIOD_PARAM = "ky"
# Lists too long to read at once (3,300 communes): a search, a sort, filters and pages.
SEARCH_PARAM = "tim"
SORT_PARAM = "sap_xep"
PAGE_PARAM = "trang"
GROUP_PARAM = "nhom"
TIMELINESS_PARAM = "han"
# The provinces as they reported in the period, or regrouped into today's (the 34 since 1 July 2025).
STRUCTURE_PARAM = "co_cau"
STRUCTURE_TODAY = "hien-nay"


def requires(perm: str, subject=None, about=None):
    """Login first (anonymous users go to the login page), then the rule; 403 when it says no.

    The view is called as ``view(request, ctx, ...)``: ``ctx`` is the page's context (plan, periods,
    the chosen period, the provisional switch). With ``subject``, ``subject(**kwargs)`` gives the
    object the page is about, passed after ``ctx``; the rule is asked about it, or about
    ``about(object)`` when given. Before the first reporting period is opened there is nothing to
    show: the page says so.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs) -> HttpResponse:
            obj = subject(**kwargs) if subject else None
            if not rules.has_perm(perm, request.user, about(obj) if about else obj):
                raise PermissionDenied
            plan, plans = plan_choice(request)
            if plan is None:
                raise Http404("Chưa nạp kế hoạch nào.")
            periods = selectors.plan_periods(plan)
            if not periods:
                return render(request, "dashboards/no_period.html", {"plan": plan})
            ctx = _context(request, plan, periods)
            ctx.update(plans=plans, plan_param=PLAN_PARAM)  # the plan switch, when several are loaded
            if subject:
                return view(request, ctx, obj, *args, **kwargs)
            return view(request, ctx, *args, **kwargs)

        return wrapped

    return decorator


def _context(request, plan, periods) -> dict:
    """Plan, periods, the chosen period (?ky=2025-H1) and the provisional switch (?tam_tinh=1)."""
    period = selectors.pick_period(periods, request.GET.get(PERIOD_PARAM))
    return {
        "plan": plan,
        "periods": periods,
        "period": period,
        "include_submitted": request.GET.get(PROVISIONAL_PARAM) == "1",
        "provisional_param": PROVISIONAL_PARAM,
        "period_param": PERIOD_PARAM,
        "search_param": SEARCH_PARAM,
        "sort_param": SORT_PARAM,
        "page_param": PAGE_PARAM,
        "search": request.GET.get(SEARCH_PARAM, "").strip()[:100],
        "structure_param": STRUCTURE_PARAM,
        "structure_today": STRUCTURE_TODAY,
        "regrouped": request.GET.get(STRUCTURE_PARAM) == STRUCTURE_TODAY,
        "boundary_rules": aggregation.boundary_rules(plan, period) if period else [],
    }


def _query_without(request, *names: str) -> str:
    """The page's query string without ``names`` (the links of the pages and of the sort keep the rest)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def home(request) -> HttpResponse:
    """The national dashboard for whoever may see it; the plan for anyone else."""
    if rules.has_perm("reporting.view_dashboard", request.user):
        return national(request)
    return redirect("plan-overview")


@requires("reporting.view_dashboard")
def national(request, ctx: dict) -> HttpResponse:
    plan, period, provisional = ctx["plan"], ctx["period"], ctx["include_submitted"]
    table = aggregation.figures_table(plan, include_submitted=provisional)
    figures = table.for_period(period)
    lowest = {}
    if rules.has_perm("reporting.view_province_figures", request.user):
        lowest = selectors.lowest_provinces(plan, period, include_submitted=provisional)
    cards = [
        {
            "figure": fig,
            "trend": table.trend(fig.target),
            "chart": charts.trend_chart(fig.target, table.trend(fig.target)),
            "chart_id": f"chart-{slugify(fig.target.code)}",
            "lowest": lowest.get(fig.target.pk, []),
        }
        for fig in figures
    ]
    counts = {status: sum(1 for f in figures if f.status == status) for status in aggregation.STATUS_LABELS}
    ctx.update(
        cards=cards,
        counts=counts,
        status_labels=aggregation.STATUS_LABELS,
        shows_provinces=bool(lowest),
    )
    return render(request, "dashboards/national.html", ctx)


@requires("reporting.view_dashboard")
def targets_periods(request, ctx: dict) -> HttpResponse:
    ctx["table"] = aggregation.targets_by_period(ctx["plan"], include_submitted=ctx["include_submitted"])
    if rules.has_perm("reporting.export_dashboard", request.user):
        suffix = f"?{PROVISIONAL_PARAM}=1" if ctx["include_submitted"] else ""
        ctx["excel_url"] = reverse("dashboards:targets-periods-excel") + suffix
    return render(request, "dashboards/targets_periods.html", ctx)


@requires("reporting.export_dashboard")
def targets_periods_excel(request, ctx: dict) -> HttpResponse:
    table = aggregation.targets_by_period(ctx["plan"], include_submitted=ctx["include_submitted"])
    answers = None
    if rules.has_perm("reporting.view_province_figures", request.user):
        answers = aggregation.answered_figures(ctx["plan"], include_submitted=ctx["include_submitted"])
    content = excel.targets_workbook(table, answers)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    suffix = "-tam-tinh" if ctx["include_submitted"] else ""
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-theo-ky{suffix}.xlsx"'
    return response


@requires("reporting.view_province_figures")
def provinces(request, ctx: dict) -> HttpResponse:
    heat = selectors.heat_map(
        ctx["plan"],
        ctx["period"],
        include_submitted=ctx["include_submitted"],
        search=ctx["search"],
        sort=request.GET.get(SORT_PARAM, ""),
        page=request.GET.get(PAGE_PARAM),
        regrouped=ctx["regrouped"],
    )
    ctx["shows_structure"] = True
    national_by_target = {
        f.target.pk: f for f in aggregation.national_figures(ctx["period"], include_submitted=ctx["include_submitted"])
    }
    # A figure answered "không có số liệu" / "không áp dụng" is missing like a blank, and says so.
    answers = aggregation.province_answers(ctx["period"], include_submitted=ctx["include_submitted"])
    for row in heat.rows:
        for cell in row.cells:
            answered = answers.get((row.agency.pk, cell.target.code))
            if answered is not None:
                cell.answer = answered.answer or answered.denominator_answer
                cell.answer_text = answered.answer_text
    ctx.update(
        heat=heat,
        targets=heat.targets,
        rows=heat.rows,
        page=heat.page,
        national=[national_by_target[t.pk] for t in heat.targets],
        page_query=_query_without(request, PAGE_PARAM),
        sort_query=_query_without(request, PAGE_PARAM, SORT_PARAM),
    )
    return render(request, "dashboards/provinces.html", ctx)


def _dolisa(code: str) -> Agency:
    """The provincial DOLISA ``code``, with the province (its People's Committee) it reports for."""
    agency = get_object_or_404(Agency.objects.select_related("parent"), code=code, kind__in=PROVINCIAL_DEPARTMENT_KINDS)
    if agency.parent is None:
        raise Http404("Sở chưa gắn với tỉnh, thành phố nào.")
    return agency


# The rule is about the province (its People's Committee), whose DOLISA reports.
@requires("reporting.view_province_figures", subject=_dolisa, about=lambda dolisa: dolisa.parent)
def province(request, ctx: dict, agency: Agency, code: str) -> HttpResponse:
    period, provisional = ctx["period"], ctx["include_submitted"]
    figures = aggregation.province_figures(period, include_submitted=provisional, agency_ids=[agency.pk])
    national_figs = aggregation.national_figures(period, include_submitted=provisional)
    targets = {t.pk for t in selectors.provincial_targets(ctx["plan"], period)}
    answers = aggregation.province_answers(period, include_submitted=provisional)
    monitoring = aggregation.agency_monitoring(period, include_submitted=provisional, agency_ids=[agency.pk])
    rows = []
    for fig in national_figs:
        if fig.target.pk not in targets:
            continue
        key = (agency.pk, fig.target.code)
        cell = selectors.Cell(fig.target, figures.get(key), key in figures)
        rows.append(
            {
                "national": fig,
                "cell": cell,
                "answer": answers[key].answer_text if key in answers else "",
                "plan": monitoring.get((agency.pk, fig.target.pk)),
            }
        )
    reports = selectors.province_reports(agency, ctx["periods"])
    # Each figure links to the report it comes from, for whoever may open that report (accounts/rules.py).
    current = next((report for p, report, _t in reports if p.pk == period.pk), None)
    source = current if current is not None and rules.has_perm("reporting.view_report", request.user, current) else None
    ctx.update(agency=agency, rows=rows, reports=reports, source_report=source)
    return render(request, "dashboards/province.html", ctx)


PLAN_TARGET_PARAM = "muc_tieu"


@requires("reporting.view_province_figures")
def plan_achieved(request, ctx: dict) -> HttpResponse:
    """Decision 29's columns per agency for one target: planned for the year, achieved, cumulative, source."""
    groups = selectors.plan_vs_achieved(ctx["period"], include_submitted=ctx["include_submitted"])
    chosen = request.GET.get(PLAN_TARGET_PARAM)
    target, rows = next(((t, r) for t, r in groups if t.code == chosen), groups[0] if groups else (None, []))
    suffix = f"?{PERIOD_PARAM}={ctx['period'].code}"
    if ctx["include_submitted"]:
        suffix += f"&{PROVISIONAL_PARAM}=1"
    ctx.update(
        targets=[t for t, _rows in groups],
        target=target,
        rows=rows,
        target_param=PLAN_TARGET_PARAM,
        excel_url=reverse("dashboards:plan-achieved-excel") + suffix,
    )
    return render(request, "dashboards/plan_achieved.html", ctx)


@requires("reporting.view_province_figures")
def plan_achieved_excel(request, ctx: dict) -> HttpResponse:
    groups = selectors.plan_vs_achieved(ctx["period"], include_submitted=ctx["include_submitted"])
    content = excel.plan_workbook(ctx["period"], groups, include_submitted=ctx["include_submitted"])
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    suffix = "-tam-tinh" if ctx["include_submitted"] else ""
    response["Content-Disposition"] = f'attachment; filename="ke-hoach-thuc-hien-{ctx["period"].code}{suffix}.xlsx"'
    return response


@requires("reporting.view_dashboard")
def tasks(request, ctx: dict) -> HttpResponse:
    groups = selectors.tasks_board(ctx["plan"], ctx["period"])
    ctx.update(
        groups=groups,
        chart=charts.tasks_chart(groups),
        slipping=[row for _, rows in groups for row in rows if row.is_slipping],
        statuses=TaskStatus,
    )
    return render(request, "dashboards/tasks.html", ctx)


@requires("reporting.view_dashboard")
def task(request, ctx: dict, code: str) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("group", "plan"), plan=ctx["plan"], code=code)
    progress = selectors.task_progress(
        ctx["plan"], task, ctx["period"], request.user, search=ctx["search"], page=request.GET.get(PAGE_PARAM)
    )
    ctx.update(
        task=task,
        progress=progress.rows,
        progress_page=progress,
        page=progress.page,
        page_query=_query_without(request, PAGE_PARAM),
        status_labels=dict(TaskStatus.choices),
        ended=selectors.task_has_ended(task, ctx["period"]),
    )
    return render(request, "dashboards/task.html", ctx)


@requires("reporting.view_dashboard")
def submissions(request, ctx: dict) -> HttpResponse:
    data = selectors.submissions(
        ctx["plan"],
        ctx["period"],
        ctx["periods"],
        search=ctx["search"],
        group=request.GET.get(GROUP_PARAM, ""),
        timeliness_is=request.GET.get(TIMELINESS_PARAM, ""),
        page=request.GET.get(PAGE_PARAM),
    )
    ctx.update(
        data=data,
        page=data.page,
        chart=charts.timeliness_chart(data.history_summary),
        groups=selectors.GROUP_LABELS,
        group_param=GROUP_PARAM,
        timeliness_param=TIMELINESS_PARAM,
        timeliness_labels=Timeliness.labels,
        page_query=_query_without(request, PAGE_PARAM),
    )
    return render(request, "dashboards/submissions.html", ctx)


ITEM_PARAM = "chi_so"


def _statistics_choice(request, lines: list) -> tuple:
    """The item (and part) whose numbers by unit are shown: ?chi_so=<code> or <code>:<part>, else the first."""
    wanted = request.GET.get(ITEM_PARAM, "")
    for line in lines:
        if f"{line.item.code}:{line.key}".rstrip(":") == wanted:
            return line
    return lines[0] if lines else None


@requires("reporting.view_dashboard")
def statistics_page(request, ctx: dict) -> HttpResponse:
    """Số liệu thống kê toàn quốc: each item by year, missing never counted as zero; by unit for readers."""
    years = statistics.annual_periods(ctx["periods"])
    table = statistics.national_statistics(years, include_submitted=ctx["include_submitted"])
    chosen = _statistics_choice(request, table.lines)
    by_unit = None
    if chosen is not None and rules.has_perm("reporting.view_province_figures", request.user):
        by_unit = statistics.item_by_unit(chosen.item, chosen.key, years, include_submitted=ctx["include_submitted"])
    suffix = f"?{PROVISIONAL_PARAM}=1" if ctx["include_submitted"] else ""
    ctx.update(
        years=years,
        table=table,
        chosen=chosen,
        by_unit=by_unit,
        item_param=ITEM_PARAM,
        excel_url=reverse("dashboards:statistics-excel") + suffix
        if rules.has_perm("reporting.export_dashboard", request.user)
        else "",
    )
    return render(request, "dashboards/statistics.html", ctx)


@requires("reporting.export_dashboard")
def statistics_excel(request, ctx: dict) -> HttpResponse:
    years = statistics.annual_periods(ctx["periods"])
    table = statistics.national_statistics(years, include_submitted=ctx["include_submitted"])
    units = None
    if rules.has_perm("reporting.view_province_figures", request.user):
        units = statistics.lines_by_unit(
            [(line.item, line.key) for line in table.lines], years, include_submitted=ctx["include_submitted"]
        )
    content = excel.statistics_workbook(table, units)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    suffix = "-tam-tinh" if ctx["include_submitted"] else ""
    response["Content-Disposition"] = f'attachment; filename="so-lieu-thong-ke{suffix}.xlsx"'
    return response
