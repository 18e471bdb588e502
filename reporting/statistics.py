"""National totals of the statistics section, by year and by province (the reads of its dashboard, workbook, API).

The rule is the targets' one (``indicators/README.md``): a unit that has not reported, or answered
"không có số liệu" / "không áp dụng" (``reporting/answers.py``), is missing, never zero. A total is
the sum of the numbers given, and says how many of the expected units it covers ("52/63 đơn vị báo
cáo"). An item that does not add up (an estimate) has no national total; its units' numbers are
listed. "By year" reads the annual reports: an annual report covers the whole year (Decree 09/2019,
Art. 12), so adding the half-year report to it would count six months twice.

Each function runs a fixed number of queries, whatever the number of items, units and years.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import npgettext

from agencies.collation import vn_sort_key
from agencies.models import Agency
from reporting.answers import NoAnswer
from reporting.models import Report, ReportingPeriod, StatisticItem, StatisticValue
from reporting.selectors import statistic_catalogue


def counted_statuses(include_submitted: bool) -> tuple[str, ...]:
    """Accepted reports; with the provisional switch, submitted ones too (as the targets' dashboards)."""
    if include_submitted:
        return (Report.Status.ACCEPTED, Report.Status.SUBMITTED)
    return (Report.Status.ACCEPTED,)


def coverage_text(covered: int, expected: int) -> str:
    values = {"covered": covered, "expected": expected}
    return (
        npgettext(
            "coverage", "%(covered)d/%(expected)d đơn vị báo cáo", "%(covered)d/%(expected)d đơn vị báo cáo", expected
        )
        % values
    )


@dataclass
class Cell:
    """One item (or part) in one year, nationally."""

    total: int | None  # None: nobody gave a number, or the item does not add up
    covered: int  # units whose report gives a number
    no_answer: int  # units that answered "không có số liệu" / "không áp dụng"
    expected: int  # units expected to report the item that year

    @property
    def coverage_text(self) -> str:
        return coverage_text(self.covered, self.expected)


@dataclass
class Line:
    item: StatisticItem
    key: str  # "" for the item's total, else the part's key
    label: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def is_part(self) -> bool:
        return bool(self.key)


@dataclass
class NationalStatistics:
    periods: list[ReportingPeriod]
    lines: list[Line]
    include_submitted: bool

    @property
    def sections(self) -> list[tuple[str, list[Line]]]:
        grouped: list[tuple[str, list[Line]]] = []
        for line in self.lines:
            if grouped and grouped[-1][0] == line.item.section:
                grouped[-1][1].append(line)
            else:
                grouped.append((line.item.section, [line]))
        return grouped


def annual_periods(periods: list[ReportingPeriod]) -> list[ReportingPeriod]:
    """The year's columns: the annual period of each year, in order."""
    return sorted((p for p in periods if p.kind == ReportingPeriod.Kind.ANNUAL), key=lambda p: p.year)


def _expected(items: list[StatisticItem], periods: list[ReportingPeriod]) -> dict[tuple[int, int], list[Agency]]:
    """(item id, period id) -> the agencies expected to report the item then (existing on the due day)."""
    kinds = {kind for item in items for kind in item.reported_by_kinds}
    agencies = list(Agency.objects.filter(kind__in=kinds).select_related("parent"))
    return {
        (item.pk, period.pk): [a for a in agencies if a.kind in item.reported_by_kinds and a.exists_on(period.due_date)]
        for item in items
        for period in periods
    }


def national_statistics(periods: list[ReportingPeriod], *, include_submitted: bool = False) -> NationalStatistics:
    """Every active item and part × every period given: the sum of the numbers, with coverage."""
    items = statistic_catalogue()
    expected = _expected(items, periods)
    rows = (
        StatisticValue.objects.filter(
            report__period__in=periods,
            report__status__in=counted_statuses(include_submitted),
            item__in=items,
        )
        .values("item_id", "breakdown", "report__period_id", "report__agency__kind")
        .annotate(
            total=Sum("value"),
            covered=Count("value"),
            no_answer=Count("pk", filter=~Q(no_answer="")),
        )
    )
    by_key: dict[tuple, dict] = {}
    item_kinds = {item.pk: set(item.reported_by_kinds) for item in items}
    for row in rows:
        if row["report__agency__kind"] not in item_kinds.get(row["item_id"], set()):
            continue  # a unit the catalogue no longer asks: not part of the national figure
        key = (row["item_id"], row["breakdown"], row["report__period_id"])
        found = by_key.setdefault(key, {"total": 0, "covered": 0, "no_answer": 0})
        found["total"] += row["total"] or 0
        found["covered"] += row["covered"]
        found["no_answer"] += row["no_answer"]
    lines = []
    for item in items:
        for key, label in [("", item.label), *((p["key"], p["label"]) for p in item.breakdowns)]:
            line = Line(item=item, key=key, label=label)
            for period in periods:
                found = by_key.get((item.pk, key, period.pk), {"total": 0, "covered": 0, "no_answer": 0})
                total = found["total"] if found["covered"] and item.is_additive else None
                line.cells.append(
                    Cell(
                        total=total,
                        covered=found["covered"],
                        no_answer=found["no_answer"],
                        expected=len(expected[(item.pk, period.pk)]),
                    )
                )
            lines.append(line)
    return NationalStatistics(periods=periods, lines=lines, include_submitted=include_submitted)


@dataclass
class UnitValue:
    """One unit's answer for one item (or part) in one period."""

    value: int | None = None
    no_answer: str = ""
    reason: str = ""
    reported: bool = False  # its counted report holds the item

    @property
    def no_answer_label(self) -> str:
        return str(NoAnswer(self.no_answer).label) if self.no_answer else ""


@dataclass
class UnitRow:
    agency: Agency
    values: list[UnitValue]  # one per period

    @property
    def name(self) -> str:
        return self.agency.province_name or self.agency.display_name


@dataclass
class ItemByUnit:
    item: StatisticItem
    key: str
    label: str
    periods: list[ReportingPeriod]
    rows: list[UnitRow]
    national: Line


def item_by_unit(
    item: StatisticItem, key: str, periods: list[ReportingPeriod], *, include_submitted: bool = False
) -> ItemByUnit:
    """Each expected unit's number for ``item`` (its part ``key``) in each period, and the national line."""
    return lines_by_unit([(item, key)], periods, include_submitted=include_submitted)[0]


def lines_by_unit(
    lines: list[tuple[StatisticItem, str]], periods: list[ReportingPeriod], *, include_submitted: bool = False
) -> list[ItemByUnit]:
    """``item_by_unit`` for several (item, part) pairs at once: three queries, whatever their number."""
    items = {item.pk: item for item, _key in lines}
    expected = _expected(list(items.values()), periods)
    values = StatisticValue.objects.filter(
        item__in=list(items),
        report__period__in=periods,
        report__status__in=counted_statuses(include_submitted),
    ).values("item_id", "breakdown", "report__agency_id", "report__period_id", "value", "no_answer", "no_answer_reason")
    found = {(v["item_id"], v["breakdown"], v["report__agency_id"], v["report__period_id"]): v for v in values}
    blocks = []
    for item, key in lines:
        agencies = {a.pk: a for period in periods for a in expected[(item.pk, period.pk)]}
        rows = []
        for agency in sorted(agencies.values(), key=lambda a: vn_sort_key(a.province_name or a.name)):
            cells = []
            for period in periods:
                v = found.get((item.pk, key, agency.pk, period.pk))
                cells.append(UnitValue(v["value"], v["no_answer"], v["no_answer_reason"], True) if v else UnitValue())
            rows.append(UnitRow(agency=agency, values=cells))
        label = item.label if not key else next(p["label"] for p in item.breakdowns if p["key"] == key)
        national = Line(item=item, key=key, label=label)
        for index, period in enumerate(periods):
            given = [row.values[index].value for row in rows if row.values[index].value is not None]
            national.cells.append(
                Cell(
                    total=sum(given) if given and item.is_additive else None,
                    covered=len(given),
                    no_answer=sum(1 for row in rows if row.values[index].no_answer),
                    expected=len(expected[(item.pk, period.pk)]),
                )
            )
        blocks.append(ItemByUnit(item=item, key=key, label=label, periods=periods, rows=rows, national=national))
    return blocks
