"""Reads behind the dashboards: periods, the heat map, the tasks board, task progress, submissions.

National figures come from ``indicators.aggregation``; everything here runs a fixed number of
queries whatever the number of provinces, agencies or periods.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.rules import visible
from agencies.collation import search_key, vn_sort_key
from agencies.models import Agency
from agencies.selectors import Lineage
from indicators import aggregation
from indicators.cache import REPORTS, STRUCTURE, cached, dashboard_generation
from indicators.models import Target
from plan808.clock import HANOI, hanoi_today
from reporting.models import Report, ReportingPeriod, TaskProgress, TaskStatus, TaskStatusUpdate
from reporting.obligations import period_obligations
from reporting.selectors import Timeliness, timeliness, timeliness_of
from tasks.models import Plan, Responsibility, Task
from tasks.responsibility import Reading, plan_task_roles

# A report that has been sent at least once (a returned one is back with its agency but was sent).
SENT_STATUSES = (Report.Status.SUBMITTED, Report.Status.RETURNED, Report.Status.ACCEPTED)


# -- periods -------------------------------------------------------------------------------------


def plan_periods(plan: Plan) -> list[ReportingPeriod]:
    return list(plan.periods.order_by("due_date"))


def default_period(periods: list[ReportingPeriod], today=None) -> ReportingPeriod | None:
    """The latest period whose due day has come in Hà Nội (its reports are in), else the first."""
    today = today or hanoi_today()
    due = [p for p in periods if p.due_date <= today]
    return due[-1] if due else (periods[0] if periods else None)


def pick_period(periods: list[ReportingPeriod], code: str | None) -> ReportingPeriod | None:
    chosen = next((p for p in periods if p.code == code), None) if code else None
    return chosen or default_period(periods)


# -- provinces × targets -------------------------------------------------------------------------

MISSING = "missing"
NO_VALUE = "no_value"
NEAR = "near"
FAR = "far"


def attainment(target: Target, value: Decimal | None, reported: bool = True) -> str:
    """The heat map's colour class: met, near (≥ 3/4 of the way for "at least"), far, missing."""
    if not reported:
        return MISSING
    if value is None:
        return NO_VALUE
    if target.is_met(value):
        return aggregation.MET
    if target.comparator == Target.Comparator.GTE and target.threshold and value >= target.threshold * 3 / 4:
        return NEAR
    return FAR


@dataclass
class Cell:
    target: Target
    value: Decimal | None
    reported: bool
    answer: str = ""  # "no_data" / "not_applicable": answered instead of a figure (still missing)
    answer_text: str = ""  # with the reason

    @property
    def css(self) -> str:
        return attainment(self.target, self.value, self.reported)


@dataclass
class ProvinceRow:
    agency: Agency  # the provincial DOLISA that reports
    cells: list[Cell]

    @property
    def name(self) -> str:
        return self.agency.province_name or self.agency.display_name

    @property
    def met_count(self) -> int:
        return sum(1 for c in self.cells if c.css == aggregation.MET)

    @property
    def reported_count(self) -> int:
        return sum(1 for c in self.cells if c.reported)


def provincial_targets(plan: Plan, period: ReportingPeriod) -> list[Target]:
    """The targets provinces report in ``period`` (2a belongs to the central press)."""
    return [
        t
        for t in plan.targets.select_related("plan").order_by("position")
        if t.level != Target.Level.CENTRAL and t.applies_in(period.year)
    ]


def cached_province_figures(period: ReportingPeriod, include_submitted: bool) -> dict:
    if include_submitted:
        return aggregation.province_figures(period, include_submitted=True)
    key = f"dashboards:{dashboard_generation()}:provinces:{period.pk}"
    figures = cache.get(key)
    if figures is None:
        figures = aggregation.province_figures(period)
        cache.set(key, figures, aggregation.CACHE_SECONDS)
    return figures


def _reporting_departments(existing: list[Agency], period: ReportingPeriod) -> set[int]:
    """The ids of the departments reporting for a province on the due date, among ``existing`` (the heat map's rows)."""
    return set().union(*Lineage.load().reporting_departments(existing, period.due_date).values())


