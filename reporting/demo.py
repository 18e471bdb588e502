"""Demo data: plausible reports, the one generator that seed_demo, the benchmarks and the tests share.

``seed(plan)`` tells a story in every period of the plan: every expected agency gets a fate drawn
from a seeded random generator (accepted, submitted, returned, a draft, or nothing at all; on time or
late), and figures that follow a profile of its own (a province's commune count, its rates rising
over the years). The same seed gives the same data on every machine; a second run creates nothing,
and a report that exists is never touched (so the Hà Nội 2025-H1 report a demo user fills in stays
theirs). ``fill_period(period)`` fills one period with complete reports in one status, from the same
profiles, for the tests and the PDF benchmark.

Rows are written with bulk_create: this is demo data, not an officer's action, so no service call
and no per-row history. Never used by the portal's own pages; seed_demo runs only with DEMO_MODE.
"""

import datetime
import random
import re
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from agencies.services import agency_approval_set
from indicators.models import Target
from plan808.clock import HANOI, hanoi_today
from reporting.answers import NoAnswer
from reporting.models import (
    Attachment,
    IndicatorFigure,
    Report,
    ReportEvent,
    ReportingPeriod,
    StatisticValue,
    TaskProgress,
    TaskStatus,
    TaskStatusUpdate,
)
from reporting.obligations import period_obligations
from reporting.plausibility import figure_warnings
from reporting.selectors import statistic_catalogue
from reporting.services import period_create_for_plan, period_open_end_of_term

SEED = 808
DEMO_FILE = "reports/demo/bao-cao-mau.pdf"
# Left for the demo: Hà Nội's Sở Y tế officer (soytehanoi) fills, saves and submits the end-of-term
# review, the one period open when the demo is seeded, in the browser.
LEFT_FOR_THE_DEMO = {("so-y-te-ha-noi-2025", "2025-TK")}
# The end-of-term review's due day in the demo: this many days after the day it is seeded, so that a
# newcomer can send it on time whatever the date.
REVIEW_DUE_IN_DAYS = 30
SIGNERS = [
    "Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Minh", "Phạm Thị Thu Hà", "Hoàng Văn Nam", "Vũ Thị Lan",
    "Đặng Minh Tuấn", "Bùi Thị Hồng", "Đỗ Văn Thành", "Ngô Thị Hạnh", "Dương Quốc Bảo", "Lý Thị Ngọc",
]  # fmt: skip
DIFFICULTIES = [
    "Kinh phí bố trí cho công tác phòng, chống mại dâm còn hạn chế, chủ yếu lồng ghép với các chương trình khác.",
    "Đội ngũ cán bộ làm công tác phòng, chống tệ nạn xã hội ở cấp xã kiêm nhiệm, thường xuyên thay đổi.",
    "Hoạt động mại dâm diễn biến phức tạp, chuyển sang hình thức trá hình qua mạng xã hội, khó phát hiện.",
    "Việc sắp xếp đơn vị hành chính làm thay đổi đầu mối, ảnh hưởng đến việc thu thập số liệu.",
]
PROPOSALS = [
    "Đề nghị Bộ bố trí kinh phí hỗ trợ các mô hình thí điểm và tập huấn cho cán bộ cơ sở.",
    "Đề nghị ban hành hướng dẫn thống nhất về chỉ tiêu, biểu mẫu thống kê số liệu phòng, chống mại dâm.",
    "Đề nghị tăng cường phối hợp liên ngành trong kiểm tra các cơ sở kinh doanh dịch vụ dễ phát sinh tệ nạn.",
]
CAUSES = [
    "Nhận thức của một bộ phận người dân, chủ cơ sở kinh doanh dịch vụ về phòng, chống mại dâm chưa đầy đủ.",
    "Sự phối hợp giữa các lực lượng chức năng có lúc chưa chặt chẽ; cán bộ cơ sở kiêm nhiệm nhiều việc.",
    "Kinh phí bố trí hằng năm thấp, chưa tương xứng với nhiệm vụ được giao.",
]
DIRECTIONS = [
    "Tiếp tục tuyên truyền tại cộng đồng và cơ sở kinh doanh dịch vụ; tăng cường kiểm tra liên ngành trong kỳ tới.",
    "Nhân rộng mô hình hỗ trợ người bán dâm hòa nhập cộng đồng; tập huấn cho cán bộ cấp xã.",
    "Rà soát, thống kê số liệu theo biểu mẫu của Bộ; chuẩn bị tổng kết Chương trình giai đoạn 2021-2025.",
]
RESULTS = [
    "Tổ chức {n} hội nghị, lớp tập huấn với {m} lượt người tham dự.",
    "Phát hành {m} tờ rơi, tài liệu tuyên truyền; thực hiện {n} tin, bài trên báo, đài địa phương.",
    "Kiểm tra {n} cơ sở kinh doanh dịch vụ, phát hiện và xử lý {k} vi phạm.",
    "Hỗ trợ {n} người bán dâm tiếp cận dịch vụ y tế, trợ giúp pháp lý và học nghề.",
    "Ban hành {k} văn bản chỉ đạo, hướng dẫn; lồng ghép nội dung vào {n} chương trình của địa phương.",
]
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>"
    b"endobj\n4 0 obj<</Length 58>>stream\nBT /F1 16 Tf 72 760 Td (Bao cao mau - du lieu thu nghiem) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Profile:
    """What does not change much about an agency from one period to the next."""

    communes: int
    districts: int
    workers_risk: int
    workers_zones: int
    students: int
    businesses: int
    complaints: int
    cases: int
    in_need: int
    staff_province: int
    staff_local: int
    rate: float  # where its rates start in 2022
    growth: float  # how much they rise each period
    publishes: float  # the share of months with a publication
    integrates: bool


