"""Reads of the reporting domain that pages, API, exports and reminders share."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import with_running_extensions
from agencies.collation import vn_sort_key
from agencies.models import Agency
from agencies.selectors import Lineage
from indicators.aggregation import cumulate_years
from indicators.models import Target
from plan808.clock import hanoi_today
from reporting import answers, fields
from reporting.models import (
    Attachment,
    DirectingDocument,
    IndicatorFigure,
    Report,
    ReportEvent,
    ReportingPeriod,
    SectionComment,
    StatisticItem,
    StatisticValue,
    TaskProgress,
    TaskStatus,
    TaskStatusUpdate,
)
from reporting.obligations import period_obligations
from tasks.models import Plan, Task


class Timeliness:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # the deadline passed and nothing was ever submitted
    NOT_YET = "not_yet"  # not submitted, and the deadline has not passed

    labels = {
        ON_TIME: gettext_lazy("Đúng hạn"),
        LATE: gettext_lazy("Muộn"),
        MISSING: gettext_lazy("Chưa gửi (quá hạn)"),
        NOT_YET: gettext_lazy("Chưa gửi"),
    }


def timeliness(period: ReportingPeriod, report: Report | None, now: datetime.datetime | None = None) -> str:
    """On time when first submitted before 00:00 Hà Nội on the day after the due day (``period.deadline``)."""
    return timeliness_of(period, report.first_submitted_at if report is not None else None, now)


def timeliness_of(
    period: ReportingPeriod, submitted: datetime.datetime | None, now: datetime.datetime | None = None
) -> str:
    """``timeliness`` from the moment a report was first submitted (None: never)."""
    if submitted is not None:
        return Timeliness.ON_TIME if period.is_on_time(submitted) else Timeliness.LATE
    return Timeliness.MISSING if (now or timezone.now()) >= period.deadline else Timeliness.NOT_YET


@dataclass
class PeriodReportRow:
    """One agency expected to report in a period, with its report (None when never started)."""

    agency: Agency
    report: Report | None
    status: str  # a Report.Status value, or "" when not started
    timeliness: str
    warnings: int = 0
    # False for a report from an agency not expected in the period (one that ended before its due
    # date, as a DOLISA merged on 1 July 2025): listed, never counted in a rate's numerator or denominator.
    expected: bool = True

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else _("Chưa lập")

    @property
    def timeliness_label(self) -> str:
        return str(Timeliness.labels[self.timeliness])


def period_reports(period: ReportingPeriod, now: datetime.datetime | None = None) -> list[PeriodReportRow]:
    """Every agency expected in ``period`` (from the agencies existing on its due date), in reporting order.

    Reports from agencies no longer expected (e.g. dissolved after they reported) are listed at the
    end, so nothing sent is hidden. A fixed number of queries, whatever the number of agencies.
    """
    obligations = period_obligations(period)
    reports = {
        r.agency_id: r
        for r in Report.objects.filter(period=period)
        .select_related("agency", "agency__parent")
        .annotate(warning_count=Count("figures", filter=~Q(figures__warning="")))
    }
    now = now or timezone.now()
    rows = []
    for agency in obligations.agencies:
        report = reports.pop(agency.pk, None)
        rows.append(_row(period, agency, report, now))
    for report in reports.values():
        rows.append(_row(period, report.agency, report, now, expected=False))
    return rows


def _row(period, agency, report, now, expected: bool = True) -> PeriodReportRow:
    return PeriodReportRow(
        agency=agency,
        report=report,
        status=report.status if report else "",
        timeliness=timeliness(period, report, now),
        warnings=getattr(report, "warning_count", 0) if report else 0,
        expected=expected,
    )


def period_summary(rows: Iterable[PeriodReportRow]) -> dict[str, int]:
    """Counts by status and by timeliness for the head of a review page, over the expected agencies
    (``unexpected``: reports from agencies not expected in the period, listed apart)."""
    summary = {"expected": 0, "not_started": 0, "unexpected": 0, **dict.fromkeys(Report.Status.values, 0)}
    summary.update(dict.fromkeys(Timeliness.labels, 0))
    for row in rows:
        if not row.expected:
            summary["unexpected"] += 1
            continue
        summary["expected"] += 1
        summary[row.status or "not_started"] += 1
        summary[row.timeliness] += 1
    return summary


def latest_task_status(plan: Plan, agencies: Iterable[Agency] | None = None) -> dict[tuple[int, int], TaskStatusUpdate]:
    """(task id, agency id) -> the newest status update of that agency on that task of ``plan``; one query."""
    newest = TaskStatusUpdate.objects.filter(task=OuterRef("task"), agency=OuterRef("agency")).order_by("-at", "-pk")
    updates = TaskStatusUpdate.objects.filter(task__plan=plan)
    if agencies is not None:
        updates = updates.filter(agency__in=[a.pk for a in agencies])
    updates = updates.filter(pk=Subquery(newest.values("pk")[:1])).select_related("user", "agency")
    return {(u.task_id, u.agency_id): u for u in updates}


def task_status_history(task: Task, agency: Agency | None = None) -> QuerySet[TaskStatusUpdate]:
    """The status updates of ``task``, newest first (of one agency when given)."""
    updates = task.status_updates.select_related("agency", "user").order_by("-at", "-pk")
    return updates.filter(agency=agency) if agency is not None else updates


def report_detail(queryset: QuerySet[Report], pk: int) -> Report:
    """One report with everything its form and review pages show, in a fixed number of queries."""
    return report_detail_queryset(queryset).get(pk=pk)


def report_rows_queryset(queryset: QuerySet[Report]) -> QuerySet[Report]:
    """``queryset`` reading, with each report, its figures and task rows: what a save works on."""
    return queryset.select_related("agency", "agency__parent", "period", "period__plan", "created_by").prefetch_related(
        Prefetch("figures", queryset=IndicatorFigure.objects.select_related("target").order_by("target__position")),
        Prefetch(
            "task_progress",
            queryset=TaskProgress.objects.select_related("task", "task__group").order_by("task__position"),
        ),
    )


def report_detail_queryset(queryset: QuerySet[Report]) -> QuerySet[Report]:
    """``queryset`` reading, with each report, everything its form and review pages show."""
    return report_rows_queryset(queryset).prefetch_related(
        Prefetch("events", queryset=ReportEvent.objects.select_related("user").order_by("at", "pk")),
        Prefetch("comments", queryset=SectionComment.objects.select_related("author").order_by("created_at")),
        "attachments",
        "documents",
        "statistics",
    )


def _read_with(report: Report, name: str) -> bool:
    return name in getattr(report, "_prefetched_objects_cache", {})


def report_figures(report: Report) -> list[IndicatorFigure]:
    """The report's figures with their targets, in the plan's order; no query when read with the report."""
    if _read_with(report, "figures"):
        return list(report.figures.all())
    return list(report.figures.select_related("target").order_by("target__position"))


def report_task_rows(report: Report) -> list[TaskProgress]:
    """The report's task rows with their tasks, in the plan's order; no query when read with the report."""
    if _read_with(report, "task_progress"):
        return list(report.task_progress.all())
    return list(report.task_progress.select_related("task").order_by("task__position"))


def report_documents(report: Report) -> list[DirectingDocument]:
    """The directing documents the report lists, in its order; no query when read with the report."""
    if _read_with(report, "documents"):
        return list(report.documents.all())
    return list(report.documents.order_by("position", "pk"))


def statistic_items(agency: Agency) -> list[StatisticItem]:
    """The active items of the statistics catalogue that ``agency``'s reports carry, in the catalogue's order.

    Read once per agency object: a save and its submission ask several times in one request, and a
    catalogue of any length costs one query.
    """
    cached = agency.__dict__.get("_statistic_items")
    if cached is None:
        cached = [item for item in statistic_catalogue() if item.reported_by(agency)]
        agency.__dict__["_statistic_items"] = cached
    return list(cached)


STATISTICS_CACHE_KEY = "reporting:statistic-catalogue"
STATISTICS_CACHE_SECONDS = 300  # the loader clears it; another process's local memory forgets it this soon


def statistic_catalogue() -> list[StatisticItem]:
    """Every active item of the statistics catalogue, from the cache (``load_statistics_file`` clears it)."""
    items = cache.get(STATISTICS_CACHE_KEY)
    if items is None:
        items = list(StatisticItem.objects.filter(is_active=True).order_by("position", "code"))
        cache.set(STATISTICS_CACHE_KEY, items, STATISTICS_CACHE_SECONDS)
    return items


def report_statistic_values(report: Report) -> dict[tuple[int, str], StatisticValue]:
    """The report's statistics by (item id, part; "" for the total); no query when read with the report."""
    return {(row.item_id, row.breakdown): row for row in report.statistics.all()}