def provinces_of(period: ReportingPeriod) -> list[Agency]:
    """The departments reporting for a province on the period's due date (its DOLISA up to 30 June
    2025, its Sở Y tế after, or an admin's choice), in Vietnamese order of province."""
    existing = list(Agency.objects.existing_on(period.due_date).select_related("parent"))
    reporters = _reporting_departments(existing, period)
    return sorted((a for a in existing if a.pk in reporters), key=lambda a: vn_sort_key(a.province_name))


@dataclass(frozen=True)
class UnitEntry:
    """A line of a long list, light enough to keep in the cache: thousands are read per request."""

    pk: int
    sort_name: str  # the province for a province's department, else the agency's name
    name: str
    display_name: str
    code: str
    provincial: bool = True


def province_index(period: ReportingPeriod) -> list[UnitEntry]:
    """``provinces_of(period)`` as cache-light entries, kept until who reports changes (``STRUCTURE``)."""
    return cached(
        f"province-index:{period.pk}",
        lambda: [UnitEntry(a.pk, a.province_name, a.name, a.display_name, a.code) for a in provinces_of(period)],
        depends_on=(STRUCTURE,),
    )


def _agencies_in_order(entries) -> list[Agency]:
    """The agencies of ``entries`` (a page), with their province, in the entries' order; one query
    even for an empty page (id 0 is never used), so a page's query count does not depend on it."""
    by_pk = {a.pk: a for a in Agency.objects.select_related("parent").filter(pk__in=[e.pk for e in entries] or [0])}
    return [by_pk[e.pk] for e in entries if e.pk in by_pk]


def provinces_today() -> list[Agency]:
    """The departments reporting for a province today in Hà Nội (today's 34 since 1 July 2025), in
    Vietnamese order of province."""
    day = hanoi_today()
    existing = list(Agency.objects.existing_on(day).select_related("parent"))
    reporters = set().union(*Lineage.load().reporting_departments(existing, day).values())
    return sorted((a for a in existing if a.pk in reporters), key=lambda a: vn_sort_key(a.province_name))


# A page of the heat map, the submissions and a task's agencies: what a person reads at once. The
# 63 provinces of today (34 after the merger) fit on one page; 3,300 communes take pages, a search
# and a sort done here, before the page is cut.
ROWS_PER_PAGE = 100
SORT_BY_NAME = "ten"
SORT_BY_MET = "dat"


def matches(search: str, *names: str) -> bool:
    """Whether any of ``names`` holds ``search``, folded (tones, đ, case) on both sides."""
    wanted = search_key(search)
    return not wanted or any(wanted in search_key(name) for name in names if name)


@dataclass
class HeatMap:
    targets: list[Target]
    rows: list[ProvinceRow]  # the rows of the page shown
    page: Page
    search: str
    sort: str  # "" (Vietnamese order of province), "ten", "dat" or a target code; "-" before: descending
    total: int  # every province of the period, found or not

    @property
    def sorted_on(self) -> str:
        return self.sort.removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")


def _sorted_provinces(agencies: list[UnitEntry], targets: list[Target], figures: dict, sort: str) -> list[UnitEntry]:
    """``agencies`` (in Vietnamese order) sorted on a column; a province without a figure stays last."""
    column, descending = sort.removeprefix("-"), sort.startswith("-")
    if column == SORT_BY_NAME:
        return list(reversed(agencies)) if descending else agencies
    if column == SORT_BY_MET:
        met = {
            a.pk: sum(
                1
                for t in targets
                if attainment(t, figures.get((a.pk, t.code)), (a.pk, t.code) in figures) == aggregation.MET
            )
            for a in agencies
        }
        return sorted(agencies, key=lambda a: met[a.pk], reverse=descending)
    if column not in {t.code for t in targets}:
        return agencies
    with_value = [a for a in agencies if figures.get((a.pk, column)) is not None]
    without = [a for a in agencies if figures.get((a.pk, column)) is None]
    return sorted(with_value, key=lambda a: figures[(a.pk, column)], reverse=descending) + without