def profile(agency: Agency) -> Profile:
    rng = random.Random(f"{SEED}:profile:{agency.code}")
    scale = 20 if agency.code == "bo-cong-an" else 1  # the police report the whole country's figures
    return Profile(
        communes=rng.randint(90, 620),
        districts=rng.randint(7, 30),
        workers_risk=rng.randint(800, 25000) * scale,
        workers_zones=rng.randint(2000, 300000),
        students=rng.randint(20000, 400000),
        businesses=rng.randint(150, 4000) * scale,
        complaints=rng.randint(5, 300) * scale,
        cases=rng.randint(3, 80) * scale,
        in_need=rng.randint(20, 600),
        staff_province=rng.randint(15, 120),
        staff_local=rng.randint(200, 3000),
        rate=rng.uniform(0.42, 0.8),
        growth=rng.uniform(0.01, 0.04),
        publishes=rng.uniform(0.55, 1.0),
        integrates=rng.random() < 0.6,
    )


def _ratio(rng, total, rate):
    rate = max(0.0, min(1.0, rate + rng.uniform(-0.03, 0.03)))
    return round(total * rate), total


def figure_values(target: Target, prof: Profile, period: ReportingPeriod, index: int, rng) -> dict:
    """Plausible numbers for ``target`` in the period numbered ``index`` (0 = 2022-H1) of this agency."""
    rate = prof.rate + prof.growth * index
    half = period.kind == ReportingPeriod.Kind.HALF_YEAR
    year_share = 0.5 if half else 1.0
    code = target.code
    if target.measure == Target.Measure.YES_NO_SHARE:
        return {"yes_no": rng.random() < 0.96 if code == "4" else prof.integrates}
    if target.measure == Target.Measure.MONTHS_COVERED:
        months = [m for m in period.months if rng.random() < prof.publishes]
        return {"months": months, "items": sum(rng.randint(1, 6) for _ in months)}
    if target.measure == Target.Measure.YOY_CHANGE:
        yearly = prof.cases * (1.045 ** (period.year - 2022))
        return {"numerator": max(0, round(yearly * year_share * rng.uniform(0.9, 1.1)))}
    totals = {
        "1": prof.communes,
        "3a": prof.workers_risk,
        "3b": prof.workers_zones,
        "3c": prof.students,
        "6": round(prof.complaints * year_share) or 1,
        "8a": prof.businesses,
        "8b": prof.businesses,
        "9": prof.districts,
        "10": prof.in_need,
        "11a": prof.staff_province,
        "11b": prof.staff_local,
    }
    total = totals.get(code, 100)
    if code == "8a":
        rate = (0.12 + prof.growth * index) * (0.55 if half else 1.0)
    elif code == "8b":
        rate = 0.7 + prof.growth * 4
    elif code == "6":
        rate = 0.9 + prof.growth
    elif code == "9":
        rate = 0.05 + prof.growth * index / 2
    numerator, denominator = _ratio(rng, total, rate)
    return {"numerator": numerator, "denominator": denominator}


