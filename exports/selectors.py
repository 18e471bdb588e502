"""What the consolidated report, an agency's report and the analysts' workbook show, read once.

Every function runs a fixed number of queries, whatever the number of provinces or agencies; the
national figures come from ``indicators.aggregation`` (the dashboards' own numbers), so a PDF never
disagrees with the portal.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import rules
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import User
from agencies.models import PROVINCIAL_DEPARTMENT_KINDS, Agency
from exports.letterhead import issuing_body
from exports.models import STALE_AFTER, ConsolidatedDraft, ConsolidatedDraftVersion, ExportJob, IssuedReport
from indicators.aggregation import (
    NationalFigure,
    agency_monitoring,
    figures_table,
    national_figures,
    province_figures,
)
from indicators.models import Target
from plan808.numbers import MISSING, number, percent
from reporting.fields import BUDGET_FIELDS, REPORT_FIELDS
from reporting.models import IndicatorFigure, Report, ReportingPeriod, TaskProgress, TaskStatus
from reporting.obligations import PROVINCIAL_KINDS, period_obligations
from reporting.selectors import TermFigure, TermYear, report_statistics, with_year_plans
from reporting.statistics import national_statistics
from tasks.models import Task, TaskGroup


@dataclass
class Submission:
    agency: Agency
    report: Report | None

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else "Chưa gửi"

    @property
    def submitted(self) -> bool:
        return (
            self.report is not None
            and self.report.first_submitted_at is not None
            and self.report.status
            in (
                Report.Status.SUBMITTED,
                Report.Status.ACCEPTED,
            )
        )

    @property
    def timeliness(self) -> str:
        if self.report is None or self.report.first_submitted_at is None:
            return ""
        return "Đúng hạn" if self.report.is_on_time else "Muộn"


@dataclass
class TaskSection:
    task: Task
    counts: dict[str, int]  # status -> agencies
    central: list[tuple[Agency, TaskProgress]]
    provinces: list[tuple[Agency, TaskProgress]]

    @property
    def status_text(self) -> str:
        parts = [
            f"{label.lower()}: {self.counts[value]}" for value, label in TaskStatus.choices if self.counts.get(value)
        ]
        return "; ".join(parts)

    @property
    def reported(self) -> int:
        return sum(self.counts.values())


@dataclass
class BudgetRow:
    label: str
    central: int
    local: int

    @property
    def total(self) -> int:
        return self.central + self.local


@dataclass
class FigureMatrix:
    """Agencies × targets, each cell the agency's figure as text ("" when it did not report it)."""

    targets: list[Target]
    rows: list[tuple[Agency, list[str]]]


@dataclass
class Consolidated:
    period: ReportingPeriod
    include_submitted: bool
    submissions: list[Submission]
    groups: list[tuple[TaskGroup, list[TaskSection]]]
    figures: list[NationalFigure]
    budget: list[BudgetRow]
    budget_reports: int
    limitations: list[tuple[Agency, str]]
    causes: list[tuple[Agency, str]]
    directions: list[tuple[Agency, str]]
    proposals: list[tuple[Agency, str]]
    province_matrix: FigureMatrix
    central_matrix: FigureMatrix
    statistics: list = field(default_factory=list)  # reporting.statistics.Line, one cell: this period
    # The end-of-term review only: the lessons learnt, and each target over the term's years.
    lessons: list[tuple[Agency, str]] = field(default_factory=list)
    term: list["TermRow"] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.submissions)

    @property
    def submitted(self) -> list[Submission]:
        return [s for s in self.submissions if s.submitted]

    @property
    def on_time(self) -> int:
        return sum(1 for s in self.submitted if s.report.is_on_time)

    @property
    def accepted(self) -> int:
        return sum(1 for s in self.submissions if s.report and s.report.status == Report.Status.ACCEPTED)

    @property
    def missing(self) -> list[Submission]:
        return [s for s in self.submissions if not s.submitted]

    @property
    def provinces_expected(self) -> int:
        return sum(1 for s in self.submissions if s.agency.kind in PROVINCIAL_KINDS)

    @property
    def provinces_submitted(self) -> int:
        return sum(1 for s in self.submitted if s.agency.kind in PROVINCIAL_KINDS)

    @property
    def counted_submissions(self) -> list[Submission]:
        """The submissions whose reports the figures and compiled texts are drawn from."""
        statuses = counted_statuses(self.include_submitted)
        return [s for s in self.submissions if s.report and s.report.status in statuses]

    @property
    def counted(self) -> int:
        """How many reports the figures and compiled texts are drawn from."""
        return len(self.counted_submissions)

    @property
    def provinces_counted(self) -> int:
        return sum(1 for s in self.counted_submissions if s.agency.kind in PROVINCIAL_KINDS)

    @property
    def central_counted(self) -> int:
        return sum(1 for s in self.counted_submissions if s.agency.kind not in PROVINCIAL_KINDS)

    @property
    def awaiting_review(self) -> int:
        """Reports sent and not yet accepted that this report leaves out (none in a draft that counts them)."""
        if self.include_submitted:
            return 0
        return sum(1 for s in self.submissions if s.report and s.report.status == Report.Status.SUBMITTED)


