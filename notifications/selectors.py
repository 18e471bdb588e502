"""Who is due which reminder on a given day: reads only, shared by the job, the command and its dry run.

Days are Hà Nội days: the offset of a day is ``day - period.due_date`` in days, so the due day is 0,
the day before -1 and the day after +1 (see ``notifications/README.md``).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q

from accounts.models import Role, User
from accounts.rules import monitoring_body_ids
from agencies.models import Agency
from notifications.models import Digest, Notification, Reminder
from plan808.clock import hanoi_start_of_day
from reporting.models import IndicatorFigure, Report, ReportingPeriod
from reporting.obligations import period_obligations

SUBMITTED_STATUSES = (Report.Status.SUBMITTED, Report.Status.ACCEPTED)
OFFICER_ROLES = (Role.Code.PROVINCIAL_OFFICER, Role.Code.AGENCY_OFFICER)


def reminder_offsets() -> tuple[set[int], set[int]]:
    """(days before the due day, days after it) from ``settings.REMINDER_OFFSETS``."""
    offsets = settings.REMINDER_OFFSETS
    return {int(d) for d in offsets.get("before", ())}, {int(d) for d in offsets.get("after", ())}


def offset_applies(offset: int) -> bool:
    before, after = reminder_offsets()
    return (offset <= 0 and -offset in before) or (offset > 0 and offset in after)


@dataclass
class DueReminder:
    """One agency that is due the reminder of ``offset`` for ``period`` on ``day``."""

    period: ReportingPeriod
    agency: Agency
    offset: int
    day: datetime.date
    officers: list[User]  # who is reminded: the officers, or the approvers while the report awaits them
    report_status: str  # "" when the agency has not started a report
    tasks_expected: int = 0
    tasks_filled: int = 0
    targets_expected: int = 0
    targets_filled: int = 0

    @property
    def recipients(self) -> list[str]:
        """The active officers' addresses; else the agency's contact address; else nobody."""
        emails = [u.email for u in self.officers if u.email]
        if emails:
            return emails
        return [self.agency.contact_email] if self.agency.contact_email else []

    @property
    def channel(self) -> str:
        if any(u.email for u in self.officers):
            return "officers"
        return "contact" if self.agency.contact_email else "none"


@dataclass
class DueDigest:
    """The reviewers' digest for one period on a reminder day."""

    period: ReportingPeriod
    offset: int
    day: datetime.date
    missing: list[Agency] = field(default_factory=list)
    late: list[tuple[Agency, datetime.datetime]] = field(default_factory=list)
    without_recipient: list[Agency] = field(default_factory=list)
    reviewers: list[User] = field(default_factory=list)


@dataclass
class DueToday:
    day: datetime.date
    reminders: list[DueReminder] = field(default_factory=list)
    digests: list[DueDigest] = field(default_factory=list)


def due_on(day: datetime.date) -> DueToday:
    """Every reminder and digest due on ``day`` (a Hà Nội date) over the open periods."""
    result = DueToday(day=day)
    periods = [
        p
        for p in ReportingPeriod.objects.filter(is_open=True).select_related("plan")
        if offset_applies((day - p.due_date).days)
    ]
    if not periods:
        return result
    # Only reviewers the rules count as such get the digest of every agency: those of the monitoring
    # body as it was on the period's due date (Cục Bảo trợ xã hội, Bộ Y tế, for 2025-FY).
    reviewers = list(
        User.objects.filter(is_active=True, roles__code=Role.Code.REVIEWER)
        .exclude(email="")
        .select_related("agency")
        .distinct()
        .order_by("pk")
    )
    for period in periods:
        offset = (day - period.due_date).days
        due, digest = _period_due(period, offset, day)
        monitoring = monitoring_body_ids(period.due_date)
        digest.reviewers = [user for user in reviewers if user.agency_id in monitoring]
        result.reminders.extend(due)
        result.digests.append(digest)
    return result