def _sections(period, agency) -> dict[str, str]:
    """Causes and directions, from a generator of their own so the other seeded values stay as they were."""
    rng = random.Random(f"{SEED}:{period.code}:{agency.code}:sections")
    return {"causes": rng.choice(CAUSES), "directions": rng.choice(DIRECTIONS)}


def statistic_values(report: Report, items) -> list[StatisticValue]:
    """The statistics section of a demo report: totals and parts that add up, some answered "không có số liệu".

    A generator of its own (seeded by period and agency), so the other seeded values stay as they were.
    """
    agency, period = report.agency, report.period
    rng = random.Random(f"{SEED}:{period.code}:{agency.code}:statistics")
    scale = 1 if period.kind == ReportingPeriod.Kind.ANNUAL else 0.5
    rows = []
    for item in items:
        if not item.reported_by(agency):
            continue
        if rng.random() < 0.08:
            rows.append(
                StatisticValue(
                    report=report,
                    item=item,
                    no_answer=NoAnswer.NO_DATA,
                    no_answer_reason=rng.choice(
                        ["Chưa tổ chức điều tra, khảo sát.", "Cơ quan công an chưa cung cấp số liệu."]
                    ),
                )
            )
            continue
        base = {"đồng": 2_000_000, "cơ sở": 400, "người": 120, "lượt": 300, "lượt cơ sở": 250}.get(item.unit, 12)
        total = max(0, round(base * rng.uniform(0.2, 2.5) * (scale if item.is_additive else 1)))
        if item.unit == "đồng":
            total = rng.randint(5, 400) * 1_000_000
        rows.append(StatisticValue(report=report, item=item, value=total))
        if item.breakdowns:
            weights = [rng.random() + 0.1 for _part in item.breakdowns]
            parts = [int(total * w / sum(weights)) for w in weights]
            parts[-1] = total - sum(parts[:-1])
            rows += [
                StatisticValue(report=report, item=item, breakdown=part["key"], value=value)
                for part, value in zip(item.breakdowns, parts, strict=True)
            ]
    return rows


def _symbol(agency: Agency) -> str:
    if agency.kind == Agency.Kind.PROVINCIAL_DOLISA:
        return "SLĐTBXH"
    letters = re.sub(r"[^A-ZĐ]", "", (agency.short_name or agency.name).upper())
    return letters[:8] or "UBND"


def _fate(rng, period: ReportingPeriod, latest_year: int) -> str:
    """What happened to one agency's report: accepted, submitted, returned, draft or missing."""
    if period.is_end_of_term:  # open, due ahead: many sent early and accepted, some still drafting
        weights = {"missing": 10, "draft": 15, "returned": 5, "submitted": 25, "accepted": 45}
    elif period.year < latest_year:
        weights = {"missing": 5, "draft": 1, "returned": 2, "submitted": 4, "accepted": 88}
    elif period.kind == ReportingPeriod.Kind.HALF_YEAR:
        weights = {"missing": 8, "draft": 8, "returned": 8, "submitted": 34, "accepted": 42}
    else:
        weights = {"missing": 14, "draft": 12, "returned": 6, "submitted": 38, "accepted": 30}
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def period_index(period: ReportingPeriod) -> int:
    """The period's place in the plan's calendar of half-years and years: 0 for 2022-H1, 1 for 2022-FY, …"""
    return (period.year - 2022) * 2 + (0 if period.kind == ReportingPeriod.Kind.HALF_YEAR else 1)


def seed(plan) -> dict[str, int]:
    """Every period of ``plan`` filled with its story; the counts of what was created.

    The caller holds the transaction (seed_demo wraps it in one).
    """
    periods = period_create_for_plan(plan=plan)
    review = open_review(plan)
    turn_on_approval()
    return _seed(plan, sorted([*periods, review], key=lambda p: p.due_date))