@dataclass
class TermRow:
    """One target over the plan's term, nationally: the accepted annual figure of each year (None where
    the year has no annual period) and the whole term by ``indicators.aggregation.cumulate_years``."""

    target: Target
    years: list[tuple[int, NationalFigure | None]]
    term: TermFigure

    @property
    def total(self) -> TermYear | None:
        return self.term.total


def term_rows(period: ReportingPeriod, *, include_submitted: bool = False) -> list[TermRow]:
    """Each target of the plan over its term, from the national figures of the annual periods (the
    dashboards' own numbers); the whole-term value is the one rule of ``cumulate_years``, through
    ``reporting.selectors.TermFigure`` (a ratio is Σ numerators / Σ denominators of the years)."""
    table = figures_table(period.plan, include_submitted=include_submitted)
    annual = {p.year: p for p in table.periods if p.kind == ReportingPeriod.Kind.ANNUAL}
    rows = []
    for target in table.targets:
        years = [(year, table.get(annual[year], target) if year in annual else None) for year in period.plan.years]
        term = TermFigure(
            target=target,
            years=[
                TermYear(year, figure.numerator, figure.denominator)
                if figure is not None
                else TermYear(year, None, None)
                for year, figure in years
            ],
        )
        rows.append(TermRow(target=target, years=years, term=term))
    return rows


def counted_statuses(include_submitted: bool) -> tuple[str, ...]:
    if include_submitted:
        return (Report.Status.ACCEPTED, Report.Status.SUBMITTED)
    return (Report.Status.ACCEPTED,)


def consolidated(period: ReportingPeriod, *, include_submitted: bool = False) -> Consolidated:
    """Everything the consolidated report of ``period`` shows (accepted reports; submitted too if asked)."""
    obligations = period_obligations(period)
    agencies = obligations.agencies
    by_id = {a.pk: a for a in agencies}
    reports = {r.agency_id: r for r in Report.objects.filter(period=period).select_related("period")}
    statuses = counted_statuses(include_submitted)
    counted_ids = [r.pk for r in reports.values() if r.status in statuses and r.agency_id in by_id]

    groups = _task_groups(period, counted_ids, by_id)
    budget, budget_reports = _budget(counted_ids)
    texts = [
        (by_id[r.agency_id], r) for a in agencies if (r := reports.get(a.pk)) is not None and r.pk in set(counted_ids)
    ]
    targets = [t for t in period.plan.targets.order_by("position") if t.applies_in(period.year)]
    return Consolidated(
        period=period,
        include_submitted=include_submitted,
        submissions=[Submission(agency=a, report=reports.get(a.pk)) for a in agencies],
        groups=groups,
        figures=[
            f for f in national_figures(period, include_submitted=include_submitted) if f.target.applies_in(period.year)
        ],
        budget=budget,
        budget_reports=budget_reports,
        limitations=[(a, r.limitations.strip()) for a, r in texts if r.limitations.strip()],
        causes=[(a, r.causes.strip()) for a, r in texts if r.causes.strip()],
        directions=[(a, r.directions.strip()) for a, r in texts if r.directions.strip()],
        proposals=[(a, r.proposals.strip()) for a, r in texts if r.proposals.strip()],
        lessons=[(a, r.lessons.strip()) for a, r in texts if r.lessons.strip()] if period.is_end_of_term else [],
        term=term_rows(period, include_submitted=include_submitted) if period.is_end_of_term else [],
        province_matrix=_province_matrix(period, agencies, targets, include_submitted),
        central_matrix=_central_matrix(counted_ids, agencies, targets),
        statistics=national_statistics([period], include_submitted=include_submitted).lines,
    )