@dataclass
class StatisticLine:
    """One item of a report's statistics as read: its total (or no-answer) and its parts."""

    item: StatisticItem
    total: StatisticValue | None
    parts: list[tuple[str, int | None]]

    @property
    def value(self) -> int | None:
        return self.total.value if self.total else None

    @property
    def no_answer_label(self) -> str:
        return str(answers.NoAnswer(self.total.no_answer).label) if self.total and self.total.no_answer else ""


def report_statistics(report: Report) -> list[tuple[str, list[StatisticLine]]]:
    """The report's statistics section, grouped by the catalogue's parts, answered or not."""
    saved = report_statistic_values(report)
    sections: list[tuple[str, list[StatisticLine]]] = []
    for item in statistic_items(report.agency):
        parts = [
            (part["label"], saved[(item.pk, part["key"])].value if (item.pk, part["key"]) in saved else None)
            for part in item.breakdowns
        ]
        line = StatisticLine(item=item, total=saved.get((item.pk, "")), parts=parts)
        if sections and sections[-1][0] == item.section:
            sections[-1][1].append(line)
        else:
            sections.append((item.section, [line]))
    return sections


def previous_figures(report: Report) -> dict[int, IndicatorFigure]:
    """{target id: figure} of the same agency's report of the period before (submitted at least once);
    empty when there is none. What the plausibility checks compare with: the numbers only, one query."""
    previous = (
        Report.objects.filter(
            agency_id=report.agency_id,
            period__plan_id=report.period.plan_id,
            period__due_date__lt=report.period.due_date,
            first_submitted_at__isnull=False,
        )
        .order_by("-period__due_date")
        .values("pk")[:1]
    )
    rows = (
        IndicatorFigure.objects.filter(report_id=Subquery(previous))
        .order_by()
        .only("pk", "report_id", "target_id", "numerator", "denominator")
    )
    return {row.target_id: row for row in rows}