# The demo's agency with the internal approval step on: Huế's Sở Y tế, whose reports the city's
# People's Committee issues. Its end-of-term review waits for its approver (pheduyethue), who approves
# it (it then reaches the ministry) or sends it back (README, "Tài khoản thử nghiệm").
APPROVAL_DEMO = {
    "code": "so-y-te-hue-2025",
    "issuing_body": "Ủy ban nhân dân thành phố Huế",
    "issuing_symbol": "BC-UBND",
}


def turn_on_approval() -> Agency | None:
    """Turn the approval step on for the demo's agency (when the succession file is loaded); once."""
    agency = Agency.objects.filter(code=APPROVAL_DEMO["code"]).first()
    if agency is None or agency.requires_approval:
        return agency
    return agency_approval_set(
        agency=agency,
        user=None,
        requires_approval=True,
        issuing_body=APPROVAL_DEMO["issuing_body"],
        issuing_symbol=APPROVAL_DEMO["issuing_symbol"],
    )


def open_review(plan) -> ReportingPeriod:
    """The plan's end-of-term review, open, due ``REVIEW_DUE_IN_DAYS`` after today (Hà Nội) unless it is
    already open with a due day still ahead (so a second run the same month changes nothing)."""
    today = hanoi_today()
    review = ReportingPeriod.objects.filter(plan=plan, kind=ReportingPeriod.Kind.END_OF_TERM).first()
    if review is not None and review.is_open and review.due_date >= today:
        return review
    due = max(today, datetime.date(plan.end_year, 12, 15)) + datetime.timedelta(days=REVIEW_DUE_IN_DAYS)
    return period_open_end_of_term(plan=plan, due_date=due)[0]


def fill_period(
    period: ReportingPeriod,
    *,
    status: str = Report.Status.ACCEPTED,
    skip_codes: frozenset[str] = frozenset(),
    only_codes: frozenset[str] | None = None,
) -> list[Report]:
    """A complete report in ``status`` from every agency ``period`` expects (but ``skip_codes``; only
    ``only_codes`` if given): every figure, every task's progress, the texts and the budget."""
    obligations = period_obligations(period)
    index = period_index(period)
    submitted_at = datetime.datetime.combine(period.due_date, datetime.time(9, 30), tzinfo=HANOI)
    sent = status != Report.Status.DRAFT
    statuses = [TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED]
    plans = []
    for agency in obligations.agencies:
        if agency.code in skip_codes or (only_codes is not None and agency.code not in only_codes):
            continue
        rng = random.Random(f"{SEED}:{period.code}:{agency.code}")
        report = Report(
            agency=agency,
            period=period,
            status=status,
            results="Các cấp, các ngành tiếp tục triển khai đồng bộ các nhiệm vụ của Kế hoạch.",
            limitations=rng.choice(DIFFICULTIES),
            proposals=rng.choice(PROPOSALS),
            **_sections(period, agency),
            budget_central=rng.randrange(0, 500) * 1_000_000,
            budget_local=rng.randrange(100, 3000) * 1_000_000 if agency.province else 0,
            budget_other=rng.randrange(0, 100) * 500_000,
            first_submitted_at=submitted_at if sent else None,
            submitted_at=submitted_at if sent else None,
            accepted_at=submitted_at if status == Report.Status.ACCEPTED else None,
        )
        figures = _figures(obligations.targets.get(agency.pk, []), profile(agency), period, index, rng)
        progress = [
            TaskProgress(
                task=task,
                status=rng.choice(statuses),
                results=rng.choice(RESULTS).format(n=rng.randint(2, 40), m=rng.randint(50, 4000), k=rng.randint(1, 12)),
            )
            for task in obligations.tasks.get(agency.pk, [])
        ]
        plans.append((report, figures, progress))
    reports = _bulk_create_reports([p[0] for p in plans], [period])
    for report, figures, progress in plans:
        for row in (*figures, *progress):
            row.report = report
    IndicatorFigure.objects.bulk_create([f for p in plans for f in p[1]], batch_size=1000)
    TaskProgress.objects.bulk_create([t for p in plans for t in p[2]], batch_size=1000)
    items = statistic_catalogue()
    StatisticValue.objects.bulk_create([v for r in reports for v in statistic_values(r, items)], batch_size=1000)
    return reports


