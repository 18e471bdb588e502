"""Indicators (chỉ tiêu, section II.2) and their targets, each with the measure that says how it adds up.

The rules of each measure are written in ``indicators/README.md``.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.history import audit_history
from agencies.models import Agency
from plan808.numbers import number
from tasks.models import Plan


class Indicator(models.Model):
    """One bullet of section II.2; it holds one or more targets."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung chỉ tiêu"))

    history = audit_history()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="indicator_number_unique_in_plan")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class Target(models.Model):
    """A measurable target: "1", "2a", ... "11b"."""

    class Measure(models.TextChoices):
        RATIO = "ratio", _("Tỷ lệ (tổng tử số / tổng mẫu số)")
        YES_NO_SHARE = "yes_no_share", _("Tỷ lệ tỉnh, thành phố trả lời có")
        MONTHS_COVERED = "months_covered", _("Số tháng có thực hiện")
        YOY_CHANGE = "yoy_change", _("Mức tăng so với cùng kỳ năm trước")
        CUMULATIVE_COVERAGE = "cumulative_coverage", _("Độ bao phủ cộng dồn từ năm 2022")

    class Comparator(models.TextChoices):
        GTE = "gte", _("ít nhất")
        LTE = "lte", _("không quá")
        BETWEEN = "between", _("trong khoảng")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")
        PROVINCIAL_STAFF = "provincial_staff", _("Cán bộ cấp tỉnh")
        DISTRICT_COMMUNE_STAFF = "district_commune_staff", _("Cán bộ cấp huyện, cấp xã")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("mã"), max_length=8)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))
    short_name = models.CharField(_("tên ngắn"), max_length=200)
    measure = models.CharField(_("cách đo"), max_length=24, choices=Measure.choices)
    comparator = models.CharField(_("so sánh"), max_length=8, choices=Comparator.choices)
    threshold = models.DecimalField(_("ngưỡng"), max_digits=7, decimal_places=2)
    threshold_upper = models.DecimalField(_("ngưỡng trên"), max_digits=7, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("đơn vị"), max_length=16, default="%")
    level = models.CharField(_("cấp áp dụng"), max_length=24, choices=Level.choices)
    years_from = models.PositiveSmallIntegerField(_("áp dụng từ năm"), null=True, blank=True)
    years_to = models.PositiveSmallIntegerField(_("áp dụng đến năm"), null=True, blank=True)
    reported_by_kinds = models.JSONField(_("loại cơ quan báo cáo"), default=list, blank=True)
    reported_by_agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan báo cáo"), blank=True, related_name="targets_reported"
    )
    numerator_label = models.CharField(_("nhãn tử số"), max_length=300)
    denominator_label = models.CharField(_("nhãn mẫu số"), max_length=300, blank=True)
    baseline_value = models.DecimalField(_("giá trị cơ sở"), max_digits=9, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("năm cơ sở"), null=True, blank=True)
    baseline_source = models.CharField(_("nguồn số liệu cơ sở"), max_length=300, blank=True)

    history = audit_history(m2m_fields=["reported_by_agencies"])

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="target_code_unique_in_plan"),
            models.CheckConstraint(
                condition=~Q(comparator="between") | Q(threshold_upper__gte=models.F("threshold")),
                name="target_between_has_upper_bound",
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | Q(baseline_year__isnull=False),
                name="target_baseline_has_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.short_name}"

    @property
    def first_year(self) -> int:
        return self.years_from or self.plan.start_year

    @property
    def last_year(self) -> int:
        return self.years_to or self.plan.end_year

    def applies_in(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    @property
    def threshold_text(self) -> str:
        """ "≥ 70%", "3-5%" as a reader of the decision writes it."""
        low = _fmt(self.threshold)
        if self.comparator == self.Comparator.BETWEEN:
            return f"{low}-{_fmt(self.threshold_upper)}{self.unit}"
        sign = "≥" if self.comparator == self.Comparator.GTE else "≤"
        return f"{sign} {low}{self.unit}"

    @property
    def document_threshold_text(self) -> str:
        """The target as the decision writes it, for a document that will be signed: "Ít nhất 70%",
        "100%" (a share cannot pass 100%, so "≥ 100%" reads as a slip), "Tăng 3-5%"."""
        low = _fmt(self.threshold)
        if self.comparator == self.Comparator.BETWEEN:
            band = f"{low}-{_fmt(self.threshold_upper)}{self.unit}"
            return _("Tăng %(band)s") % {"band": band} if self.measure == self.Measure.YOY_CHANGE else band
        if self.comparator == self.Comparator.LTE:
            return _("Không quá %(value)s") % {"value": f"{low}{self.unit}"}
        if self.unit == "%" and self.threshold >= 100:
            return f"{low}{self.unit}"
        return _("Ít nhất %(value)s") % {"value": f"{low}{self.unit}"}

    def is_met(self, value: Decimal | float | None) -> bool | None:
        """Whether ``value`` (in the target's unit) meets the threshold; None when there is no value."""
        if value is None:
            return None
        value = Decimal(str(value))
        if self.comparator == self.Comparator.GTE:
            return value >= self.threshold
        if self.comparator == self.Comparator.LTE:
            return value <= self.threshold
        return self.threshold <= value <= self.threshold_upper


def _fmt(value: Decimal | None) -> str:
    """A threshold with the places it was written with: 70 -> "70", 2.5 -> "2,5"."""
    if value is None:
        return ""
    return number(value, max(0, -value.normalize().as_tuple().exponent))