def year_plans(report: Report) -> dict[int, tuple["Decimal", ReportingPeriod]]:
    """The planned targets the agency set in its earlier reports of the same year: {target id: (planned, period)}.

    Decision 29/QĐ-BLĐTBXH: an agency sets its own target for the year at the start of the year, in its
    first report of the year; a later report of that year shows that one and does not change it. One query.
    """
    rows = (
        IndicatorFigure.objects.filter(
            report__agency_id=report.agency_id,
            report__period__plan_id=report.period.plan_id,
            report__period__year=report.period.year,
            report__period__due_date__lt=report.period.due_date,
            planned__isnull=False,
        )
        .select_related("report__period")
        .order_by("report__period__due_date")
    )
    plans: dict[int, tuple[Decimal, ReportingPeriod]] = {}
    for figure in rows:
        plans.setdefault(figure.target_id, (figure.planned, figure.report.period))
    return plans


def with_year_plans(report: Report, figures: list[IndicatorFigure]) -> list[IndicatorFigure]:
    """``figures`` of ``report``, each with ``year_planned`` (the target for the year it shows) and
    ``plan_period`` (the earlier period that set it, or None when this report sets it). One query."""
    plans = year_plans(report)
    for figure in figures:
        inherited = plans.get(figure.target_id)
        figure.year_planned, figure.plan_period = inherited if inherited else (figure.planned, None)
    return figures