def _period_due(period: ReportingPeriod, offset: int, day: datetime.date) -> tuple[list[DueReminder], DueDigest]:
    obligations = period_obligations(period)
    reports = {
        r["agency_id"]: r
        for r in Report.objects.filter(period=period)
        .values("id", "agency_id", "status", "first_submitted_at")
        .annotate(
            tasks_filled=Count("task_progress", filter=~Q(task_progress__status=""), distinct=True),
        )
    }
    figures_filled = dict(
        IndicatorFigure.objects.filter(report__period=period)
        .filter(Q(numerator__isnull=False) | Q(yes_no__isnull=False))
        .values("report__agency_id")
        .annotate(n=Count("id"))
        .values_list("report__agency_id", "n")
    )
    missing = [a for a in obligations.agencies if reports.get(a.pk, {}).get("status") not in SUBMITTED_STATUSES]
    # Who is reminded: the agency's officers; while its report awaits the agency's own approval, its
    # approvers (the report waits on them), or the officers where the agency has no approver.
    officers: dict[int, list[User]] = defaultdict(list)
    approvers: dict[int, list[User]] = defaultdict(list)
    for user in (
        User.objects.filter(
            agency_id__in=[a.pk for a in missing],
            is_active=True,
            roles__code__in=[*OFFICER_ROLES, Role.Code.APPROVER],
        )
        .prefetch_related("roles")
        .distinct()
        .order_by("pk")
    ):
        codes = {role.code for role in user.roles.all()}
        if codes & set(OFFICER_ROLES):
            officers[user.agency_id].append(user)
        if Role.Code.APPROVER in codes:
            approvers[user.agency_id].append(user)

    due = []
    for agency in missing:
        report = reports.get(agency.pk, {})
        awaits_approval = report.get("status") == Report.Status.PENDING_APPROVAL
        due.append(
            DueReminder(
                period=period,
                agency=agency,
                offset=offset,
                day=day,
                officers=(awaits_approval and approvers.get(agency.pk)) or officers.get(agency.pk, []),
                report_status=report.get("status", ""),
                tasks_expected=len(obligations.tasks.get(agency.pk, [])),
                tasks_filled=report.get("tasks_filled", 0),
                targets_expected=len(obligations.targets.get(agency.pk, [])),
                targets_filled=figures_filled.get(agency.pk, 0),
            )
        )
    digest = DueDigest(period=period, offset=offset, day=day, missing=missing)
    digest.without_recipient = [d.agency for d in due if d.channel == "none"]
    by_id = {a.pk: a for a in obligations.agencies}
    # Late: first submitted after the deadline, and by the end of the run day (a run for a past day
    # does not call late what had not arrived yet on that day).
    end_of_day = hanoi_start_of_day(day + datetime.timedelta(days=1))
    digest.late = sorted(
        (
            (by_id[r["agency_id"]], r["first_submitted_at"])
            for r in reports.values()
            if r["agency_id"] in by_id
            and r["first_submitted_at"] is not None
            and period.deadline <= r["first_submitted_at"] < end_of_day
        ),
        key=lambda pair: pair[1],
    )
    return due, digest


def user_notifications(user):
    """The user's own notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


@dataclass
class ReminderLog:
    periods: list[ReportingPeriod]
    period: ReportingPeriod | None
    reminders: object  # a queryset, paginated by the page
    digests: list
    counts: dict


def reminder_log(*, period_code: str | None = None) -> ReminderLog:
    """The reminders and digests recorded, newest first, optionally for one period (by code)."""
    periods = sorted(ReportingPeriod.objects.all(), key=lambda p: p.due_date, reverse=True)
    period = next((p for p in periods if p.code == period_code), None)
    reminders = Reminder.objects.select_related("agency", "period").order_by("-day", "offset", "agency__code")
    digests = Digest.objects.select_related("period").order_by("-day")
    if period is not None:
        reminders = reminders.filter(period=period)
        digests = digests.filter(period=period)
    counts = dict(reminders.order_by().values("delivery").annotate(n=Count("id")).values_list("delivery", "n"))
    return ReminderLog(periods=periods, period=period, reminders=reminders, digests=list(digests[:20]), counts=counts)