def heat_map(
    plan: Plan,
    period: ReportingPeriod,
    *,
    include_submitted: bool = False,
    search: str = "",
    sort: str = "",
    page: str | int | None = None,
    per_page: int = ROWS_PER_PAGE,
    regrouped: bool = False,
) -> HeatMap:
    """One page of the provinces × targets table: found by ``search``, sorted on ``sort``.

    The figures of every province come from one cached query; cells are made for the page's rows
    only, so the page costs the same whether 63 or 3,300 units report. ``regrouped``: the rows are
    today's provinces, each summing the period's departments whose duties it carries today
    (``aggregation.regrouped_province_figures``; Hà Giang's and Tuyên Quang's 2024 as Tuyên Quang).
    """
    targets = provincial_targets(plan, period)
    if regrouped:
        today = provinces_today()
        groups = aggregation.regrouped_province_figures(
            period, today, day=hanoi_today(), include_submitted=include_submitted
        )
        figures = {key: group.value for key, group in groups.items()}
        entries = [UnitEntry(a.pk, a.province_name, a.name, a.display_name, a.code) for a in today]
    else:
        figures = cached_province_figures(period, include_submitted)
        entries = province_index(period)
    total = len(entries)
    if search:
        entries = [e for e in entries if matches(search, e.sort_name, e.name, e.code)]
    entries = _sorted_provinces(entries, targets, figures, sort)
    shown = Paginator(entries, per_page).get_page(page)
    rows = [
        ProvinceRow(
            agency=agency,
            cells=[Cell(t, figures.get((agency.pk, t.code)), (agency.pk, t.code) in figures) for t in targets],
        )
        for agency in _agencies_in_order(shown)
    ]
    return HeatMap(targets=targets, rows=rows, page=shown, search=search, sort=sort, total=total)


def lowest_provinces(
    plan: Plan, period: ReportingPeriod, *, include_submitted: bool = False, limit: int = 3
) -> dict[int, list[tuple[ProvinceRow, Decimal]]]:
    """For each provincial target: the provinces that pull it down (reported, below the threshold), lowest first.

    From the cached figures of every province; only the few provinces named are read with their names.
    """
    figures = cached_province_figures(period, include_submitted)
    existing = {e.pk for e in province_index(period)}
    by_code: dict[str, list[tuple[int, Decimal]]] = {}
    for (agency_id, code), value in figures.items():
        if value is not None and agency_id in existing:
            by_code.setdefault(code, []).append((agency_id, value))
    lowest: dict[int, list[tuple[int, Decimal]]] = {}
    for target in provincial_targets(plan, period):
        below = [(agency_id, v) for agency_id, v in by_code.get(target.code, []) if target.is_met(v) is False]
        below.sort(key=lambda pair: pair[1])
        lowest[target.pk] = below[:limit]
    named = {a for pairs in lowest.values() for a, _v in pairs}
    # One query even when no province is below its threshold (id 0 is never used): the page's
    # query count does not depend on the figures.
    names = {a.pk: a for a in Agency.objects.select_related("parent").filter(pk__in=named or {0})}
    return {pk: [(ProvinceRow(names[a], []), v) for a, v in pairs] for pk, pairs in lowest.items()}


# -- tasks ---------------------------------------------------------------------------------------


def task_roles(plan: Plan, day) -> dict[int, dict[int, str]]:
    """For every task of ``plan``: {reporting agency id: "lead" | "partner"}, as of ``day``.

    ``Reading.REPORTED`` on ``day`` in every year (``tasks.responsibility``): unlike the obligations,
    tasks whose timeframe has ended keep their responsible agencies. Kept in the cache until who
    answers for what changes (``STRUCTURE``).
    """
    return cached(f"task-roles:{plan.pk}:{day}", lambda: _task_roles(plan, day), depends_on=(STRUCTURE,))


def _task_roles(plan: Plan, day) -> dict[int, dict[int, str]]:
    roles = plan_task_roles(plan, Reading.REPORTED, day=day)
    result: dict[int, dict[int, str]] = {t: {} for t in plan.tasks.values_list("pk", flat=True)}
    for task_id, by_agency in roles.items():
        result[task_id] = {agency_id: row.role for agency_id, row in by_agency.items()}
    return result