def report_missing(*, report: Report) -> dict[str, str]:
    """Everything that still prevents submission, keyed like the save errors (empty when it may be sent)."""
    missing: dict[str, str] = {}
    for figure in report_figures(report):
        code = figure.target.code
        if not figure.is_filled:
            missing[f"figures.{code}"] = _("Chưa nhập đủ số liệu chỉ tiêu %(code)s.") % {"code": code}
        elif figure.has_answer and not figure.answer_reason:
            missing[f"figures.{code}.answer_reason"] = _(
                "Chỉ tiêu %(code)s trả lời “không có số liệu” hoặc “không áp dụng”: cần ghi lý do."
            ) % {"code": code}
        elif figure.target.measure == Target.Measure.MONTHS_COVERED and not figure.answer and figure.items is None:
            missing[f"figures.{code}.items"] = _("Chưa nhập số tin, bài của chỉ tiêu %(code)s.") % {"code": code}
        if figure.warning and not figure.warning_comment:
            missing[f"figures.{code}.warning_comment"] = _(
                "Số liệu chỉ tiêu %(code)s có cảnh báo: cần xác nhận và giải trình."
            ) % {"code": code}
    for row in report_task_rows(report):
        code = row.task.code
        if not row.status:
            missing[f"tasks.{code}.status"] = _("Chưa chọn tình trạng nhiệm vụ %(code)s.") % {"code": code}
        elif row.status in (TaskStatus.IN_PROGRESS, TaskStatus.DONE) and not row.results:
            missing[f"tasks.{code}.results"] = _("Chưa ghi kết quả thực hiện nhiệm vụ %(code)s.") % {"code": code}
    values = report_statistic_values(report)
    for item in statistic_items(report.agency):
        total = values.get((item.pk, ""))
        if total is None or not answers.is_answered(value=total.value, no_answer=total.no_answer):
            missing[f"statistics.{item.code}"] = _(
                "Chưa nhập số liệu thống kê “%(label)s” (hoặc chọn “Không có số liệu”)."
            ) % {"label": item.label}
        elif total.no_answer and not total.no_answer_reason:
            missing[f"statistics.{item.code}.reason"] = _(
                "Số liệu thống kê “%(label)s”: ghi lý do không có số liệu."
            ) % {"label": item.label}
    # Listed budget, texts, dispatch: the order these messages have always had on the form's summary.
    for name in (*fields.BUDGET_FIELDS, *fields.text_fields(report.period), *fields.DISPATCH_FIELDS):
        if getattr(report, name) in (None, ""):
            missing[name] = fields.REPORT_FIELDS[name].missing_message
    if _read_with(report, "attachments"):
        signed = any(a.kind == Attachment.Kind.OFFICIAL_REPORT for a in report.attachments.all())
    else:
        signed = report.attachments.filter(kind=Attachment.Kind.OFFICIAL_REPORT).exists()
    if not signed:
        missing["attachments"] = _("Chưa đính kèm báo cáo có chữ ký, đóng dấu (PDF hoặc ảnh quét).")
    return missing


def agency_reports(agency: Agency, plan: Plan) -> list[tuple[ReportingPeriod, Report | None]]:
    """Each period of ``plan`` in which ``agency`` is expected or has reported, newest first, with its report."""
    # The agency's extensions are read once for every period (the rules ask for each closed one), and
    # each report gets its period object, not a query of its own.
    periods = with_running_extensions(plan.periods.order_by("-due_date"), agency.pk)
    reports = {r.period_id: r for r in Report.objects.filter(agency=agency, period__plan=plan)}
    by_pk = {p.pk: p for p in periods}
    for report in reports.values():
        report.period = by_pk[report.period_id]
    return [(p, reports.get(p.pk)) for p in periods if agency.exists_on(p.due_date) or p.pk in reports]


def open_periods(plan: Plan) -> QuerySet[ReportingPeriod]:
    return plan.periods.filter(is_open=True).order_by("due_date")


def current_period(plan: Plan, today: datetime.date | None = None) -> ReportingPeriod | None:
    """The open period whose due day is next (or the last one when all have passed)."""
    today = today or hanoi_today()
    periods = list(plan.periods.order_by("due_date"))
    upcoming = [p for p in periods if p.due_date >= today and p.is_open]
    return upcoming[0] if upcoming else (periods[-1] if periods else None)


@dataclass
class TermYear:
    """One year of an agency's accepted annual figures for a target (its predecessors' summed in)."""

    year: int
    numerator: int | None
    denominator: int | None

    @property
    def percent(self):
        if self.numerator is None or not self.denominator:
            return None
        return round(self.numerator * 100 / self.denominator, 1)


