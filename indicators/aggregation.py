"""National and provincial figures of the targets, computed in the database the way each measure says.

The rules are written one sentence each in ``indicators/README.md``; this module is their code.

- ``figures_table(plan)`` / ``targets_by_period(plan)``: every target × every period of the plan.
- ``national_figures(period)``: that table's column for one period.
- ``province_figures(period)``: each province's own figure, ``{(dolisa_agency_id, target_code): value}``.

Every function runs a fixed number of queries whatever the number of provinces, agencies or periods.
The accepted-only table is cached under ``indicators.cache.dashboard_generation()``, which the
reporting services bump when a report is accepted or reopened.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext

from agencies.models import PROVINCIAL_DEPARTMENT_KINDS, Agency
from agencies.selectors import Lineage
from indicators.cache import STRUCTURE, cached, dashboard_generation, generation
from indicators.models import Target
from reporting.models import IndicatorFigure, Report, ReportingPeriod
from tasks.models import Plan
from tasks.responsibility import Answerers

MET = "met"
ON_TRACK = "on_track"
OFF_TRACK = "off_track"
NO_DATA = "no_data"
INSUFFICIENT = "insufficient"
STATUS_LABELS = {
    MET: _("Đạt"),
    ON_TRACK: _("Đúng hướng"),
    OFF_TRACK: _("Chưa đạt"),
    INSUFFICIENT: _("Chưa đủ số liệu"),
    NO_DATA: _("Chưa có số liệu"),
}
PROVINCIAL_KINDS = (Agency.Kind.PROVINCIAL_COMMITTEE, *PROVINCIAL_DEPARTMENT_KINDS)
ONE_DECIMAL = Decimal("0.1")
CACHE_SECONDS = 24 * 3600


@dataclass
class NationalFigure:
    """One target's national figure in one period (value in the target's unit, e.g. percent)."""

    target: Target
    period: ReportingPeriod
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    status: str
    covered: int
    expected: int
    threshold_text: str
    baseline: Decimal | None
    is_provisional: bool
    applies: bool = True
    # yoy_change: the same period of the year before, whose figures were compared.
    compared_period: ReportingPeriod | None = None
    path_value: Decimal | None = None  # targets due later (8b): where the straight line stands now
    # Reporters that answered "không có số liệu" / "không áp dụng" (for the figure or its denominator):
    # left out of the figure like a blank, and named in the coverage.
    no_data: int = 0
    not_applicable: int = 0
    numerator_only: int = 0  # of those, reporters that gave a numerator without a denominator

    @property
    def coverage_text(self) -> str:
        """ "52/63 tỉnh", in the reader's language (a property, so a cached figure is not stuck in one);
        with "; 3 không có số liệu, 1 không áp dụng" when some reporters answered so instead of a number."""
        text = coverage_text(self.target, self.covered, self.expected)
        answered = self.answers_text
        return f"{text}; {answered}" if answered else text

    @property
    def answers_text(self) -> str:
        """ "3 không có số liệu (2 chỉ có tử số), 1 không áp dụng", or "" when nobody answered so."""
        parts = []
        if self.no_data:
            parts.append(_("%(n)d không có số liệu") % {"n": self.no_data})
        if self.not_applicable:
            parts.append(_("%(n)d không áp dụng") % {"n": self.not_applicable})
        if not parts:
            return ""
        text = ", ".join(str(p) for p in parts)
        if self.numerator_only:
            text += " " + str(_("(%(n)d chỉ có tử số, không tính vào tỷ lệ)") % {"n": self.numerator_only})
        return text

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def met(self) -> bool | None:
        return self.target.is_met(self.value)

    @property
    def coverage_ratio(self) -> Decimal | None:
        if not self.expected:
            return None
        return _percent(self.covered, self.expected)


@dataclass
class FiguresTable:
    """Every target against every period of a plan: ``table.get(period, target)``."""

    plan: Plan
    periods: list[ReportingPeriod]
    targets: list[Target]
    include_submitted: bool
    cells: dict[tuple[int, int], NationalFigure] = field(default_factory=dict)

    def get(self, period: ReportingPeriod, target: Target) -> NationalFigure:
        return self.cells[(period.pk, target.pk)]

    def for_period(self, period: ReportingPeriod) -> list[NationalFigure]:
        return [self.cells[(period.pk, t.pk)] for t in self.targets]

    def trend(self, target: Target) -> list[NationalFigure]:
        """The target's figure in every period, oldest first."""
        return [self.cells[(p.pk, target.pk)] for p in self.periods]

    def by_indicator(self) -> list[tuple["object", list[tuple[Target, list[NationalFigure]]]]]:
        """[(indicator, [(target, [figure per period])])], in plan order, for the targets × periods table."""
        groups: dict[int, tuple[object, list]] = {}
        for target in self.targets:
            entry = groups.setdefault(target.indicator_id, (target.indicator, []))
            entry[1].append((target, self.trend(target)))
        return list(groups.values())