@dataclass
class TaskRow:
    task: Task
    responsible: int
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    not_due: int = 0
    reported: int = 0
    ever_done: int = 0
    ended: bool = False
    runs: bool = True

    @property
    def not_reported(self) -> int | None:
        """None for a task that does not run this year: nobody owes a report on it."""
        if not self.runs:
            return None
        return max(self.responsible - self.reported, 0)

    @property
    def is_slipping(self) -> bool:
        """Its timeframe has ended and not every responsible agency has reported it done."""
        return self.ended and self.ever_done < self.responsible

    def share(self, count: int) -> Decimal:
        if not self.responsible:
            return Decimal(0)
        return (Decimal(count) * 100 / Decimal(self.responsible)).quantize(Decimal("0.1"))


def task_has_ended(task: Task, period: ReportingPeriod) -> bool:
    """The timeframe is over by this period: its last year is past, or this is that year's annual report."""
    return task.last_year < period.year or (
        task.last_year == period.year and period.kind == ReportingPeriod.Kind.ANNUAL
    )


def tasks_board(plan: Plan, period: ReportingPeriod) -> list[tuple[object, list[TaskRow]]]:
    """The tasks by group, each with its responsible agencies' status reported in ``period``.

    The same for every reader (counts of sent reports): kept in the cache until a report is sent,
    returned, accepted or reopened, or who answers for a task changes.
    """
    return cached(
        f"tasks-board:{plan.pk}:{period.pk}", lambda: _tasks_board(plan, period), depends_on=(REPORTS, STRUCTURE)
    )


def _tasks_board(plan: Plan, period: ReportingPeriod) -> list[tuple[object, list[TaskRow]]]:
    reporters = task_roles(plan, period.due_date)
    counts = {
        row["task_id"]: row
        for row in TaskProgress.objects.filter(task__plan=plan, report__period=period, report__status__in=SENT_STATUSES)
        .values("task_id")
        .annotate(
            done=Count("id", filter=Q(status=TaskStatus.DONE)),
            in_progress=Count("id", filter=Q(status=TaskStatus.IN_PROGRESS)),
            not_started=Count("id", filter=Q(status=TaskStatus.NOT_STARTED) | Q(status="")),
            not_due=Count("id", filter=Q(status=TaskStatus.NOT_DUE)),
            reported=Count("id"),
        )
        .order_by()
    }
    # Done at any time up to this period, for the tasks whose timeframe has ended.
    ever_done = dict(
        TaskProgress.objects.filter(
            task__plan=plan,
            status=TaskStatus.DONE,
            report__status__in=SENT_STATUSES,
            report__period__due_date__lte=period.due_date,
        )
        .values("task_id")
        .annotate(n=Count("report__agency", distinct=True))
        .order_by()
        .values_list("task_id", "n")
    )
    groups: dict[int, tuple[object, list[TaskRow]]] = {}
    for task in plan.tasks.select_related("group", "plan").order_by("position"):
        row = counts.get(task.pk, {})
        entry = groups.setdefault(task.group_id, (task.group, []))
        entry[1].append(
            TaskRow(
                task=task,
                responsible=len(reporters.get(task.pk, ())),
                done=row.get("done", 0),
                in_progress=row.get("in_progress", 0),
                not_started=row.get("not_started", 0),
                not_due=row.get("not_due", 0),
                reported=row.get("reported", 0),
                ever_done=ever_done.get(task.pk, 0),
                ended=task_has_ended(task, period),
                runs=task.runs_in(period.year),
            )
        )
    return list(groups.values())


@dataclass
class AgencyProgress:
    agency: Agency
    role: str
    status: str  # from its latest report up to the period, or its latest update if newer
    text: str
    source: str  # the period name, or the day of the update ("dd/mm/yyyy")

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.status).label) if self.status in TaskStatus.values else ""


def _task_agencies(roles: dict[int, str]) -> list[UnitEntry]:
    """The agencies answering for a task: leads first, central before provincial, in Vietnamese order."""
    agencies = Agency.objects.filter(pk__in=list(roles)).select_related("parent")
    entries = [
        (
            roles[a.pk] != Responsibility.Role.LEAD,
            UnitEntry(
                a.pk,
                a.province_name or a.name,
                a.name,
                a.display_name,
                a.code,
                provincial=a.kind in aggregation.PROVINCIAL_KINDS,
            ),
        )
        for a in agencies
    ]
    entries.sort(key=lambda pair: (pair[0], pair[1].provincial, vn_sort_key(pair[1].sort_name)))
    return [entry for _partner, entry in entries]


