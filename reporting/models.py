"""Reporting periods, reports (one per agency and period), their figures, task progress and review.

Rules in plain words are in ``reporting/README.md``; every write goes through ``reporting/services.py``.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.history import audit_history
from agencies.models import Agency
from indicators.models import Target
from plan808.clock import hanoi_start_of_day
from reporting.answers import NoAnswer
from tasks.models import Plan, Task


class ReportingPeriod(models.Model):
    """Kỳ báo cáo: "2025-H1" (6 tháng đầu năm 2025, due 20 June) or "2025-FY" (năm 2025, due 20 December)."""

    class Kind(models.TextChoices):
        HALF_YEAR = "H1", _("6 tháng")
        ANNUAL = "FY", _("năm")
        # Báo cáo tổng kết: the plan's last report, over its whole term (an admin opens it with its due date).
        END_OF_TERM = "TK", _("tổng kết")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="periods")
    code = models.CharField(_("mã kỳ"), max_length=16)
    kind = models.CharField(_("loại kỳ"), max_length=2, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên kỳ"), max_length=64)
    due_date = models.DateField(
        _("hạn gửi báo cáo"), help_text=_("Ngày theo giờ Hà Nội; gửi đến hết ngày này là đúng hạn.")
    )
    window_start = models.DateField(_("số liệu từ ngày"))
    window_end = models.DateField(_("số liệu đến ngày"))
    is_open = models.BooleanField(_("đang nhận báo cáo"), default=True)

    history = audit_history()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["plan", "year", "kind"]  # "FY" < "H1" alphabetically, so order by due date in code
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="period_code_unique_in_plan"),
            models.UniqueConstraint(fields=["plan", "year", "kind"], name="period_kind_unique_in_year"),
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")), name="period_window_in_order"
            ),
        ]
        indexes = [models.Index(fields=["due_date"])]

    def __str__(self) -> str:
        return str(self.display_name)

    @property
    def display_name(self) -> str:
        """The period's name in the reader's language ("6 tháng đầu năm 2025", "first half of 2025").

        ``name`` is stored in Vietnamese; a period named as ``period_create_for_plan`` names it is
        translated, one an admin renamed is shown as written.
        """
        standard = {
            self.Kind.HALF_YEAR: (f"6 tháng đầu năm {self.year}", _("6 tháng đầu năm %(year)s")),
            self.Kind.ANNUAL: (f"năm {self.year}", _("năm %(year)s")),
        }.get(self.kind)
        if standard and self.name == standard[0]:
            return str(standard[1]) % {"year": self.year}
        return self.name

    @property
    def deadline(self) -> datetime.datetime:
        """The first instant that is late: 00:00 in Hà Nội on the day after the due day."""
        return hanoi_start_of_day(self.due_date + datetime.timedelta(days=1))

    def is_on_time(self, instant: datetime.datetime) -> bool:
        return instant < self.deadline

    @property
    def is_end_of_term(self) -> bool:
        return self.kind == self.Kind.END_OF_TERM

    @property
    def years(self) -> range:
        """The years a report of this period covers: its own, or every year of the plan for the review."""
        if self.is_end_of_term:
            return self.plan.years
        return range(self.year, self.year + 1)

    @property
    def months(self) -> list[str]:
        """The months a report of this period covers, as "YYYY-MM" (6 for a half-year, 12 for a year,
        every month of the plan's years for the end-of-term review).

        The data window starts on 15 December of the year before; we count the calendar months of
        the reporting year that the window covers, January to June or January to December.
        """
        last = 6 if self.kind == self.Kind.HALF_YEAR else 12
        return [f"{year}-{month:02d}" for year in self.years for month in range(1, last + 1)]


class PeriodException(models.Model):
    """An admin's permission for one agency to submit to a closed period, until a date."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="exceptions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="period_exceptions")
    until = models.DateField(_("đến hết ngày"))
    reason = models.CharField(_("lý do"), max_length=500)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("gia hạn nộp báo cáo")
        verbose_name_plural = _("gia hạn nộp báo cáo")
        constraints = [models.UniqueConstraint(fields=["period", "agency"], name="one_exception_per_agency_period")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.period} · {self.until}"


class Report(models.Model):
    """One agency's report for one period: draft → submitted → accepted, or returned → submitted again;
    where the agency approves its reports, draft → pending approval → submitted (or back to the officer)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        # Sent by the officer, waiting for the agency's approver (only where the agency turned it on).
        PENDING_APPROVAL = "pending_approval", _("Chờ phê duyệt")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Trả lại để bổ sung")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(
        _("phiên bản"), default=1, help_text=_("Tăng mỗi lần lưu; dùng để phát hiện lưu chồng.")
    )

    # The assessment as officials write it (MOLISA's yearly letters ask for these sections by name).
    results = models.TextField(_("kết quả đạt được"), blank=True, max_length=20000)
    limitations = models.TextField(_("hạn chế, khó khăn"), blank=True, max_length=20000)
    causes = models.TextField(_("nguyên nhân của hạn chế"), blank=True, max_length=20000)
    directions = models.TextField(_("phương hướng, nhiệm vụ kỳ tới"), blank=True, max_length=20000)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True, max_length=20000)
    # Asked in the end-of-term review only (reporting.fields.text_fields).
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True, max_length=20000)

    budget_central = models.PositiveBigIntegerField(_("ngân sách trung ương (đồng)"), null=True, blank=True)
    budget_local = models.PositiveBigIntegerField(_("ngân sách địa phương (đồng)"), null=True, blank=True)
    budget_other = models.PositiveBigIntegerField(_("viện trợ và nguồn hợp pháp khác (đồng)"), null=True, blank=True)

    dispatch_number = models.CharField(
        _("số, ký hiệu văn bản"), max_length=64, blank=True, help_text=_("Ví dụ: 125/BC-UBND")
    )
    dispatch_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    dispatch_signer = models.CharField(_("người ký"), max_length=120, blank=True)
    dispatch_signer_position = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["period", "agency"]
        constraints = [models.UniqueConstraint(fields=["agency", "period"], name="one_report_per_agency_period")]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.agency.display_name} · {self.period}"

    @property
    def is_on_time(self) -> bool | None:
        """On time when first submitted by the end of the due day in Hà Nội; None while never submitted."""
        if self.first_submitted_at is None:
            return None
        return self.period.is_on_time(self.first_submitted_at)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def budget_total(self) -> int | None:
        parts = [p for p in (self.budget_central, self.budget_local, self.budget_other) if p is not None]
        return sum(parts) if parts else None


class DirectingDocument(models.Model):
    """Văn bản chỉ đạo: a directing document the agency issued in the period (số, ngày, trích yếu)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    number = models.CharField(_("số, ký hiệu"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"))
    summary = models.TextField(_("trích yếu"), max_length=1000)

    history = audit_history()

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"


class ReportEvent(models.Model):
    """A workflow step of a report: who took it, when, and the reviewer's comment where there is one."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo báo cáo")
        SUBMIT = "submit", _("Gửi")
        RETURN = "return", _("Trả lại")
        ACCEPT = "accept", _("Tiếp nhận")
        REOPEN = "reopen", _("Mở lại")
        # The agency's internal approval (Agency.requires_approval): sent to, approved or sent back by its approver.
        REQUEST_APPROVAL = "request_approval", _("Trình phê duyệt")
        APPROVE = "approve", _("Phê duyệt, gửi Bộ")
        SEND_BACK = "send_back", _("Lãnh đạo trả lại")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("bước"), max_length=16, choices=Action.choices)
    from_status = models.CharField(max_length=16, choices=Report.Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Report.Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("lúc"))
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý báo cáo")
        verbose_name_plural = _("bước xử lý báo cáo")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"


class SectionComment(models.Model):
    """A reviewer's comment on one section of a report."""

    class Section(models.TextChoices):
        FIGURES = "figures", _("Số liệu chỉ tiêu")
        TASKS = "tasks", _("Tiến độ nhiệm vụ")
        BUDGET = "budget", _("Kinh phí")
        ASSESSMENT = "assessment", _("Đánh giá, phương hướng, đề xuất")
        ATTACHMENTS = "attachments", _("Văn bản, tệp đính kèm")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(_("phần"), max_length=16, choices=Section.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("ý kiến"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("ý kiến thẩm định")
        verbose_name_plural = _("ý kiến thẩm định")
        ordering = ["report", "created_at"]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_section_display()}"


class IndicatorFigure(models.Model):
    """One target's figure in one report, stored as the measure needs it (see indicators/README.md).

    - ratio, cumulative_coverage: ``numerator`` / ``denominator``;
    - yes_no_share: ``yes_no``;
    - months_covered: ``months`` (the "YYYY-MM" months with at least one publication) and ``items``
      (how many were published); ``numerator`` = len(months) and ``denominator`` = months of the period,
      kept so the national figure is one SQL sum;
    - yoy_change: ``numerator`` = the count for the period (cases handled).
    """

    # What an officer answers instead of a number, never read as 0: one set for every figure the
    # portal asks for (reporting/answers.py), the statistics section's too.
    Answer = NoAnswer

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="figures")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="figures")
    numerator = models.PositiveBigIntegerField(_("tử số"), null=True, blank=True)
    denominator = models.PositiveBigIntegerField(_("mẫu số"), null=True, blank=True)
    yes_no = models.BooleanField(_("có / không"), null=True, blank=True)
    months = models.JSONField(_("các tháng có thực hiện"), default=list, blank=True)
    items = models.PositiveIntegerField(_("số tin, bài"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True, max_length=2000)
    # "No data" is an answer (reporting/README.md): distinct from 0 and from blank, it completes the
    # field and counts as missing, never zero, in the national figures (indicators/README.md).
    answer = models.CharField(
        _("trả lời thay cho số liệu"), max_length=16, choices=Answer.choices, blank=True, default=""
    )
    denominator_answer = models.CharField(
        _("trả lời thay cho mẫu số"), max_length=16, choices=Answer.choices, blank=True, default=""
    )
    answer_reason = models.CharField(_("lý do không có số liệu"), max_length=300, blank=True)
    # Decision 29/QĐ-BLĐTBXH monitoring columns: the agency's own target for the year, in the target's
    # unit, set in its first report of the year (later reports of the year show that one), and where
    # the figure comes from.
    planned = models.DecimalField(
        _("chỉ tiêu kế hoạch năm của đơn vị"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    source = models.CharField(_("nguồn thông tin"), max_length=200, blank=True)
    warning = models.CharField(_("cảnh báo"), max_length=300, blank=True)
    warning_comment = models.TextField(_("giải trình cảnh báo"), blank=True, max_length=2000)

    history = audit_history()

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        ordering = ["report", "target__position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="one_figure_per_report_target"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="figure_numerator_not_above_denominator",
            ),
            # An answer instead of the figure holds no number; one instead of the denominator, no denominator.
            models.CheckConstraint(
                condition=Q(answer="") | Q(numerator__isnull=True, yes_no__isnull=True, items__isnull=True),
                name="figure_answer_holds_no_number",
            ),
            models.CheckConstraint(
                condition=Q(denominator_answer="") | Q(denominator__isnull=True),
                name="figure_denominator_answer_holds_no_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.target.code}"

    @property
    def is_filled(self) -> bool:
        """Complete for submission: the values the measure needs, or an answer ("không có số liệu")."""
        if self.answer:
            return True
        measure = self.target.measure
        if measure == Target.Measure.YES_NO_SHARE:
            return self.yes_no is not None
        if measure == Target.Measure.YOY_CHANGE:
            return self.numerator is not None
        if self.denominator_answer:
            return self.numerator is not None
        return self.numerator is not None and self.denominator is not None

    @property
    def value_fields(self) -> tuple[str, ...]:
        """The fields an officer fills for this figure's measure (the others are derived or unused)."""
        return {
            Target.Measure.YES_NO_SHARE: ("yes_no",),
            Target.Measure.MONTHS_COVERED: ("months", "items"),
            Target.Measure.YOY_CHANGE: ("numerator",),
        }.get(self.target.measure, ("numerator", "denominator"))

    @property
    def has_answer(self) -> bool:
        """Answered "không có số liệu" / "không áp dụng" for the figure or for its denominator."""
        return bool(self.answer or self.denominator_answer)

    @property
    def answer_text(self) -> str:
        """ "Không có số liệu: <reason>", "Mẫu số: không áp dụng: <reason>", or "" when numbers are given."""
        if self.answer:
            text = str(self.get_answer_display())
        elif self.denominator_answer:
            text = _("Mẫu số: %(answer)s") % {"answer": str(self.get_denominator_answer_display()).lower()}
        else:
            return ""
        return f"{text} ({self.answer_reason})" if self.answer_reason else str(text)


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
    NOT_DUE = "not_due", _("Chưa đến kỳ thực hiện")


class TaskProgress(models.Model):
    """Progress on one task in one report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="task_progress")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="progress_reports")
    status = models.CharField(_("tình trạng"), max_length=16, choices=TaskStatus.choices, blank=True)
    results = models.TextField(_("kết quả thực hiện (kèm số liệu)"), blank=True, max_length=10000)
    difficulties = models.TextField(_("khó khăn"), blank=True, max_length=5000)
    proposals = models.TextField(_("đề xuất"), blank=True, max_length=5000)

    history = audit_history()

    class Meta:
        verbose_name = _("tiến độ nhiệm vụ trong báo cáo")
        verbose_name_plural = _("tiến độ nhiệm vụ trong báo cáo")
        ordering = ["report", "task__position"]
        constraints = [models.UniqueConstraint(fields=["report", "task"], name="one_progress_per_report_task")]

    def __str__(self) -> str:
        return f"{self.report} · {self.task.code}"


class TaskStatusUpdate(models.Model):
    """An agency's status on a task between reports; the latest seeds the next report's task section."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="status_updates")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="task_status_updates")
    status = models.CharField(_("tình trạng"), max_length=16, choices=TaskStatus.choices)
    note = models.TextField(_("nội dung cập nhật"), blank=True, max_length=5000)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("lúc"), default=timezone.now)

    history = audit_history()

    class Meta:
        verbose_name = _("cập nhật tình trạng nhiệm vụ")
        verbose_name_plural = _("cập nhật tình trạng nhiệm vụ")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["task", "agency", "-at"])]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.agency.display_name} · {self.get_status_display()}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"reports/{instance.report.period.code}/{instance.report.agency.code}/{filename}"


class Attachment(models.Model):
    """A file attached to a report: the signed official report (PDF or scan), spreadsheets."""

    class Kind(models.TextChoices):
        OFFICIAL_REPORT = "official_report", _("Báo cáo có chữ ký, đóng dấu")
        SPREADSHEET = "spreadsheet", _("Bảng số liệu")
        OTHER = "other", _("Tài liệu khác")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tệp"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to=attachment_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["report", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class StatisticItem(models.Model):
    """One figure of the statistics section (tình hình, kiểm tra, xử lý, hỗ trợ), beyond the plan's targets.

    The catalogue is data (``fixtures/statistics808.yaml``, loaded by ``manage.py load_statistics``),
    so the ministry changes it without a migration. An item has a total and, where it has
    breakdowns, the parts "trong đó" (of which) by sex, by business type, by kind of service.
    """

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng giữa các đơn vị")
        NONE = "none", _("Không cộng (ước tính)")

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    section = models.CharField(_("phần"), max_length=200)
    label = models.CharField(_("chỉ số"), max_length=300)
    unit = models.CharField(_("đơn vị tính"), max_length=40)
    aggregation = models.CharField(_("cách cộng"), max_length=8, choices=Aggregation.choices)
    breakdown_label = models.CharField(_("chia theo"), max_length=120, blank=True)
    breakdowns = models.JSONField(_("các phần"), default=list, blank=True)  # [{"key": "nu", "label": "Nữ"}]
    parts_add_up = models.BooleanField(
        _("các phần cộng lại bằng tổng"),
        default=False,
        help_text=_("Khi đủ các phần, tổng các phần phải bằng tổng số."),
    )
    reported_by_kinds = models.JSONField(_("loại đơn vị báo cáo"), default=list)
    help_text = models.CharField(_("hướng dẫn"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    history = audit_history()

    class Meta:
        verbose_name = _("chỉ số thống kê")
        verbose_name_plural = _("chỉ số thống kê")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.label}"

    @property
    def breakdown_keys(self) -> list[str]:
        return [b["key"] for b in self.breakdowns]

    @property
    def is_additive(self) -> bool:
        return self.aggregation == self.Aggregation.SUM

    def reported_by(self, agency: Agency) -> bool:
        return agency.kind in self.reported_by_kinds


class StatisticValue(models.Model):
    """One number of the statistics section in one report: the item's total (``breakdown`` "") or a part.

    A total may instead be answered "không có số liệu" / "không áp dụng" with a reason
    (``reporting/answers.py``): it is then missing, never zero, in the national totals.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="statistics")
    item = models.ForeignKey(StatisticItem, on_delete=models.PROTECT, related_name="values")
    breakdown = models.CharField(_("phần"), max_length=64, blank=True)
    value = models.PositiveBigIntegerField(_("số liệu"), null=True, blank=True)
    no_answer = models.CharField(_("không có số"), max_length=16, blank=True, choices=[("", "—"), *NoAnswer.choices])
    no_answer_reason = models.CharField(_("lý do"), max_length=500, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("số liệu thống kê")
        verbose_name_plural = _("số liệu thống kê")
        ordering = ["report", "item__position", "breakdown"]
        constraints = [
            models.UniqueConstraint(fields=["report", "item", "breakdown"], name="one_statistic_per_report_item_part"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(no_answer=""), name="statistic_number_or_no_answer"
            ),
        ]
        indexes = [models.Index(fields=["item", "breakdown"])]

    def __str__(self) -> str:
        return f"{self.report} · {self.item.code}{'/' + self.breakdown if self.breakdown else ''}"