def national_figures(period: ReportingPeriod, *, include_submitted: bool = False) -> list[NationalFigure]:
    """Each target of the period's plan, in plan order, with its national figure for ``period``."""
    return figures_table(period.plan, include_submitted=include_submitted).for_period(period)


def targets_by_period(plan: Plan, *, include_submitted: bool = False) -> FiguresTable:
    """The table of every target against every period of the plan (the tổng kết table)."""
    return figures_table(plan, include_submitted=include_submitted)


def figures_table(plan: Plan, *, include_submitted: bool = False) -> FiguresTable:
    """Every (period, target) national figure of ``plan``; accepted-only results are cached.

    A table that adds submitted reports is not cached: a submission does not bump the generation,
    and a provisional view must show the report sent a minute ago.
    """
    if include_submitted:
        return _compute_table(plan, include_submitted=True)
    key = f"dashboards:{dashboard_generation()}:{generation(STRUCTURE)}:figures:{plan.pk}"
    table = cache.get(key)
    if table is None:
        table = _compute_table(plan, include_submitted=False)
        cache.set(key, table, CACHE_SECONDS)
    return table


def counted_reports_q(include_submitted: bool, prefix: str = "report__") -> Q:
    """The reports whose figures count: accepted ones, and submitted ones when asked."""
    statuses = [Report.Status.ACCEPTED]
    if include_submitted:
        statuses.append(Report.Status.SUBMITTED)
    return Q(**{f"{prefix}status__in": statuses})


def reporter_q(prefix: str = "") -> Q:
    """Whose figures make the national figure of a target.

    A target of the central level (2a) adds up the central agencies' figures; any other target adds
    up the provinces' figures (their DOLISAs report them), so a ministry that also reports it
    (Bộ Công an for 6, 7, 8a, 8b) is not counted twice over the provinces' own cases.
    """
    central = Q(**{f"{prefix}target__level": Target.Level.CENTRAL}) & ~Q(
        **{f"{prefix}report__agency__kind__in": PROVINCIAL_KINDS}
    )
    provincial = ~Q(**{f"{prefix}target__level": Target.Level.CENTRAL}) & Q(
        **{f"{prefix}report__agency__kind__in": PROVINCIAL_DEPARTMENT_KINDS}
    )
    return central | provincial


FILLED_PAIR = Q(numerator__isnull=False, denominator__isnull=False)
FILLED_YES_NO = Q(yes_no__isnull=False)
# "No data" is an answer, and missing all the same (README, "Missing is missing"): an answered figure
# or denominator holds no number (a database constraint), so the FILLED_* filters leave it out of both
# sums exactly like a blank; these only count it, so that the coverage can say why it is short.
ANSWERED_NO_DATA = Q(answer=IndicatorFigure.Answer.NO_DATA) | Q(denominator_answer=IndicatorFigure.Answer.NO_DATA)
ANSWERED_NOT_APPLICABLE = Q(answer=IndicatorFigure.Answer.NOT_APPLICABLE) | Q(
    denominator_answer=IndicatorFigure.Answer.NOT_APPLICABLE
)
NUMERATOR_ONLY = Q(numerator__isnull=False) & ~Q(denominator_answer="")
SUBMITTED = Q(report__status=Report.Status.SUBMITTED)