def _bulk_create_reports(reports: list[Report], periods) -> list[Report]:
    Report.objects.bulk_create(reports, batch_size=500)
    if reports and reports[0].pk is None:  # a backend that does not return ids from a bulk insert
        ids = {(r.agency_id, r.period_id): r.pk for r in Report.objects.filter(period__in=periods)}
        for report in reports:
            report.pk = ids[(report.agency_id, report.period_id)]
    return reports


def _seed(plan, periods: list[ReportingPeriod]) -> dict[str, int]:
    now = timezone.now()
    existing = set(Report.objects.filter(period__plan=plan).values_list("agency_id", "period_id"))
    obligations = [period_obligations(p) for p in periods]
    agencies = {a.pk: a for o in obligations for a in o.agencies}
    officers = _officers(agencies.values())
    reviewer = _reviewer()
    if not default_storage.exists(DEMO_FILE):
        default_storage.save(DEMO_FILE, ContentFile(MINIMAL_PDF))
    latest_year = max(p.year for p in periods)
    profiles = {pk: profile(a) for pk, a in agencies.items()}
    previous: dict[tuple[int, int], IndicatorFigure] = {}
    plans = []  # (report, figures, progress, events)
    for index, (period, obliged) in enumerate(zip(periods, obligations, strict=True)):
        for agency in obliged.agencies:
            rng = random.Random(f"{SEED}:{period.code}:{agency.code}")
            fate = _fate(rng, period, latest_year)
            if period.deadline > now and fate == "returned":
                fate = "submitted"  # a period still due (the review): sent early and waiting, or accepted
            if period.deadline > now and agency.code == APPROVAL_DEMO["code"]:
                fate = Report.Status.PENDING_APPROVAL  # sent by its officer, waiting for the approver
            figures = _figures(obliged.targets.get(agency.pk, []), profiles[agency.pk], period, index, rng)
            for figure in figures:
                figure.warning = " ".join(figure_warnings(figure, previous.get((agency.pk, figure.target_id))))[:300]
                if figure.warning and fate != "draft":
                    figure.warning_comment = rng.choice(
                        [
                            "Số liệu đã rà soát; thay đổi do sắp xếp đơn vị hành chính cấp xã.",
                            "Đã kiểm tra lại với các phòng chuyên môn; số liệu đúng.",
                        ]
                    )
            if fate not in ("missing", "draft"):
                for figure in figures:
                    previous[(agency.pk, figure.target_id)] = figure
            if fate == "missing" or (agency.pk, period.pk) in existing:
                continue
            if (agency.code, period.code) in LEFT_FOR_THE_DEMO:
                continue
            plans.append(_report(agency, period, fate, figures, obliged, officers[agency.pk], reviewer, rng, now))
    return _write(plans, periods, agencies, officers, existing, now)


def _figures(targets, prof, period, index, rng) -> list[IndicatorFigure]:
    figures = []
    for target in targets:
        values = figure_values(target, prof, period, index, rng)
        figure = IndicatorFigure(target=target, **values)
        if target.measure == Target.Measure.MONTHS_COVERED:
            figure.numerator, figure.denominator = len(figure.months), len(period.months)
        # An administrative merger now and then: the commune count drops by a third (a warning).
        if target.code == "1" and rng.random() < 0.03:
            figure.denominator = round(figure.denominator * 0.65)
            figure.numerator = min(figure.numerator, figure.denominator)
        figures.append(figure)
    return figures