@dataclass
class GroupProgress:
    """The counted reports' progress on one task group's tasks."""

    agencies: int  # agencies that gave a status on at least one of its tasks
    provinces: int  # of which provinces' departments
    counts: dict[str, int]  # status -> (agency, task) pairs

    @property
    def central(self) -> int:
        return self.agencies - self.provinces


def group_progress(report_ids: list[int]) -> dict[int, GroupProgress]:
    """{task group id: its progress} over the reports ``report_ids``; one query."""
    statuses = {f"n_{value}": Count("id", filter=Q(status=value)) for value, _label in TaskStatus.choices}
    rows = (
        TaskProgress.objects.filter(report_id__in=report_ids)
        .exclude(status="")
        .values("task__group_id")
        .annotate(
            agencies=Count("report__agency_id", distinct=True),
            provinces=Count(
                "report__agency_id", distinct=True, filter=Q(report__agency__kind__in=list(PROVINCIAL_KINDS))
            ),
            **statuses,
        )
        .order_by()
    )
    return {
        row["task__group_id"]: GroupProgress(
            agencies=row["agencies"],
            provinces=row["provinces"],
            counts={value: row[f"n_{value}"] for value, _label in TaskStatus.choices if row[f"n_{value}"]},
        )
        for row in rows
    }