def _compute_table(plan: Plan, *, include_submitted: bool) -> FiguresTable:
    periods = sorted(plan.periods.all(), key=lambda p: p.due_date)
    targets = list(plan.targets.select_related("indicator", "plan").order_by("position"))
    # Who is expected does not depend on the reports: kept until who must report changes.
    expected, predecessors = cached(
        f"expected-reporters-and-predecessors:{plan.pk}",
        lambda: _structure(plan, periods, targets),
        depends_on=(STRUCTURE,),
    )
    scope = Q(report__period__plan=plan) & counted_reports_q(include_submitted) & reporter_q()

    # One grouped query for ratio, months and yes/no measures: Σ numerators, Σ denominators, answers.
    sums = {
        (row["report__period_id"], row["target_id"]): row
        for row in IndicatorFigure.objects.filter(scope)
        .values("report__period_id", "target_id")
        .annotate(
            num=Sum("numerator", filter=FILLED_PAIR),
            den=Sum("denominator", filter=FILLED_PAIR),
            pairs=Count("id", filter=FILLED_PAIR),
            yes=Count("id", filter=Q(yes_no=True)),
            answered=Count("id", filter=FILLED_YES_NO),
            provisional_pairs=Count("id", filter=FILLED_PAIR & SUBMITTED),
            provisional_answers=Count("id", filter=FILLED_YES_NO & SUBMITTED),
            no_data=Count("id", filter=ANSWERED_NO_DATA),
            not_applicable=Count("id", filter=ANSWERED_NOT_APPLICABLE),
            numerator_only=Count("id", filter=NUMERATOR_ONLY),
        )
        .order_by()
    }
    yoy = _yoy_sums(plan, scope, include_submitted, predecessors)

    by_kind_year = {(p.kind, p.year): p for p in periods}
    table = FiguresTable(plan=plan, periods=periods, targets=targets, include_submitted=include_submitted)
    # Oldest first, so a period's status can look at the same period of the year before.
    for period in periods:
        previous = by_kind_year.get((period.kind, period.year - 1))
        for target in targets:
            row = sums.get((period.pk, target.pk), {})
            n_expected = expected.get((period.pk, target.pk), 0)
            figure = _figure(target, period, row, yoy.get((period.pk, target.pk)), n_expected, previous)
            prior = table.cells.get((previous.pk, target.pk)) if previous else None
            figure.status, figure.path_value = _status(figure, prior)
            table.cells[(period.pk, target.pk)] = figure
    return table


def _structure(plan: Plan, periods: list[ReportingPeriod], targets: list[Target]) -> tuple[dict, dict[int, set[int]]]:
    """Who is expected, and each agency's predecessors (the successions): neither depends on the reports."""
    every_agency = Answerers.load(collectives=False)
    predecessors = {
        agency_id: {other for link in links for other in link.others}
        for agency_id, links in every_agency.lineage.backward.items()
    }
    return expected_reporters(plan, periods, targets, every_agency), predecessors


def _yoy_sums(
    plan: Plan, scope: Q, include_submitted: bool, predecessors: dict[int, set[int]] | None = None
) -> dict[tuple[int, int], dict]:
    """Σ this period and Σ the same period a year before, over the agencies that reported both.

    One query reads every year-on-year figure in ``scope`` (a figure a year before of the same
    agency and target is in the same scope: ``reporter_q`` depends on the target and the agency
    only); they are paired here, so no correlated subquery runs per figure.
    """
    rows = list(
        IndicatorFigure.objects.filter(scope, target__measure=Target.Measure.YOY_CHANGE, numerator__isnull=False)
        .order_by()
        .values_list(
            "report__agency_id",
            "target_id",
            "report__period_id",
            "report__period__kind",
            "report__period__year",
            "numerator",
            "report__status",
        )
    )
    numerators = {(agency, target, kind, year): numerator for agency, target, _p, kind, year, numerator, _s in rows}
    result: dict[tuple[int, int], dict] = {}
    for agency, target, period_id, kind, year, numerator, status in rows:
        last = numerators.get((agency, target, kind, year - 1))
        if last is None and predecessors and agency in predecessors:
            # Like with like across a reorganisation: a department that did not exist a year before
            # is compared with the departments whose duties passed to it, summed, when every one of
            # them reported (2025's Tuyên Quang with 2024's Hà Giang + Tuyên Quang).
            before = [numerators.get((other, target, kind, year - 1)) for other in predecessors[agency]]
            if None not in before:
                last = sum(before)
        if last is None:
            continue
        entry = result.setdefault((period_id, target), {"this_sum": 0, "last_sum": 0, "both": 0, "provisional": 0})
        entry["this_sum"] += numerator
        entry["last_sum"] += last
        entry["both"] += 1
        entry["provisional"] += status == Report.Status.SUBMITTED
    return result


def _figure(
    target: Target,
    period: ReportingPeriod,
    row: dict,
    yoy: dict | None,
    expected: int,
    previous: ReportingPeriod | None,
) -> NationalFigure:
    measure = target.measure
    numerator = denominator = value = None
    covered = provisional = 0
    if measure == Target.Measure.YES_NO_SHARE:
        covered = row.get("answered", 0)
        provisional = row.get("provisional_answers", 0)
        if covered:
            numerator, denominator = row["yes"], covered
            value = _percent(numerator, denominator)
    elif measure == Target.Measure.YOY_CHANGE:
        if yoy and yoy["both"]:
            covered, provisional = yoy["both"], yoy["provisional"]
            numerator, denominator = yoy["this_sum"], yoy["last_sum"]
            if denominator:
                value = _percent(numerator - denominator, denominator)
    else:  # ratio, months_covered, cumulative_coverage: Σ numerators / Σ denominators
        covered = row.get("pairs", 0)
        provisional = row.get("provisional_pairs", 0)
        if covered:
            numerator, denominator = row["num"], row["den"]
            if denominator:
                value = _percent(numerator, denominator)
    return NationalFigure(
        target=target,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        status=NO_DATA,
        covered=covered,
        expected=expected,
        threshold_text=target.threshold_text,
        baseline=target.baseline_value,
        is_provisional=provisional > 0,
        applies=target.applies_in(period.year) or target.first_year > period.year,
        compared_period=previous if measure == Target.Measure.YOY_CHANGE else None,
        no_data=row.get("no_data", 0),
        not_applicable=row.get("not_applicable", 0),
        numerator_only=row.get("numerator_only", 0),
    )