def _report(agency, period, fate, figures, obliged, officer, reviewer, rng, now):
    # Submission times sit around the period's real due day, on time or late by design; for a period
    # still due (the open end-of-term review) some weeks before the seeding day, so that every step
    # (a return, a resubmission, the acceptance: at most 21 days) lies in the past, and on time.
    late = rng.random() < (0.15 if period.year < 2025 else 0.25)
    first = period.deadline + datetime.timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 12))
    if period.deadline > now:
        first = now - datetime.timedelta(days=rng.randint(22, 30), hours=rng.randint(1, 20))
    elif not late:
        first = period.deadline - datetime.timedelta(days=rng.randint(0, 14), hours=rng.randint(1, 20))
    created = first - datetime.timedelta(days=rng.randint(5, 30))
    report = Report(
        agency=agency,
        period=period,
        created_by=officer,
        results=(
            f"{agency.province_name or agency.display_name} đã ban hành kế hoạch thực hiện Chương trình phòng, "
            f"chống mại dâm {period.name}; các sở, ngành, địa phương triển khai đồng bộ các nhiệm vụ được giao. "
            "Công tác tuyên truyền, kiểm tra, hỗ trợ người bán dâm tiếp tục được duy trì."
        ),
        limitations=rng.choice(DIFFICULTIES),
        proposals=rng.choice(PROPOSALS),
        **_sections(period, agency),
        budget_central=rng.choice([0, 0, rng.randint(5, 500) * 1_000_000]),
        budget_local=rng.randint(100, 3000) * 1_000_000,
        budget_other=rng.choice([0, 0, 0, rng.randint(10, 200) * 1_000_000]),
        dispatch_number=f"{rng.randint(12, 480)}/BC-{_symbol(agency)}",
        dispatch_date=(first - datetime.timedelta(days=rng.randint(0, 3)))
        .astimezone(timezone.get_current_timezone())
        .date(),
        dispatch_signer=rng.choice(SIGNERS),
        dispatch_signer_position="Phó Giám đốc Sở" if agency.is_provincial_department else "Thứ trưởng",
    )
    events = [ReportEvent(action="create", from_status="", to_status="draft", user=officer, at=created)]
    if fate == "draft":
        report.status = Report.Status.DRAFT
        report.dispatch_number, report.dispatch_date, report.proposals = "", None, ""
        for figure in figures:  # a draft: some figures not typed in yet
            if rng.random() < 0.4:
                figure.numerator = figure.yes_no = figure.items = None
                figure.months, figure.warning, figure.warning_comment = [], "", ""
                if figure.target.measure == Target.Measure.MONTHS_COVERED:
                    figure.denominator = len(period.months)
                else:
                    figure.denominator = None
    elif fate == Report.Status.PENDING_APPROVAL:
        # Sent for approval inside the agency: not yet received by the ministry (no timeliness yet).
        report.status = fate
        events.append(
            ReportEvent(action="request_approval", from_status="draft", to_status=fate, user=officer, at=first)
        )
    else:
        report.first_submitted_at = report.submitted_at = first
        events.append(ReportEvent(action="submit", from_status="draft", to_status="submitted", user=officer, at=first))
        at = first
        if fate in ("returned", "accepted") and rng.random() < (1.0 if fate == "returned" else 0.15):
            at += datetime.timedelta(days=rng.randint(2, 6))
            events.append(
                ReportEvent(
                    action="return",
                    from_status="submitted",
                    to_status="returned",
                    user=reviewer,
                    at=at,
                    comment="Đề nghị bổ sung số liệu chỉ tiêu 3 và giải trình kinh phí địa phương.",
                )
            )
            if fate == "accepted":
                at += datetime.timedelta(days=rng.randint(1, 5))
                report.submitted_at = at
                events.append(
                    ReportEvent(action="submit", from_status="returned", to_status="submitted", user=officer, at=at)
                )
        if fate == "accepted":
            at += datetime.timedelta(days=rng.randint(2, 10))
            report.accepted_at = at
            events.append(
                ReportEvent(action="accept", from_status="submitted", to_status="accepted", user=reviewer, at=at)
            )
        report.status = fate
    report.version = len(events)
    progress = []
    for task in obliged.tasks.get(agency.pk, []):
        status = rng.choices(
            [TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.NOT_STARTED, TaskStatus.NOT_DUE],
            weights=[70, 15 if period.kind == "H1" else 30, 5, 10],
        )[0]
        if fate == "draft" and rng.random() < 0.4:
            progress.append(TaskProgress(task=task, status=""))
            continue
        results = ""
        if status in (TaskStatus.IN_PROGRESS, TaskStatus.DONE):
            results = rng.choice(RESULTS).format(n=rng.randint(2, 40), m=rng.randint(50, 4000), k=rng.randint(1, 12))
        progress.append(TaskProgress(task=task, status=status, results=results))
    return report, figures, progress, events, fate


