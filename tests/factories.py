"""Small builders for reporting rows, written straight with the ORM (the dashboards read, never write).

They bypass ``reporting.services`` on purpose: a dashboard test states the rows it aggregates,
whatever path wrote them.
"""

import datetime
import itertools

from agencies.models import Agency
from plan808.clock import HANOI
from reporting.models import (
    IndicatorFigure,
    Report,
    ReportingPeriod,
    TaskProgress,
    TaskStatusUpdate,
)

_counter = itertools.count(1)


def period(plan, year: int, kind: str = "H1", **extra) -> ReportingPeriod:
    half = kind == ReportingPeriod.Kind.HALF_YEAR
    defaults = {
        "code": f"{year}-{kind}",
        "name": f"{'6 tháng đầu năm' if half else 'Năm'} {year}",
        "due_date": datetime.date(year, 6 if half else 12, 20),
        "window_start": datetime.date(year - 1, 12, 15),
        "window_end": datetime.date(year, 6 if half else 12, 14),
        "is_open": False,
    }
    defaults.update(extra)
    return ReportingPeriod.objects.create(plan=plan, kind=kind, year=year, **defaults)


def province(n: int) -> Agency:
    """A provincial DOLISA (with its People's Committee) made for the test: "Tỉnh Thử nghiệm n"."""
    committee = Agency.objects.create(
        code=f"ubnd-thu-nghiem-{n}",
        name=f"Ủy ban nhân dân tỉnh Thử nghiệm {n}",
        kind=Agency.Kind.PROVINCIAL_COMMITTEE,
        province_kind="tỉnh",
    )
    return Agency.objects.create(
        code=f"so-ldtbxh-thu-nghiem-{n}",
        name=f"Sở Lao động - Thương binh và Xã hội tỉnh Thử nghiệm {n}",
        kind=Agency.Kind.PROVINCIAL_DOLISA,
        parent=committee,
    )


def dolisa(code: str) -> Agency:
    return Agency.objects.get(code=f"so-ldtbxh-{code}")


def report(agency, period, status: str = "accepted", submitted_at: datetime.datetime | None = None) -> Report:
    if status != Report.Status.DRAFT and submitted_at is None:
        submitted_at = datetime.datetime.combine(period.due_date, datetime.time(9), tzinfo=HANOI)
    return Report.objects.create(
        agency=agency,
        period=period,
        status=status,
        first_submitted_at=submitted_at,
        submitted_at=submitted_at,
        accepted_at=submitted_at if status == Report.Status.ACCEPTED else None,
    )


def figure(report, target, numerator=None, denominator=None, yes_no=None, months=None) -> IndicatorFigure:
    if months is not None:
        numerator, denominator = len(months), len(report.period.months)
    return IndicatorFigure.objects.create(
        report=report,
        target=target,
        numerator=numerator,
        denominator=denominator,
        yes_no=yes_no,
        months=months or [],
    )


def progress(report, task, status: str, results: str = "") -> TaskProgress:
    return TaskProgress.objects.create(report=report, task=task, status=status, results=results)


def status_update(task, agency, status: str, user, note: str = "") -> TaskStatusUpdate:
    return TaskStatusUpdate.objects.create(task=task, agency=agency, status=status, note=note, user=user)