@dataclass
class TaskProgressPage:
    rows: list[AgencyProgress]  # the agencies of the page shown
    page: Page
    search: str
    total: int  # every responsible agency


def task_progress(
    plan: Plan,
    task: Task,
    period: ReportingPeriod,
    user,
    *,
    search: str = "",
    page: str | int | None = None,
    per_page: int = ROWS_PER_PAGE,
) -> TaskProgressPage:
    """Every responsible agency's latest progress on ``task`` up to ``period`` that ``user`` may read.

    The latest is the newer of its last sent report's task section and its last status update, among
    the reports and updates ``accounts.rules.visible`` lets the user open: a returned report's text
    being rewritten stays with those who may open that report, a viewer reads accepted reports only.
    Leads first, central agencies before provinces, each in Vietnamese order; found by ``search``;
    the latest progress is read for the page's agencies only. In a fixed number of queries.
    """
    roles = task_roles(plan, period.due_date).get(task.pk, {})
    entries = cached(
        f"task-agencies:{task.pk}:{period.due_date}",
        lambda: _task_agencies(roles),
        depends_on=(STRUCTURE,),
    )
    total = len(entries)
    if search:
        entries = [e for e in entries if matches(search, e.display_name, e.name, e.sort_name)]
    shown = Paginator(entries, per_page).get_page(page)
    latest_progress = visible(
        user,
        TaskProgress.objects.filter(
            task=task,
            report__agency=OuterRef("pk"),
            report__status__in=SENT_STATUSES,
            report__period__due_date__lte=period.due_date,
        ),
    ).order_by("-report__period__due_date")
    latest_update = visible(user, TaskStatusUpdate.objects.filter(task=task, agency=OuterRef("pk"))).order_by(
        "-at", "-pk"
    )
    # The page's agencies with their latest progress and update: one query, even for an empty page.
    agencies = {
        a.pk: a
        for a in Agency.objects.filter(pk__in=[e.pk for e in shown] or [0])
        .select_related("parent")
        .annotate(
            progress_pk=Subquery(latest_progress.values("pk")[:1]),
            update_pk=Subquery(latest_update.values("pk")[:1]),
        )
    }
    progress = TaskProgress.objects.select_related("report__period").in_bulk(
        [a.progress_pk for a in agencies.values() if a.progress_pk]
    )
    updates = TaskStatusUpdate.objects.in_bulk([a.update_pk for a in agencies.values() if a.update_pk])
    result = []
    for entry in shown:
        agency = agencies[entry.pk]
        sent, update = progress.get(agency.progress_pk), updates.get(agency.update_pk)
        role = roles[agency.pk]
        if update is not None and (
            sent is None or sent.report.submitted_at is None or update.at > sent.report.submitted_at
        ):
            day = f"{timezone.localtime(update.at, HANOI):%d/%m/%Y}"
            result.append(AgencyProgress(agency, role, update.status, update.note, day))
        elif sent is not None:
            result.append(AgencyProgress(agency, role, sent.status, sent.results, str(sent.report.period.name)))
        else:
            result.append(AgencyProgress(agency, role, "", "", ""))
    return TaskProgressPage(rows=result, page=shown, search=search, total=total)


# -- submissions ---------------------------------------------------------------------------------


HISTORY_LABELS = {
    Timeliness.ON_TIME: _("Đúng hạn"),
    Timeliness.LATE: _("Muộn"),
    Timeliness.MISSING: _("Thiếu"),
    Timeliness.NOT_YET: _("Chưa gửi"),
}


GROUP_CENTRAL = "trung-uong"
GROUP_PROVINCIAL = "dia-phuong"
GROUP_LABELS = {GROUP_CENTRAL: _("Cơ quan trung ương"), GROUP_PROVINCIAL: _("Tỉnh, thành phố")}