def _task_groups(period, counted_ids, by_id) -> list[tuple[TaskGroup, list[TaskSection]]]:
    tasks = [
        t
        for t in period.plan.tasks.select_related("group", "plan").order_by("position")
        # the end-of-term review reports on every task of the term, one that ended in 2023 too
        if period.is_end_of_term or t.runs_in(period.year)
    ]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        TaskProgress.objects.filter(report_id__in=counted_ids)
        .exclude(status="")
        .values("task_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["task_id"]][row["status"]] = row["n"]
    entries: dict[int, list[TaskProgress]] = defaultdict(list)
    progress = TaskProgress.objects.filter(report_id__in=counted_ids).exclude(results="").select_related("report")
    for item in progress.order_by("task__position"):
        entries[item.task_id].append(item)
    order = {agency_id: i for i, agency_id in enumerate(by_id)}
    grouped: dict[int, tuple[TaskGroup, list[TaskSection]]] = {}
    for task in tasks:
        items = sorted(entries.get(task.pk, []), key=lambda p: order.get(p.report.agency_id, 0))
        pairs = [(by_id[p.report.agency_id], p) for p in items if p.report.agency_id in by_id]
        section = TaskSection(
            task=task,
            counts=counts.get(task.pk, {}),
            central=[(a, p) for a, p in pairs if a.kind not in PROVINCIAL_KINDS],
            provinces=[(a, p) for a, p in pairs if a.kind in PROVINCIAL_KINDS],
        )
        grouped.setdefault(task.group_id, (task.group, []))[1].append(section)
    return list(grouped.values())


# The PDF is a Vietnamese document whatever the reader's language: the catalogue's labels as written.
BUDGET_SOURCES = tuple((name, REPORT_FIELDS[name].label) for name in BUDGET_FIELDS)


def _budget(counted_ids) -> tuple[list[BudgetRow], int]:
    """Spending by source, central agencies and provinces apart, in đồng: one aggregate query."""
    provincial = Q(agency__kind__in=PROVINCIAL_KINDS)
    aggregates = {}
    for name, _label in BUDGET_SOURCES:
        aggregates[f"{name}_c"] = Sum(name, filter=~provincial)
        aggregates[f"{name}_l"] = Sum(name, filter=provincial)
    aggregates["n"] = Count(
        "id", filter=Q(budget_central__isnull=False) | Q(budget_local__isnull=False) | Q(budget_other__isnull=False)
    )
    sums = Report.objects.filter(pk__in=counted_ids).aggregate(**aggregates)
    rows = [BudgetRow(label, sums[f"{name}_c"] or 0, sums[f"{name}_l"] or 0) for name, label in BUDGET_SOURCES]
    return rows, sums["n"]


def figure_text(
    target: Target,
    value: Decimal | None,
    *,
    numerator=None,
    denominator=None,
    yes_no=None,
    answer: str = "",
    denominator_answer: str = "",
) -> str:
    """One agency's figure as the annex prints it: "82,7%", "Có", "6/6 tháng", "125 vụ", "Không có số liệu".

    An answer instead of the figure (or of its denominator) is printed as such, never as 0 or a blank.
    """
    if answer:
        return str(IndicatorFigure.Answer(answer).label)
    if denominator_answer:
        return f"{number(numerator)} (mẫu số: {str(IndicatorFigure.Answer(denominator_answer).label).lower()})"
    if target.measure == Target.Measure.YES_NO_SHARE:
        return "" if yes_no is None else ("Có" if yes_no else "Không")
    if target.measure == Target.Measure.MONTHS_COVERED:
        return "" if numerator is None else f"{numerator}/{denominator} tháng"
    if target.measure == Target.Measure.YOY_CHANGE:
        return "" if numerator is None else number(numerator)
    if value is None:
        return "" if numerator is None else MISSING  # reported, but the rate cannot be computed
    return percent(value, -1)


def _raw_figures(report_filter: Q, targets) -> dict[tuple[int, int], dict]:
    rows = IndicatorFigure.objects.filter(report_filter, target__in=targets).values(
        "report__agency_id", "target_id", "numerator", "denominator", "yes_no", "answer", "denominator_answer"
    )
    return {(r["report__agency_id"], r["target_id"]): r for r in rows}


def _province_matrix(period, agencies, targets, include_submitted) -> FigureMatrix:
    provincial_targets = [t for t in targets if t.level != Target.Level.CENTRAL]
    values = province_figures(period, include_submitted=include_submitted)
    raw = _raw_figures(
        Q(report__period=period, report__status__in=counted_statuses(include_submitted)), provincial_targets
    )
    rows = []
    for agency in agencies:
        if agency.kind not in PROVINCIAL_DEPARTMENT_KINDS:  # Sở LĐTBXH to 2025-H1, Sở Y tế from 2025-FY
            continue
        cells = []
        for target in provincial_targets:
            r = raw.get((agency.pk, target.pk), {})
            cells.append(
                figure_text(
                    target,
                    values.get((agency.pk, target.code)),
                    numerator=r.get("numerator"),
                    denominator=r.get("denominator"),
                    yes_no=r.get("yes_no"),
                    answer=r.get("answer", ""),
                    denominator_answer=r.get("denominator_answer", ""),
                )
            )
        rows.append((agency, cells))
    return FigureMatrix(targets=provincial_targets, rows=rows)


def _central_matrix(counted_ids, agencies, targets) -> FigureMatrix:
    raw = _raw_figures(Q(report_id__in=counted_ids), targets)
    central = [a for a in agencies if a.kind not in PROVINCIAL_KINDS]
    used = [t for t in targets if any((a.pk, t.pk) in raw for a in central)]
    rows = []
    for agency in central:
        cells = []
        for target in used:
            r = raw.get((agency.pk, target.pk))
            if r is None:
                cells.append("")
                continue
            value = None
            if r["numerator"] is not None and r["denominator"]:
                value = Decimal(r["numerator"]) * 100 / Decimal(r["denominator"])
            cells.append(
                figure_text(
                    target,
                    value,
                    numerator=r["numerator"],
                    denominator=r["denominator"],
                    yes_no=r["yes_no"],
                    answer=r["answer"],
                    denominator_answer=r["denominator_answer"],
                )
            )
        if any(cells):
            rows.append((agency, cells))
    return FigureMatrix(targets=used, rows=rows)


@dataclass
class AgencyReport:
    report: Report
    period: ReportingPeriod
    agency: Agency
    tasks: list[tuple[Task, TaskProgress | None]]
    figures: list[tuple[Target, IndicatorFigure | None, str]]
    documents: list = field(default_factory=list)  # the directing documents the report lists
    statistics: list = field(default_factory=list)  # (section, [reporting.selectors.StatisticLine])


def agency_report(period: ReportingPeriod, agency: Agency) -> AgencyReport:
    """One agency's report of ``period`` with every task and target it reports on, filled or not."""
    report = Report.objects.select_related("agency", "agency__parent", "period__plan").get(period=period, agency=agency)
    obligations = period_obligations(period)
    tasks = obligations.tasks.get(agency.pk, [])
    targets = obligations.targets.get(agency.pk, [])
    progress = {p.task_id: p for p in report.task_progress.all()}
    # Each figure with the year's planned target it shows (Decision 29: set in the year's first report).
    figures = {f.target_id: f for f in with_year_plans(report, list(report.figures.select_related("target")))}
    rows = []
    for target in targets:
        f = figures.get(target.pk)
        value = None
        if f is not None and f.numerator is not None and f.denominator:
            value = Decimal(f.numerator) * 100 / Decimal(f.denominator)
        text = (
            figure_text(
                target,
                value,
                numerator=f.numerator,
                denominator=f.denominator,
                yes_no=f.yes_no,
                answer=f.answer,
                denominator_answer=f.denominator_answer,
            )
            if f
            else ""
        )
        rows.append((target, f, text))
    return AgencyReport(
        report=report,
        period=period,
        agency=report.agency,
        tasks=[(t, progress.get(t.pk)) for t in tasks],
        figures=rows,
        documents=list(report.documents.all()),
        statistics=report_statistics(report),
    )


def visible_jobs(user):
    """Export jobs the user may follow: every job for an admin, the user's own otherwise."""
    jobs = ExportJob.objects.select_related("period", "agency", "requested_by").order_by("-created_at", "-pk")
    if not user.is_authenticated:
        return jobs.none()
    if rules.has_perm("reporting.export", user):
        return jobs
    return jobs.filter(requested_by=user)


def pending_job(user) -> ExportJob | None:
    """The user's export still queued or being made: the export page disables its button meanwhile."""
    return (
        ExportJob.objects.filter(
            requested_by=user,
            status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
            created_at__gte=timezone.now() - STALE_AFTER,
        )
        .select_related("period")
        .first()
    )


def issuable_jobs():
    """Consolidated PDFs of accepted reports, rendered and not yet issued: what a reviewer may issue."""
    return (
        ExportJob.objects.filter(
            kind=ExportJob.Kind.PDF_CONSOLIDATED, status=ExportJob.Status.DONE, include_submitted=False
        )
        .exclude(file="")
        .exclude(pk__in=IssuedReport.objects.filter(source_job__isnull=False).values("source_job"))
        .select_related("period")
        .order_by("-finished_at", "-pk")
    )


def issued_reports():
    """Every issued report, newest first, with what it replaced and who issued it (one query)."""
    return IssuedReport.objects.select_related(
        "period", "issued_by", "replaces", "replaced_by", "signed_uploaded_by"
    ).order_by("-issued_at", "-pk")


def issued_in_force(period) -> IssuedReport | None:
    """The period's issued report that no correction has replaced."""
    return IssuedReport.objects.filter(period=period, replaced_by__isnull=True).first()


def signer_candidates(period: ReportingPeriod | None = None):
    """Who may sign the consolidated report: active users with a position in the issuing body of
    ``period`` or its ministry (of every period's issuing body when ``period`` is None), first created first."""
    periods = [period] if period is not None else ReportingPeriod.objects.select_related("plan__issuer")
    ids = set()
    for each in periods:
        body = issuing_body(each)
        ids.update({body.pk, body.parent_id} - {None})
    return (
        User.objects.filter(agency_id__in=ids, is_active=True)
        .exclude(position="")
        .select_related("agency")
        .order_by("pk")
    )


# Who heads a body (Decree 30/2020, Art. 13: the head signs, or a deputy "KT." for the head).
HEAD_TITLES = ("bộ trưởng", "cục trưởng", "tổng cục trưởng", "vụ trưởng", "giám đốc", "chủ tịch", "viện trưởng")


def signing_rank(position: str) -> int:
    """0 for a head ("Cục trưởng"), 1 for a deputy ("Phó Cục trưởng"), 2 for anyone else with a position."""
    title = position.strip().lower()
    if title.startswith(HEAD_TITLES):
        return 0
    if title.startswith("phó ") and title[4:].startswith(HEAD_TITLES):
        return 1
    return 2


def default_signer(period: ReportingPeriod):
    """The signer when the reviewer chose none: the issuing body's head, else a deputy, else the first
    with a position, then the same among its ministry's people; None only when neither has anyone."""
    body = issuing_body(period)
    candidates = list(signer_candidates(period))
    if not candidates:
        return None
    return min(candidates, key=lambda u: (u.agency_id != body.pk, signing_rank(u.position), u.pk))


def latest_draft_version(period: ReportingPeriod) -> ConsolidatedDraftVersion | None:
    """The latest saved version of the period's draft (what its PDF renders), None without a draft."""
    return (
        ConsolidatedDraftVersion.objects.filter(draft__period=period)
        .select_related("draft")
        .order_by("-number")
        .first()
    )


def draft_of(period: ReportingPeriod) -> ConsolidatedDraft | None:
    return (
        ConsolidatedDraft.objects.filter(period=period)
        .select_related("period__plan", "signer__agency", "updated_by")
        .first()
    )


def draft_versions(draft: ConsolidatedDraft):
    """The draft's versions, newest first, with who saved each."""
    return draft.versions.select_related("saved_by").order_by("-number")


def draft_jobs(draft: ConsolidatedDraft):
    """The files rendered from the draft's period by the draft page (newest first), with whether issued."""
    return (
        ExportJob.objects.filter(period=draft.period, draft_version__draft=draft)
        .select_related("requested_by", "draft_version")
        .order_by("-created_at", "-pk")
    )


def issued_job_ids(period: ReportingPeriod) -> list[int]:
    """The renderings of ``period`` already issued (the draft page marks them)."""
    return list(
        IssuedReport.objects.filter(period=period, source_job__isnull=False).values_list("source_job_id", flat=True)
    )


@dataclass
class NationalMonitoring:
    """Decision 29/QĐ-BLĐTBXH's columns for one target, nationally: the cumulative value over the plan up
    to the period (``cumulate_years`` over each year's national figure) and how many agencies that set
    their own target for the year met it in the period."""

    target: Target
    cumulative: TermYear | None  # None: no year holds a figure yet
    years: int  # years the cumulative value draws on
    planned: int  # agencies that set their own target for the year and reported the period
    met: int  # of those, agencies whose value of the period meets it


def national_monitoring(period: ReportingPeriod, *, include_submitted: bool = False) -> dict[int, NationalMonitoring]:
    """``{target id: NationalMonitoring}`` for the consolidated report's targets table (Decision 29).

    Each year of the plan up to ``period`` counts once, as ``indicators/README.md`` says for an agency:
    its annual national figure, or the half-year one while the year's annual period is not yet due
    (this period's own figure for its year); the cumulation rules are ``cumulate_years`` (a ratio of
    sums; yes/no and cumulative coverage the latest year; counts add). Two reads: the cached figures
    table and one query of the agencies' figures."""
    table = figures_table(period.plan, include_submitted=include_submitted)
    by_year: dict[int, ReportingPeriod] = {}
    for each in table.periods:
        if each.due_date > period.due_date or each.kind == ReportingPeriod.Kind.END_OF_TERM:
            continue
        if each.year not in by_year or each.kind == ReportingPeriod.Kind.ANNUAL:
            by_year[each.year] = each
    monitoring = agency_monitoring(period, include_submitted=include_submitted)
    plans: dict[int, list] = defaultdict(list)
    for row in monitoring.values():
        if row.reported and row.plan_met is not None:
            plans[row.target.pk].append(row.plan_met)
    result = {}
    for target in table.targets:
        years = []
        for year in sorted(by_year):
            figure = table.get(by_year[year], target)
            years.append(TermYear(year, figure.numerator, figure.denominator))
        total = TermFigure(target=target, years=years).total
        counted = sum(1 for y in years if y.numerator is not None and y.denominator is not None)
        if target.measure == Target.Measure.YOY_CHANGE:
            counted = sum(1 for y in years if y.numerator is not None)
        outcomes = plans.get(target.pk, [])
        result[target.pk] = NationalMonitoring(
            target=target,
            cumulative=total,
            years=counted,
            planned=len(outcomes),
            met=sum(1 for met in outcomes if met),
        )
    return result
