"""Synthetic, plausible reports for a whole period: the tests and the PDF benchmark (bench/) use them.

Not used by the portal itself. Every expected agency (``period_obligations``) gets a report with its
tasks and targets filled, deterministic for a given ``seed``.
"""

import datetime
import random

from indicators.models import Target
from plan808.clock import HANOI
from reporting.models import IndicatorFigure, Report, ReportingPeriod, TaskProgress, TaskStatus
from reporting.obligations import period_obligations

RESULTS = (
    "Tổ chức {n} hội nghị, tọa đàm tuyên truyền về phòng, chống mại dâm cho {m} lượt người tham dự; "
    "phát hành {k} tờ rơi, áp phích tại các khu dân cư, khu công nghiệp và cơ sở kinh doanh dịch vụ.",
    "Phối hợp kiểm tra {n} cơ sở kinh doanh dịch vụ nhạy cảm, phát hiện và xử lý {k} vụ vi phạm; "
    "hỗ trợ {m} người bán dâm tiếp cận dịch vụ y tế, trợ giúp pháp lý và học nghề.",
    "Tập huấn cho {m} cán bộ làm công tác phòng, chống tệ nạn xã hội cấp tỉnh, cấp xã; "
    "duy trì {n} mô hình hỗ trợ giảm hại, phòng ngừa và can thiệp bạo lực trên cơ sở giới.",
)
DIFFICULTIES = (
    "Kinh phí bố trí cho công tác phòng, chống mại dâm còn hạn chế; đội ngũ cán bộ kiêm nhiệm, thường xuyên thay đổi.",
    "Hoạt động mại dâm diễn biến phức tạp, ngày càng tinh vi, lợi dụng mạng xã hội nên khó phát hiện, xử lý.",
)
PROPOSALS = (
    "Đề nghị Bộ Y tế sớm hướng dẫn chức năng, nhiệm vụ sau khi sắp xếp tổ chức bộ máy và bố trí kinh phí cho năm tiếp theo.",
    "Đề nghị tăng cường tập huấn nghiệp vụ và hướng dẫn thống nhất cách thu thập số liệu các chỉ tiêu.",
)


def fill_period(
    period: ReportingPeriod,
    *,
    status: str = Report.Status.ACCEPTED,
    seed: int = 808,
    skip_codes: frozenset[str] = frozenset(),
    only_codes: frozenset[str] | None = None,
) -> list[Report]:
    """A report for every expected agency of ``period`` (but ``skip_codes``; only ``only_codes`` if
    given), filled and in ``status``."""
    rng = random.Random(seed)
    obligations = period_obligations(period)
    submitted_at = datetime.datetime.combine(period.due_date, datetime.time(9, 30), tzinfo=HANOI)
    reports = []
    for agency in obligations.agencies:
        if agency.code in skip_codes or (only_codes is not None and agency.code not in only_codes):
            continue
        reports.append(
            Report(
                agency=agency,
                period=period,
                status=status,
                overall_assessment="Các cấp, các ngành tiếp tục triển khai đồng bộ các nhiệm vụ của Kế hoạch.",
                difficulties=rng.choice(DIFFICULTIES),
                proposals=rng.choice(PROPOSALS),
                budget_central=rng.randrange(0, 500) * 1_000_000,
                budget_local=rng.randrange(100, 3000) * 1_000_000 if agency.province else 0,
                budget_other=rng.randrange(0, 100) * 500_000,
                first_submitted_at=None if status == Report.Status.DRAFT else submitted_at,
                submitted_at=None if status == Report.Status.DRAFT else submitted_at,
                accepted_at=submitted_at if status == Report.Status.ACCEPTED else None,
            )
        )
    Report.objects.bulk_create(reports)
    reports = list(
        Report.objects.filter(period=period, agency__in=[r.agency for r in reports]).select_related("agency")
    )
    progress, figures = [], []
    statuses = [TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED]
    for report in reports:
        for task in obligations.tasks.get(report.agency_id, []):
            text = rng.choice(RESULTS).format(n=rng.randrange(2, 40), m=rng.randrange(50, 5000), k=rng.randrange(1, 60))
            progress.append(TaskProgress(report=report, task=task, status=rng.choice(statuses), results=text))
        for target in obligations.targets.get(report.agency_id, []):
            figures.append(_figure(rng, report, target, period))
    TaskProgress.objects.bulk_create(progress)
    IndicatorFigure.objects.bulk_create(figures)
    return reports


def _figure(rng: random.Random, report: Report, target: Target, period: ReportingPeriod) -> IndicatorFigure:
    measure = target.measure
    if measure == Target.Measure.YES_NO_SHARE:
        return IndicatorFigure(report=report, target=target, yes_no=rng.random() < 0.8)
    if measure == Target.Measure.MONTHS_COVERED:
        months = [m for m in period.months if rng.random() < 0.85]
        return IndicatorFigure(
            report=report,
            target=target,
            months=months,
            items=len(months) * rng.randrange(1, 6),
            numerator=len(months),
            denominator=len(period.months),
        )
    if measure == Target.Measure.YOY_CHANGE:
        return IndicatorFigure(report=report, target=target, numerator=rng.randrange(5, 120))
    denominator = rng.randrange(20, 600)
    share = rng.uniform(0.4, 0.98)
    return IndicatorFigure(report=report, target=target, numerator=int(denominator * share), denominator=denominator)


def make_period(plan, code: str = "2025-H1", **overrides) -> ReportingPeriod:
    """A period as the reporting app opens it (window 15/12 to 14/6 or 14/12, due 20/6 or 20/12)."""
    year, kind = code.split("-")
    year = int(year)
    half = kind == "H1"
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
    values.update(overrides)
    return ReportingPeriod.objects.create(**values)