def coverage_text(target: Target, covered: int, expected: int) -> str:
    """ "52/63 tỉnh" for a provincial target, "5/12 cơ quan" for a central one."""
    values = {"covered": covered, "expected": expected}
    if target.level == Target.Level.CENTRAL:
        return (
            npgettext("coverage", "%(covered)d/%(expected)d cơ quan", "%(covered)d/%(expected)d cơ quan", expected)
            % values
        )
    return npgettext("coverage", "%(covered)d/%(expected)d tỉnh", "%(covered)d/%(expected)d tỉnh", expected) % values


def _status(figure: NationalFigure, prior: NationalFigure | None) -> tuple[str, Decimal | None]:
    """met / on_track / off_track / insufficient / no_data, as the README defines them; and the path value if any."""
    target, period, value = figure.target, figure.period, figure.value
    if value is None:
        return NO_DATA, None
    if target.measure == Target.Measure.YES_NO_SHARE:
        # Share of provinces: judged over the expected provinces, not over those that answered.
        verdict = _share_verdict(figure)
        if verdict is not None:
            return verdict, None
    elif not covers_enough(figure.covered, figure.expected):
        return INSUFFICIENT, None
    if target.is_met(value):
        return MET, None
    if target.measure == Target.Measure.CUMULATIVE_COVERAGE or period.year < target.first_year:
        path = path_value(target, period)
        if path is not None:
            return (ON_TRACK if value >= path else OFF_TRACK), path
    if prior is not None and prior.value is not None and _moves_toward(target, prior.value, value):
        return ON_TRACK, None
    return OFF_TRACK, None


def covers_enough(covered: int, expected: int) -> bool:
    """Whether a figure covers enough of the expected reporters to judge the country (README "Status")."""
    if not expected:
        return covered > 0
    return covered * 100 >= settings.INDICATOR_MIN_COVERAGE_PERCENT * expected


def _share_verdict(figure: NationalFigure) -> str | None:
    """For "at least x% of the provinces": MET once the "có" answers reach x% of the expected provinces,
    INSUFFICIENT while the provinces that have not answered could still make it, None when it cannot be met."""
    target, expected = figure.target, figure.expected
    if target.comparator != Target.Comparator.GTE or not expected:
        return None if covers_enough(figure.covered, expected) else INSUFFICIENT
    yes = figure.numerator or 0
    silent = max(expected - figure.covered, 0)
    if target.is_met(_percent(yes, expected)):
        return MET
    if target.is_met(_percent(yes + silent, expected)):
        return INSUFFICIENT
    return None