@dataclass
class TermFigure:
    """What the accepted annual reports already say about a target over the plan's term, per year and in all."""

    target: Target
    years: list[TermYear]

    @property
    def total(self) -> TermYear | None:
        """The whole term, by the cumulation rules of ``indicators.aggregation.cumulate_years``: Σ
        numerators / Σ denominators over the years with a figure; for cumulative coverage and yes/no,
        the last year's figure."""
        total = cumulate_years(self.target.measure, [(y.numerator, y.denominator) for y in self.years])
        return None if total is None else TermYear(0, total[0], total[1])


def term_figures(report: Report) -> dict[int, TermFigure]:
    """For an end-of-term review, {target id: the accepted annual figures of the plan's years}.

    The annual reports of the agency and of every agency whose duties passed to it (a 2025 Sở Y tế
    gets its province's DOLISAs' reports: Hà Giang's and Tuyên Quang's for Tuyên Quang), summed by
    year: Σ numerators and Σ denominators, a yes counted as 1 of 1, months as covered of 12. Empty for
    any other period. Two queries.
    """
    period = report.period
    if not period.is_end_of_term:
        return {}
    agencies = Lineage.load().ancestors(report.agency_id)
    targets = {f.target_id: f.target for f in report.figures.all()}
    sums: dict[tuple[int, int], list[int | None]] = {}
    rows = IndicatorFigure.objects.filter(
        report__status=Report.Status.ACCEPTED,
        report__agency_id__in=agencies,
        report__period__plan_id=period.plan_id,
        report__period__kind=ReportingPeriod.Kind.ANNUAL,
        target_id__in=targets,
    ).values_list("target_id", "report__period__year", "numerator", "denominator", "yes_no")
    for target_id, year, numerator, denominator, yes_no in rows:
        if yes_no is not None:
            numerator, denominator = int(yes_no), 1
        if targets[target_id].measure == Target.Measure.YOY_CHANGE:
            denominator = None
        if numerator is None:
            continue
        cell = sums.setdefault((target_id, year), [0, None])
        cell[0] += numerator
        if denominator is not None:
            cell[1] = (cell[1] or 0) + denominator
    return {
        target_id: TermFigure(
            target=target,
            years=[TermYear(year, *sums.get((target_id, year), (None, None))) for year in period.plan.years],
        )
        for target_id, target in targets.items()
    }


def accepted_reports(reports: QuerySet[Report]) -> list[tuple[ReportingPeriod, list[Report]]]:
    """The accepted ``reports`` (already narrowed to what the reader may open), by period, newest period
    first, agencies in Vietnamese order within each; one query."""
    rows = list(reports.filter(status=Report.Status.ACCEPTED).select_related("agency", "period"))
    by_period: dict[int, tuple[ReportingPeriod, list[Report]]] = {}
    for report in rows:
        by_period.setdefault(report.period_id, (report.period, []))[1].append(report)
    groups = sorted(by_period.values(), key=lambda group: group[0].due_date, reverse=True)
    return [(period, sorted(items, key=lambda r: vn_sort_key(r.agency.display_name))) for period, items in groups]


@dataclass
class AwaitingApproval:
    """A report on the approver's list: who sent it for approval, and when."""

    report: Report
    sent_by: object  # the officer (accounts.User) who pressed "send"
    sent_at: datetime.datetime
    timeliness: str  # what the ministry would read if it were approved now


def awaiting_approval(reports: QuerySet[Report], now: datetime.datetime | None = None) -> list[AwaitingApproval]:
    """The ``reports`` (already narrowed to the approver's agency) that await approval, oldest request
    first; two queries whatever their number."""
    rows = list(
        reports.filter(status=Report.Status.PENDING_APPROVAL)
        .select_related("agency", "period")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ReportEvent.objects.filter(action=ReportEvent.Action.REQUEST_APPROVAL)
                .select_related("user")
                .order_by("-at", "-pk"),
                to_attr="approval_requests",
            )
        )
    )
    now = now or timezone.now()
    items = []
    for report in rows:
        request = report.approval_requests[0] if report.approval_requests else None
        items.append(
            AwaitingApproval(
                report=report,
                sent_by=request.user if request else None,
                sent_at=request.at if request else report.updated_at,
                timeliness=timeliness_of(report.period, report.first_submitted_at or now, now),
            )
        )
    return sorted(items, key=lambda item: item.sent_at)