def _write(plans, periods, agencies, officers, existing, now) -> dict[str, int]:
    reports = _bulk_create_reports([p[0] for p in plans], periods)
    figures, progress, events, attachments = [], [], [], []
    for report, report_figures, report_progress, report_events, fate in plans:
        for row in (*report_figures, *report_progress, *report_events):
            row.report = report
        figures += report_figures
        progress += report_progress
        events += report_events
        if fate != "draft":
            attachments.append(
                Attachment(
                    report=report,
                    kind=Attachment.Kind.OFFICIAL_REPORT,
                    file=DEMO_FILE,
                    original_name=f"{report.dispatch_number.replace('/', '-')}.pdf",
                    size=len(MINIMAL_PDF),
                    uploaded_by=report.created_by,
                )
            )
    IndicatorFigure.objects.bulk_create(figures, batch_size=1000)
    TaskProgress.objects.bulk_create(progress, batch_size=1000)
    items = statistic_catalogue()
    StatisticValue.objects.bulk_create([v for r in reports for v in statistic_values(r, items)], batch_size=1000)
    ReportEvent.objects.bulk_create(events, batch_size=1000)
    Attachment.objects.bulk_create(attachments, batch_size=1000)
    # The half-years and years are history, closed as an admin closes them once the ministry has
    # consolidated; only the periods still due (the end-of-term review) stay open.
    ReportingPeriod.objects.filter(pk__in=[p.pk for p in periods], due_date__lt=now.astimezone(HANOI).date()).update(
        is_open=False
    )
    updates = _task_updates(periods[-1], agencies, officers, now)
    return {"reports": len(reports), "figures": len(figures), "tasks": len(progress), "updates": updates}


def _task_updates(period, agencies, officers, now) -> int:
    """A few status updates between reports from the central agencies, for the task pages' history."""
    obliged = period_obligations(period)
    done = set(TaskStatusUpdate.objects.values_list("agency_id", "task_id"))
    rows = []
    for agency in obliged.agencies:
        if agency.is_provincial_department:
            continue
        for task in obliged.tasks.get(agency.pk, []):
            rng = random.Random(f"{SEED}:update:{agency.code}:{task.code}")
            if (agency.pk, task.pk) in done or rng.random() > 0.35:
                continue
            at = min(now, period.deadline) - datetime.timedelta(days=rng.randint(30, 300))
            for step, status in enumerate([TaskStatus.IN_PROGRESS, TaskStatus.DONE][: rng.randint(1, 2)]):
                rows.append(
                    TaskStatusUpdate(
                        task=task,
                        agency=agency,
                        user=officers[agency.pk],
                        status=status,
                        note=rng.choice(RESULTS).format(n=rng.randint(2, 30), m=rng.randint(50, 3000), k=step + 1),
                        at=at + datetime.timedelta(days=40 * step),
                    )
                )
    TaskStatusUpdate.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _officers(agencies) -> dict[int, User]:
    """One officer per agency to sign its demo reports: a real account of the agency, else a demo one."""
    agencies = list(agencies)
    found = {}
    for user in User.objects.filter(agency__in=agencies, roles__code__in=["provincial_officer", "agency_officer"]):
        found.setdefault(user.agency_id, user)
    missing = [a for a in agencies if a.pk not in found]
    unusable = make_password(None)  # demo signers cannot log in
    User.objects.bulk_create(
        [
            User(
                username=f"demo-{a.code}"[:150],
                first_name="Cán bộ",
                last_name=a.display_name[:150],
                agency=a,
                password=unusable,
                is_active=False,  # a signature on demo reports, not an account: off the users page
            )
            for a in missing
        ],
        ignore_conflicts=True,
    )
    # Signers seeded before were left active and without a role: make them what they are (idempotent).
    User.objects.filter(
        username__startswith="demo-", roles__isnull=True, is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
    ).update(is_active=False)
    for user in User.objects.filter(username__in=[f"demo-{a.code}"[:150] for a in missing]):
        found[user.agency_id] = user
    return found


def _reviewer() -> User:
    reviewer = User.objects.filter(roles__code="reviewer", is_active=True).order_by("pk").first()
    if reviewer is None:
        reviewer, _ = User.objects.get_or_create(
            username="demo-thamdinh",
            defaults={
                "first_name": "Cán bộ",
                "last_name": "thẩm định",
                "password": make_password(None),
                "is_active": False,
            },
        )
    return reviewer
