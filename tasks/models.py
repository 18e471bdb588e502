"""The plan as data: a plan (Kế hoạch) owns task groups, tasks, activities and responsibilities."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.history import audit_history
from agencies.models import Agency, Collective


class Plan(models.Model):
    """A plan issued by a decision; a successor plan is loaded beside it from a file of the same shape."""

    code = models.CharField(_("số quyết định"), max_length=64, unique=True)
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    decision_date = models.DateField(_("ngày ban hành"))
    issuer = models.ForeignKey(
        Agency, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="plans_issued"
    )
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    parent_decision = models.CharField(_("quyết định phê duyệt Chương trình"), max_length=64, blank=True)
    parent_decision_date = models.DateField(_("ngày phê duyệt Chương trình"), null=True, blank=True)
    parent_title = models.CharField(_("tên Chương trình"), max_length=500, blank=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))

    history = audit_history()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-decision_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="plan_years_in_order")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class TaskGroup(models.Model):
    """Nhóm nhiệm vụ: one of the numbered headings of section III."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("mã"), max_length=16)
    title = models.CharField(_("tên nhóm nhiệm vụ"), max_length=500)
    position = models.PositiveSmallIntegerField(_("thứ tự"))

    history = audit_history()

    class Meta:
        verbose_name = _("nhóm nhiệm vụ")
        verbose_name_plural = _("nhóm nhiệm vụ")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="group_code_unique_in_plan"),
            models.UniqueConstraint(fields=["plan", "position"], name="group_position_unique_in_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Task(models.Model):
    """Nhiệm vụ: "1.1" ... "4.4", or "5", "6", "7" where the group itself is the task."""

    class Timeframe(models.TextChoices):
        EVERY_YEAR = "every_year", _("Hằng năm")
        SINGLE_YEAR = "single_year", _("Một năm")
        YEAR_RANGE = "year_range", _("Giai đoạn")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(TaskGroup, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(_("mã"), max_length=16)
    title = models.TextField(_("tên nhiệm vụ"))
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    timeframe_kind = models.CharField(_("loại thời gian"), max_length=16, choices=Timeframe.choices)
    timeframe_start = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    timeframe_end = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    timeframe_text = models.CharField(_("thời gian thực hiện (nguyên văn)"), max_length=120)

    history = audit_history()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="task_code_unique_in_plan"),
            models.CheckConstraint(
                condition=(
                    Q(timeframe_kind="every_year", timeframe_start__isnull=True, timeframe_end__isnull=True)
                    | Q(
                        timeframe_kind="single_year",
                        timeframe_start__isnull=False,
                        timeframe_end=models.F("timeframe_start"),
                    )
                    | Q(
                        timeframe_kind="year_range",
                        timeframe_start__isnull=False,
                        timeframe_end__gt=models.F("timeframe_start"),
                    )
                ),
                name="task_timeframe_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def first_year(self) -> int:
        return self.timeframe_start or self.plan.start_year

    @property
    def last_year(self) -> int:
        """The last year the task runs: 2023 for "năm 2022-2023", the plan's end for "Hằng năm"."""
        return self.timeframe_end or self.plan.end_year

    def runs_in(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


class Activity(models.Model):
    """Nội dung hoạt động: one bullet under "a)", in the decision's wording."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))

    history = audit_history()

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["task", "position"]
        constraints = [models.UniqueConstraint(fields=["task", "position"], name="activity_position_unique_in_task")]

    def __str__(self) -> str:
        return f"{self.task.code} ({self.position}) {self.text[:60]}"


class Responsibility(models.Model):
    """One entry of "Cơ quan chủ trì" or "Cơ quan phối hợp": an agency or a collective, in the text's order."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        PARTNER = "partner", _("Phối hợp")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="responsibilities")
    role = models.CharField(_("vai trò"), max_length=8, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    written_as = models.CharField(_("tên như trong văn bản"), max_length=255)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="responsibilities")
    collective = models.ForeignKey(
        Collective, null=True, blank=True, on_delete=models.PROTECT, related_name="responsibilities"
    )

    history = audit_history()

    class Meta:
        verbose_name = _("trách nhiệm thực hiện")
        verbose_name_plural = _("trách nhiệm thực hiện")
        ordering = ["task", "role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "role", "position"], name="responsibility_position_unique"),
            models.CheckConstraint(
                condition=Q(agency__isnull=False, collective__isnull=True)
                | Q(agency__isnull=True, collective__isnull=False),
                name="responsibility_names_agency_or_collective",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.get_role_display()}: {self.written_as}"

    @property
    def party(self) -> Agency | Collective:
        return self.agency or self.collective