def path_value(target: Target, period: ReportingPeriod) -> Decimal | None:
    """Where a straight line from 0 at the plan's start to the threshold at the end of the target's
    last year stands at the end of ``period``; None once the deadline has come (no more slack)."""
    # Counted in months, so the end of each half-year sits exactly on the line (2024-FY: 36/48).
    elapsed = (period.year - target.plan.start_year) * 12 + len(period.months)
    total = (target.last_year - target.plan.start_year + 1) * 12
    if elapsed >= total:
        return None
    return (target.threshold * Decimal(elapsed) / Decimal(total)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _moves_toward(target: Target, before: Decimal, now: Decimal) -> bool:
    if target.comparator == Target.Comparator.GTE:
        return now > before
    if target.comparator == Target.Comparator.LTE:
        return now < before
    if now < target.threshold:
        return now > before
    return now < before  # above the band of a "between" target


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def expected_reporters(
    plan: Plan, periods: list[ReportingPeriod], targets: list[Target], every_agency: Answerers | None = None
) -> dict[tuple[int, int], int]:
    """How many agencies are expected to report each target in each period: {(period id, target id): n}.

    The agencies answering for the target on the due date, in the period's year
    (``tasks.responsibility``), narrowed to those whose figures make the national figure (see
    ``reporter_q``); counted for all periods with two queries.
    """
    every_agency = every_agency or Answerers.load(collectives=False)
    named: dict[int, set[int]] = defaultdict(set)
    through = Target.reported_by_agencies.through.objects.filter(target__plan=plan)
    for target_id, agency_id in through.values_list("target_id", "agency_id"):
        named[target_id].add(agency_id)
    result: dict[tuple[int, int], int] = {}
    for period in periods:
        answerers = every_agency.on(period.due_date)
        departments = set().union(*(answerers.ids_of_kind.get(kind, set()) for kind in PROVINCIAL_DEPARTMENT_KINDS))
        provincial = set().union(*(answerers.ids_of_kind.get(kind, set()) for kind in PROVINCIAL_KINDS))
        for target in targets:
            reporters = answerers.target_reporters(target, named[target.pk], period.year)
            central = target.level == Target.Level.CENTRAL
            result[(period.pk, target.pk)] = len(reporters - provincial) if central else len(reporters & departments)
    return result


def province_figures(
    period: ReportingPeriod, *, include_submitted: bool = False, agency_ids: list[int] | None = None
) -> dict[tuple[int, str], Decimal | None]:
    """Each province's own figure for each target: ``{(DOLISA agency id, target code): value}``.

    The key is the id of the provincial DOLISA that reports (Sở LĐTBXH), not the People's Committee.
    A province that has not reported a target has no key (missing, never zero); a key whose value is
    None reported a figure that cannot be computed (a zero denominator, no figure a year before).
    ``agency_ids`` narrows the figures to those DOLISAs (one province's page computes one province).

    One query: the period's figures, with the value of every measure but the year-on-year change
    computed in the database, and the year-on-year figures of the same period a year before, which
    are paired here with this year's (no correlated subquery per figure).
    """
    numerator = Cast("numerator", FloatField())
    value = Case(
        When(target__measure=Target.Measure.YES_NO_SHARE, yes_no=True, then=Value(100.0)),
        When(target__measure=Target.Measure.YES_NO_SHARE, yes_no=False, then=Value(0.0)),
        When(
            ~Q(target__measure__in=[Target.Measure.YES_NO_SHARE, Target.Measure.YOY_CHANGE]) & Q(denominator__gt=0),
            then=numerator * 100.0 / Cast("denominator", FloatField()),
        ),
        default=Value(None),
        output_field=FloatField(),
    )
    yoy = Q(target__measure=Target.Measure.YOY_CHANGE, numerator__isnull=False)
    filled = (
        Q(target__measure=Target.Measure.YES_NO_SHARE, yes_no__isnull=False)
        | yoy
        | (~Q(target__measure__in=[Target.Measure.YES_NO_SHARE, Target.Measure.YOY_CHANGE]) & FILLED_PAIR)
    )
    last_year = yoy & Q(
        report__period__plan=period.plan_id,
        report__period__kind=period.kind,
        report__period__year=period.year - 1,
    )
    rows = IndicatorFigure.objects.filter(
        (Q(report__period=period) & filled) | last_year,
        counted_reports_q(include_submitted),
        # The two periods named apart, so the database narrows the reports before the figures.
        report__period__plan=period.plan_id,
        report__period__kind=period.kind,
        report__period__year__in=[period.year - 1, period.year],
        report__agency__kind__in=PROVINCIAL_DEPARTMENT_KINDS,
    )
    if agency_ids is not None:
        rows = rows.filter(report__agency_id__in=agency_ids)
    rows = (
        rows.annotate(value=value, agency_id=F("report__agency_id"), code=F("target__code"))
        .order_by()
        .values_list("agency_id", "code", "value", "report__period_id", "target__measure", "numerator")
    )
    figures: dict[tuple[int, str], Decimal | None] = {}
    this_year: list[tuple[int, str, int]] = []
    before: dict[tuple[int, str], int] = {}
    for agency_id, code, number, period_id, measure, count in rows:
        if measure != Target.Measure.YOY_CHANGE:
            figures[(agency_id, code)] = _decimal(number)
        elif period_id == period.pk:
            this_year.append((agency_id, code, count))
        else:
            before[(agency_id, code)] = count
    for agency_id, code, count in this_year:
        last = before.get((agency_id, code))
        change = (float(count) - float(last)) * 100.0 / float(last) if last is not None and last > 0 else None
        figures[(agency_id, code)] = _decimal(change)
    return figures


def province_answers(
    period: ReportingPeriod, *, include_submitted: bool = False
) -> dict[tuple[int, str], IndicatorFigure]:
    """Each province's figure answered instead of given: ``{(DOLISA agency id, target code): figure}``;
    ``figure.answer_text`` reads "Không có số liệu (lý do)".

    Such a figure has no key in ``province_figures`` (missing, never zero); this says why. One query.
    """
    rows = IndicatorFigure.objects.filter(
        ANSWERED_NO_DATA | ANSWERED_NOT_APPLICABLE,
        counted_reports_q(include_submitted),
        report__period=period,
        report__agency__kind__in=PROVINCIAL_DEPARTMENT_KINDS,
    ).select_related("target", "report")
    return {(f.report.agency_id, f.target.code): f for f in rows}


def answered_figures(plan: Plan, *, include_submitted: bool = False) -> list[IndicatorFigure]:
    """The counted figures of ``plan`` answered instead of given (whose the national figure leaves out),
    by period, then target, then agency; with their report, agency, period and target. One query."""
    scope = Q(report__period__plan=plan) & counted_reports_q(include_submitted) & reporter_q()
    return list(
        IndicatorFigure.objects.filter(scope, ANSWERED_NO_DATA | ANSWERED_NOT_APPLICABLE)
        .select_related("target", "report__agency", "report__agency__parent", "report__period")
        .order_by("report__period__due_date", "target__position", "report__agency__name")
    )


def _decimal(number: float | None) -> Decimal | None:
    if number is None:
        return None
    return Decimal(repr(number)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# -- Decision 29/QĐ-BLĐTBXH monitoring columns: planned for the year, achieved, cumulative, source --------


@dataclass
class AgencyMonitoring:
    """One agency's target in one period as Decision 29 monitors it (values in the target's unit)."""

    agency_id: int
    target: Target
    planned: Decimal | None = None  # the agency's own target for the year (its first report of the year)
    value: Decimal | None = None  # achieved in the period
    answer: str = ""  # "Không có số liệu (lý do)" when the figure was answered instead of given
    cumulative: Decimal | None = None  # over the plan, by the measure's cumulation rule (README)
    cumulative_count: int | None = None  # yoy_change: the cases added up over the plan
    cumulative_years: int = 0  # years the cumulative value draws on
    yes_no: bool | None = None  # yes_no_share: this period's answer
    latest_yes_no: bool | None = None  # yes_no_share: the latest answer over the plan
    source: str = ""
    reported: bool = False  # a counted report of the period holds this figure

    @property
    def plan_met(self) -> bool | None:
        """Achieved against the agency's own plan: at least it (at most, for an "at most" target)."""
        if self.planned is None or self.value is None:
            return None
        if self.target.comparator == Target.Comparator.LTE:
            return self.value <= self.planned
        return self.value >= self.planned


def cumulate_years(measure: str, years: list[tuple[int | None, int | None]]) -> tuple[int, int | None, int] | None:
    """The cumulative value over the plan of one agency's yearly figures, oldest year first, each a
    (numerator, denominator) pair (a yes/no as 1 or 0 over 1): ``(numerator, denominator, years drawn
    on)``, or None when no year holds a figure.

    The one statement of the cumulation rules (indicators/README.md, "Cumulative value over the plan"),
    used by the Decision 29 columns and by the end-of-term review: counts add (year-on-year change:
    Σ cases, no denominator); ratio and months covered are Σ numerators / Σ denominators over the
    years; yes/no and cumulative coverage take the latest year. A year with no number (blank or
    answered "không có số liệu") is left out, never counted as 0.
    """
    if measure == Target.Measure.YOY_CHANGE:
        counted = [n for n, _d in years if n is not None]
        return (sum(counted), None, len(counted)) if counted else None
    given = [(n, d) for n, d in years if n is not None and d is not None]
    if not given:
        return None
    if measure in (Target.Measure.YES_NO_SHARE, Target.Measure.CUMULATIVE_COVERAGE):
        numerator, denominator = given[-1]
        return numerator, denominator, 1
    return sum(n for n, _d in given), sum(d for _n, d in given), len(given)


def agency_monitoring(
    period: ReportingPeriod, *, include_submitted: bool = False, agency_ids: list[int] | None = None
) -> dict[tuple[int, int], AgencyMonitoring]:
    """Each agency's planned target for the year, achieved value, cumulative value over the plan and
    source, for every target it reported: ``{(agency id, target id): AgencyMonitoring}``.

    Counted reports only (accepted; and submitted ones when asked), of ``period`` and the periods
    before it. The cumulation rules are in ``indicators/README.md`` ("Cumulative value over the plan").
    One query, whatever the number of agencies and periods.
    """
    scope = Q(report__period__plan=period.plan_id, report__period__due_date__lte=period.due_date) & counted_reports_q(
        include_submitted
    )
    if agency_ids is not None:
        scope &= Q(report__agency_id__in=agency_ids)
    rows = (
        IndicatorFigure.objects.filter(scope)
        .select_related("target", "report__period")
        .order_by("report__period__due_date", "pk")
    )
    by_key: dict[tuple[int, int], list[IndicatorFigure]] = defaultdict(list)
    for figure in rows:
        by_key[(figure.report.agency_id, figure.target_id)].append(figure)
    result = {}
    for (agency_id, target_id), figures in by_key.items():
        result[(agency_id, target_id)] = _monitoring(agency_id, figures, period)
    return result


def _monitoring(agency_id: int, figures: list[IndicatorFigure], period: ReportingPeriod) -> AgencyMonitoring:
    """``figures``: one agency's figures of one target, oldest period first, up to ``period``."""
    target = figures[0].target
    row = AgencyMonitoring(agency_id=agency_id, target=target)
    current = next((f for f in figures if f.report.period_id == period.pk), None)
    # The year's target: set in the agency's first report of the year that holds one.
    row.planned = next(
        (f.planned for f in figures if f.report.period.year == period.year and f.planned is not None), None
    )
    if current is not None:
        row.reported = True
        row.source = current.source
        row.answer = current.answer_text
        row.yes_no = current.yes_no
        row.value = _agency_value(target, current, figures)
    # One figure per year: the annual report's, else the half-year's (its window is inside the year's).
    by_year: dict[int, IndicatorFigure] = {}
    for figure in figures:
        year = figure.report.period.year
        if year not in by_year or figure.report.period.kind == ReportingPeriod.Kind.ANNUAL:
            by_year[year] = figure
    years = [by_year[y] for y in sorted(by_year)]
    measure = target.measure
    if measure == Target.Measure.YES_NO_SHARE:
        # The latest answer of the plan, whichever report of its year holds it.
        pairs = [(int(f.yes_no), 1) for f in figures if f.yes_no is not None]
    elif measure == Target.Measure.CUMULATIVE_COVERAGE:
        pairs = [(f.numerator, f.denominator) for f in figures]
    else:
        pairs = [(f.numerator, f.denominator) for f in years]
    total = cumulate_years(measure, pairs)
    if total is not None:
        numerator, denominator, row.cumulative_years = total
        if measure == Target.Measure.YOY_CHANGE:
            row.cumulative_count = numerator
        elif measure == Target.Measure.YES_NO_SHARE:
            row.latest_yes_no = bool(numerator)
            row.cumulative = Decimal(100) if numerator else Decimal(0)
        elif denominator:
            row.cumulative = _percent(numerator, denominator)
    return row


def _agency_value(target: Target, figure: IndicatorFigure, figures: list[IndicatorFigure]) -> Decimal | None:
    """One agency's own value of ``figure``, as ``province_figures`` computes a province's."""
    measure = target.measure
    if measure == Target.Measure.YES_NO_SHARE:
        return None if figure.yes_no is None else Decimal(100 if figure.yes_no else 0)
    if measure == Target.Measure.YOY_CHANGE:
        period = figure.report.period
        before = next(
            (f for f in figures if f.report.period.kind == period.kind and f.report.period.year == period.year - 1),
            None,
        )
        if figure.numerator is None or before is None or not before.numerator:
            return None
        return _percent(figure.numerator - before.numerator, before.numerator)
    if figure.numerator is None or not figure.denominator:
        return None
    return _percent(figure.numerator, figure.denominator)


@dataclass
class GroupFigure:
    """One province's figure of one target, the province as it reported or regrouped into today's."""

    value: Decimal | None
    numerator: int | None
    denominator: int | None


def regrouped_province_figures(
    period: ReportingPeriod, provinces: list[Agency], *, day, include_submitted: bool = False
) -> dict[tuple[int, str], GroupFigure]:
    """Each of ``provinces`` (the provincial departments existing on ``day``, e.g. today's 34) with the
    figures of ``period`` of every department whose duties it carries on ``day``, summed:
    ``{(department id, target code): GroupFigure}``.

    The measures' own rules on the group (indicators/README.md, "Across the 2025 boundary"): Σ
    numerators / Σ denominators (Hà Giang's 2024 figures and Tuyên Quang's make Tuyên Quang's); the
    share of the group's departments answering "có"; for year-on-year change, Σ this year over Σ the
    year before of the same group. So the provinces' sums are the national sums, whichever structure.
    A group none of whose departments reported a target has no key (missing, never zero).
    """
    lineage = Lineage.load()
    ids = {a.pk for a in provinces}
    rows = IndicatorFigure.objects.filter(
        counted_reports_q(include_submitted),
        report__period__plan=period.plan_id,
        report__period__kind=period.kind,
        report__period__year__in=[period.year, period.year - 1],
        report__agency__kind__in=PROVINCIAL_DEPARTMENT_KINDS,
    ).values_list(
        "report__period__year", "report__agency_id", "target__code", "target__measure", "numerator", "denominator",
        "yes_no",
    )  # fmt: skip
    groups: dict[int, int | None] = {}
    sums: dict[tuple[int, str], list] = {}  # (group, code) -> [num, den, yes, answered, this, last]
    last_year: dict[tuple[int, str], int] = defaultdict(int)
    for year, agency_id, code, measure, numerator, denominator, yes_no in rows:
        if agency_id not in groups:
            carriers = lineage.carriers(agency_id, day, lambda pk: pk in ids) & ids
            groups[agency_id] = min(carriers) if carriers else None
        group = groups[agency_id]
        if group is None:
            continue
        if year != period.year:
            if measure == Target.Measure.YOY_CHANGE and numerator is not None:
                last_year[(group, code)] += numerator
            continue
        cell = sums.setdefault((group, code), [0, 0, 0, 0, 0, False])
        if measure == Target.Measure.YES_NO_SHARE:
            if yes_no is not None:
                cell[2] += bool(yes_no)
                cell[3] += 1
        elif measure == Target.Measure.YOY_CHANGE:
            if numerator is not None:
                cell[4] += numerator
                cell[5] = True
        elif numerator is not None and denominator is not None:
            cell[0] += numerator
            cell[1] += denominator
            cell[3] += 1
    result = {}
    measures = dict(period.plan.targets.values_list("code", "measure"))
    for (group, code), (num, den, yes, answered, this, has_this) in sums.items():
        measure = measures[code]
        if measure == Target.Measure.YES_NO_SHARE:
            if answered:
                result[(group, code)] = GroupFigure(_percent(yes, answered), yes, answered)
        elif measure == Target.Measure.YOY_CHANGE:
            if has_this:
                before = last_year.get((group, code))
                value = _percent(this - before, before) if before else None
                result[(group, code)] = GroupFigure(value, this, before)
        elif answered:
            result[(group, code)] = GroupFigure(_percent(num, den) if den else None, num, den)
    return result


# -- what some targets mean after 30 June 2025 ------------------------------------------------------

# The district level was abolished and communes merged on 1 July 2025 (Resolution 202/2025/QH15,
# Decree 147/2025/NĐ-CP). Targets counting districts or communes keep their threshold; what they count
# from the first period whose data run past 30 June 2025 is this (indicators/README.md, "Across the
# 2025 boundary"), by the target's level, so the rule follows the target, whatever its code.
TWO_LEVEL_GOVERNMENT_FROM = datetime.date(2025, 7, 1)
BOUNDARY_RULES = {
    Target.Level.COMMUNE: _(
        "Từ kỳ năm 2025 (chính quyền địa phương hai cấp từ 01/07/2025): mẫu số là số xã, phường, đặc khu "
        "hiện có cuối kỳ; xã hình thành do sáp nhập tính một lần, và tính vào tử số khi một phần địa bàn "
        "của xã có hình thức tuyên truyền được duy trì trong kỳ."
    ),
    Target.Level.DISTRICT: _(
        "Từ kỳ năm 2025 không còn cấp huyện (từ 01/07/2025): tính trên địa bàn các huyện cũ có đến "
        "30/06/2025; mẫu số là số đơn vị cấp huyện của tỉnh ngày 30/06/2025 (tỉnh hợp nhất: cộng các "
        "tỉnh cũ), tử số là số địa bàn huyện cũ có mô hình thí điểm được xây dựng, triển khai trong năm."
    ),
    Target.Level.DISTRICT_COMMUNE_STAFF: _(
        "Từ kỳ năm 2025 không còn cấp huyện (từ 01/07/2025): tính cán bộ cấp xã và cán bộ cấp tỉnh nhận "
        "nhiệm vụ của cấp huyện ở lĩnh vực này (Nghị định 147/2025/NĐ-CP); mẫu số là số cán bộ đó cuối kỳ."
    ),
}


def boundary_rule(target: Target, period: ReportingPeriod) -> str:
    """How ``target`` is counted in ``period`` when the 2025 abolition of districts changed its object; "" otherwise."""
    if period.window_end < TWO_LEVEL_GOVERNMENT_FROM:
        return ""
    return str(BOUNDARY_RULES.get(target.level, ""))


def boundary_rules(plan: Plan, period: ReportingPeriod) -> list[tuple[Target, str]]:
    """The targets of ``plan`` whose object the 2025 abolition of districts changed, each with its rule
    for ``period`` (none before the 2025 annual period), in plan order: what the dashboards state."""
    if period.window_end < TWO_LEVEL_GOVERNMENT_FROM:
        return []  # no query for the periods before
    targets = plan.targets.order_by("position")
    return [(t, rule) for t in targets if (rule := boundary_rule(t, period))]