@dataclass
class Submissions:
    period: ReportingPeriod
    rows: list  # every expected report of the period: the counts are over all of them
    expected: int
    received: int
    on_time: int
    late: int
    missing: int
    not_yet: int
    today: object
    next_period: ReportingPeriod | None
    days_left: int | None
    page: Page | None = None  # the rows found by the filters, the page shown
    history: list = field(default_factory=list)  # [(agency, [(period, timeliness, label)])] of the page's rows
    history_periods: list = field(default_factory=list)
    history_summary: list = field(default_factory=list)  # [{"period", "on_time", "late", "missing", "not_yet"}]
    search: str = ""
    group: str = ""
    timeliness: str = ""

    @property
    def reporting_rate(self) -> Decimal | None:
        return _rate(self.received, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return _rate(self.on_time, self.expected)

    @property
    def days_since_deadline(self) -> int:
        return (self.today - self.period.due_date).days

    @property
    def is_filtered(self) -> bool:
        return bool(self.search or self.group or self.timeliness)


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _in_group(agency: Agency, group: str) -> bool:
    if group == GROUP_CENTRAL:
        return agency.kind not in aggregation.PROVINCIAL_KINDS
    if group == GROUP_PROVINCIAL:
        return agency.kind in aggregation.PROVINCIAL_KINDS
    return True


def submissions(
    plan: Plan,
    period: ReportingPeriod,
    periods: list[ReportingPeriod],
    *,
    search: str = "",
    group: str = "",
    timeliness_is: str = "",
    page: str | int | None = None,
    per_page: int = ROWS_PER_PAGE,
) -> Submissions:
    """Every expected report of ``period`` with its timeliness, the rates, and each agency's history.

    The counts, rates and the history's summary are over every expected report; the list and the
    history rows are those the filters find (a search in the agency's name, central or provincial,
    a timeliness), one page at a time.
    """
    now = timezone.now()
    today = timezone.localdate(now, timezone=HANOI)
    history_periods = [p for p in periods if p.due_date <= period.due_date]
    # The same for every reader: kept until a report starts or changes status, or who must report
    # changes; keyed by the day in Hà Nội, on which "not yet" turns "missing".
    rows, first_sent, summary = cached(
        f"submissions:{period.pk}:{today.isoformat()}",
        lambda: _submission_rows(period, history_periods, now),
        depends_on=(REPORTS, STRUCTURE),
    )
    counts = dict.fromkeys(Timeliness.labels, 0)
    # A rate counts the expected agencies only: a report from one that no longer exists on the due
    # date is listed but counts in neither side, so no rate goes above 100% across a merger.
    for row in rows:
        if row.expected:
            counts[row.timeliness] += 1
    upcoming = [p for p in periods if p.due_date >= today]
    next_period = upcoming[0] if upcoming else None

    group = group if group in GROUP_LABELS else ""
    timeliness_is = timeliness_is if timeliness_is in Timeliness.labels else ""
    found = [
        row
        for row in rows
        if _in_group(row.agency, group)
        and (not timeliness_is or row.timeliness == timeliness_is)
        and (not search or matches(search, row.agency.name, row.agency.display_name))
    ]
    shown = Paginator(found, per_page).get_page(page)

    history = []
    labels = {mark: str(label) for mark, label in HISTORY_LABELS.items()}  # translated once, not per cell
    for row in shown:
        marks = []
        for p in history_periods:
            mark = timeliness_of(p, first_sent.get((row.agency.pk, p.pk)), now)
            marks.append((p, mark, labels[mark]))
        history.append((row.agency, marks))
    return Submissions(
        period=period,
        rows=rows,
        expected=sum(1 for row in rows if row.expected),
        received=counts[Timeliness.ON_TIME] + counts[Timeliness.LATE],
        on_time=counts[Timeliness.ON_TIME],
        late=counts[Timeliness.LATE],
        missing=counts[Timeliness.MISSING],
        not_yet=counts[Timeliness.NOT_YET],
        today=today,
        next_period=next_period,
        days_left=(next_period.due_date - today).days if next_period else None,
        page=shown,
        history=history,
        history_periods=history_periods,
        history_summary=summary,
        search=search,
        group=group,
        timeliness=timeliness_is,
    )


@dataclass(frozen=True)
class AgencyLine:
    """An agency as a list shows it: light to keep in and read from the cache, thousands at a time."""

    pk: int
    code: str
    name: str
    display_name: str
    kind: str


@dataclass(frozen=True)
class SubmissionRow:
    """One expected report of the period as the submissions page lists it."""

    agency: AgencyLine
    status: str  # a Report.Status value, or "" when not started
    first_submitted_at: object  # datetime | None
    timeliness: str
    expected: bool = True  # False: an agency no longer expected that reported anyway (listed, not counted)

    @property
    def status_label(self) -> str:
        return str(Report.Status(self.status).label) if self.status else str(_("Chưa lập"))

    @property
    def timeliness_label(self) -> str:
        return str(Timeliness.labels[self.timeliness])


def _submission_rows(period: ReportingPeriod, history_periods: list[ReportingPeriod], now) -> tuple[list, dict, list]:
    """Every expected report of ``period``, when each of those agencies first sent each period up to it,
    and the count of on time, late and missing in each of those periods.

    Recomputed after every submit of a deadline day (a submit makes the cached rows stale), so it
    reads what the page shows and nothing more: one query of (agency, period, status, first sent)
    over the periods shown, the expected agencies from the cached obligations, and the agencies of
    reports not expected (rare) in a second query. The rows are those of ``period_reports``, in its order.
    """
    obligations = period_obligations(period)
    reports = {}  # (agency id, period id) -> (status, first sent)
    for agency_id, period_id, status, sent in (
        Report.objects.filter(period__in=[*history_periods, period])
        .order_by()
        .values_list("agency_id", "period_id", "status", "first_submitted_at")
    ):
        reports[(agency_id, period_id)] = (status, sent)

    def line(agency) -> AgencyLine:
        return AgencyLine(agency.pk, agency.code, agency.name, agency.display_name, agency.kind)

    def row(agency, expected: bool) -> SubmissionRow:
        status, sent = reports.get((agency.pk, period.pk), ("", None))
        return SubmissionRow(line(agency), status, sent, timeliness_of(period, sent, now), expected)

    rows = [row(agency, True) for agency in obligations.agencies]
    expected_ids = {r.agency.pk for r in rows}
    unexpected = [
        agency_id for agency_id, period_id in reports if period_id == period.pk and agency_id not in expected_ids
    ]
    if unexpected:  # ordered as a period's reports are (by agency), as ``period_reports`` lists them
        rows += [row(agency, False) for agency in Agency.objects.filter(pk__in=unexpected).select_related("parent")]
        expected_ids = {r.agency.pk for r in rows}
    first_sent = {
        (agency_id, period_id): sent
        for (agency_id, period_id), (_status, sent) in reports.items()
        if agency_id in expected_ids and period_id in {p.pk for p in history_periods}
    }
    summary = []
    for p in history_periods:
        entry = {"period": p, **dict.fromkeys(Timeliness.labels, 0)}
        for agency_id in expected_ids:
            entry[timeliness_of(p, first_sent.get((agency_id, p.pk)), now)] += 1
        summary.append(entry)
    return rows, first_sent, summary


def province_reports(
    agency: Agency, periods: list[ReportingPeriod]
) -> list[tuple[ReportingPeriod, Report | None, str]]:
    """A province's report in each period, newest first, with its timeliness; one query."""
    now = timezone.now()
    reports = {r.period_id: r for r in Report.objects.filter(agency=agency, period__in=periods)}
    return [(p, reports.get(p.pk), timeliness(p, reports.get(p.pk), now)) for p in reversed(periods)]


@dataclass
class PlanRow:
    """One agency's line on the planned-vs-achieved page: its Decision 29 columns for one target."""

    agency: Agency
    row: aggregation.AgencyMonitoring


def plan_vs_achieved(
    period: ReportingPeriod, *, include_submitted: bool = False, agency_ids: list[int] | None = None
) -> list[tuple[Target, list[PlanRow]]]:
    """Per target of the period (plan order), every agency with a planned target for the year or a
    figure in the period, in Vietnamese order: planned, achieved, cumulative, source. Two queries."""
    monitoring = aggregation.agency_monitoring(period, include_submitted=include_submitted, agency_ids=agency_ids)
    shown = {key: row for key, row in monitoring.items() if row.reported or row.planned is not None}
    agencies = Agency.objects.in_bulk({agency_id for agency_id, _target in shown})
    targets = [t for t in period.plan.targets.order_by("position") if t.applies_in(period.year)]
    result = []
    for target in targets:
        rows = [
            PlanRow(agencies[agency_id], row) for (agency_id, target_id), row in shown.items() if target_id == target.pk
        ]
        rows.sort(key=lambda r: vn_sort_key(r.agency.display_name))
        result.append((target, rows))
    return result
