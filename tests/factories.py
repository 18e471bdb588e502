"""The tests' builders of rows, written straight with the ORM: periods, provinces, reports, figures.

They bypass ``reporting.services`` on purpose: a test states the rows it reads, whatever path wrote
them. Whole periods of plausible reports come from ``reporting.demo.fill_period`` (the generator
seed_demo and the benchmarks use); the cast of users is in ``tests/conftest.py``.
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


def period(plan, code: str = "2025-H1", **extra) -> ReportingPeriod:
    """A period as ``period_create_for_plan`` makes it ("2025-H1": window 15/12/2024 to 14/6, due 20/6;
    "2025-FY": to 14/12, due 20/12), open unless ``is_open=False``; ``extra`` overrides any field."""
    year, kind = int(code[:4]), code[5:]
    half = kind == ReportingPeriod.Kind.HALF_YEAR
    values = {
        "plan": plan,
        "code": code,
        "kind": kind,
        "year": year,
        "name": f"6 tháng đầu năm {year}" if half else f"năm {year}",
        "due_date": datetime.date(year, 6 if half else 12, 20),
        "window_start": datetime.date(year - 1, 12, 15),
        "window_end": datetime.date(year, 6 if half else 12, 14),
        "is_open": True,
    }
    values.update(extra)
    return ReportingPeriod.objects.create(**values)


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
