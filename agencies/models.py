"""Agencies (cơ quan, đơn vị) and the collectives the plan names (e.g. "UBND các tỉnh, thành phố")."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.history import audit_history


class AgencyQuerySet(models.QuerySet):
    def existing_on(self, day: datetime.date) -> "AgencyQuerySet":
        """Agencies that existed on ``day`` (open-ended dates mean "always")."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def provinces(self) -> "AgencyQuerySet":
        """The provincial People's Committees: one row per province or centrally-run city."""
        return self.filter(kind=Agency.Kind.PROVINCIAL_COMMITTEE)

    def provincial_departments(self) -> "AgencyQuerySet":
        """The provincial departments that report for their province (Sở LĐTBXH until 2025, Sở Y tế after)."""
        return self.filter(kind__in=PROVINCIAL_DEPARTMENT_KINDS)


class Agency(models.Model):
    """One agency, one record, whatever spelling the text uses (see ``aliases``)."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ")
        MASS_ORG = "mass_org", _("Cơ quan trung ương của tổ chức chính trị - xã hội")
        PROVINCIAL_COMMITTEE = "provincial_committee", _("Ủy ban nhân dân tỉnh, thành phố")
        PROVINCIAL_DOLISA = "provincial_dolisa", _("Sở Lao động - Thương binh và Xã hội")
        PROVINCIAL_HEALTH = "provincial_health", _("Sở Y tế")
        PRESS = "press", _("Cơ quan báo chí")
        JUDICIAL = "judicial", _("Tòa án, Viện kiểm sát")
        BANK = "bank", _("Ngân hàng")
        OTHER = "other", _("Đơn vị khác")

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)
    valid_from = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến ngày"), null=True, blank=True)
    distribution_no = models.PositiveSmallIntegerField(_("số thứ tự trong danh sách gửi"), null=True, blank=True)
    province_kind = models.CharField(
        _("loại đơn vị hành chính"), max_length=16, blank=True, help_text=_('"tỉnh" hoặc "thành phố"')
    )
    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    # Phê duyệt nội bộ (reporting/README.md, "Approval inside the agency"): the officer's "send" puts
    # the report before the agency's approver, who sends it on to the ministry or back to the officer.
    requires_approval = models.BooleanField(
        _("phê duyệt trong cơ quan trước khi gửi Bộ"),
        default=False,
        help_text=_(
            "Bật: báo cáo cán bộ gửi chờ người phê duyệt của cơ quan duyệt rồi mới đến Bộ. "
            "Tắt giữa chừng: báo cáo đang chờ vẫn chờ, người phê duyệt vẫn duyệt hoặc trả lại được."
        ),
    )
    issuing_body = models.CharField(
        _("cơ quan ban hành báo cáo"),
        max_length=255,
        blank=True,
        help_text=_("Khi bật phê duyệt, ví dụ: Ủy ban nhân dân thành phố Hà Nội. Để trống: cơ quan tự ban hành."),
    )
    issuing_symbol = models.CharField(
        _("ký hiệu báo cáo của cơ quan ban hành"),
        max_length=32,
        blank=True,
        help_text=_("Ví dụ: BC-UBND (số báo cáo in là “Số: …/BC-UBND”)."),
    )

    objects = AgencyQuerySet.as_manager()
    history = audit_history()

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agency_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def exists_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)

    @property
    def issuer_when_approved(self) -> str:
        """The body that issues the agency's report when the approval step is on ("" when off or unnamed)."""
        return self.issuing_body.strip() if self.requires_approval else ""

    @property
    def is_province(self) -> bool:
        return self.kind == self.Kind.PROVINCIAL_COMMITTEE

    @property
    def is_provincial_department(self) -> bool:
        """A province's department of a kind that reports for it (Sở LĐTBXH, Sở Y tế)."""
        return self.kind in PROVINCIAL_DEPARTMENT_KINDS

    @property
    def province(self) -> "Agency | None":
        """The province this agency is of: itself for a People's Committee, its parent for a department."""
        if self.is_province:
            return self
        if self.is_provincial_department:
            return self.parent
        return None

    @property
    def province_name(self) -> str:
        """The bare province name: "Hà Nội" for "Ủy ban nhân dân thành phố Hà Nội"."""
        province = self.province
        if province is None:
            return ""
        prefix = f"Ủy ban nhân dân {province.province_kind} "
        return province.name[len(prefix) :] if province.name.lower().startswith(prefix.lower()) else province.name


# The kinds of provincial department that report for their province (the decision's Article 5 names
# the DOLISA; from 1 July 2025 the health department carries the work). A province's department of
# the day is ``agencies.selectors.Lineage.reporting_department``.
PROVINCIAL_DEPARTMENT_KINDS = (Agency.Kind.PROVINCIAL_DOLISA, Agency.Kind.PROVINCIAL_HEALTH)


class Succession(models.Model):
    """From a date, the duties of one or more agencies pass to one or more others (kế thừa).

    Several to one (three provinces merged into one), one to several (MOLISA: all its duties to
    the Ministry of Home Affairs, the duties of this plan to the Ministry of Health). ``scope`` says
    what passes; where both kinds name an agency, the plan's duties follow the ``PLAN`` one.
    """

    class Scope(models.TextChoices):
        ALL = "all", _("Toàn bộ chức năng, nhiệm vụ")
        PLAN = "plan", _("Các nhiệm vụ trong kế hoạch")

    code = models.SlugField(_("mã"), max_length=100, unique=True)
    predecessors = models.ManyToManyField(Agency, verbose_name=_("cơ quan tiền nhiệm"), related_name="successions_out")
    successors = models.ManyToManyField(Agency, verbose_name=_("cơ quan kế thừa"), related_name="successions_in")
    effective_from = models.DateField(_("từ ngày"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    scope = models.CharField(_("phạm vi kế thừa"), max_length=8, choices=Scope.choices, default=Scope.ALL)
    note = models.TextField(_("ghi chú"), blank=True)
    history = audit_history(m2m_fields=["predecessors", "successors"])

    class Meta:
        verbose_name = _("kế thừa")
        verbose_name_plural = _("kế thừa giữa các cơ quan")
        ordering = ["effective_from", "code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.effective_from:%d/%m/%Y})"


class ReportingDepartment(models.Model):
    """From a date, the department that reports for a province, chosen by an admin with a reason.

    Without a choice, a province is reported by its own department of a reporting kind existing on
    the day (``PROVINCIAL_DEPARTMENT_KINDS``: the Sở Y tế of the 34 provinces by default).
    """

    province = models.ForeignKey(
        Agency,
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="reporting_departments",
        limit_choices_to={"kind": Agency.Kind.PROVINCIAL_COMMITTEE},
    )
    department = models.ForeignKey(
        Agency, verbose_name=_("cơ quan báo cáo"), on_delete=models.PROTECT, related_name="reports_for_provinces"
    )
    valid_from = models.DateField(_("từ ngày"))
    reason = models.TextField(_("lý do"))
    history = audit_history()

    class Meta:
        verbose_name = _("cơ quan báo cáo của tỉnh")
        verbose_name_plural = _("cơ quan báo cáo của tỉnh")
        ordering = ["province__code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["province", "valid_from"], name="one_reporting_department_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.province} → {self.department} ({self.valid_from:%d/%m/%Y})"


class Collective(models.Model):
    """A group the text names as one (tập hợp): "Các Bộ, ngành, cơ quan trung ương của các đoàn thể".

    It stays visible as written and expands to its members where work is assigned: every agency of
    ``member_kinds`` existing on the day asked, plus any agency listed in ``members``.
    """

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)
    member_kinds = models.JSONField(_("gồm các loại cơ quan"), default=list, blank=True)
    members = models.ManyToManyField(
        Agency, verbose_name=_("thành viên bổ sung"), blank=True, related_name="collectives"
    )
    history = audit_history(m2m_fields=["members"])

    class Meta:
        verbose_name = _("tập hợp cơ quan")
        verbose_name_plural = _("tập hợp cơ quan")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def includes(self, agency: Agency) -> bool:
        """The collective stands for ``agency``: of one of its kinds, or listed as a member.

        The one statement of this rule (``expand`` and ``tasks.responsibility`` use it); prefetch
        ``members`` when asking about many agencies.
        """
        return agency.kind in self.member_kinds or agency.pk in self._member_ids()

    def _member_ids(self) -> set[int]:
        """The members' ids; read once from prefetched ``members`` (a snapshot), else asked each time."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("members")
        if prefetched is None:
            return {m.pk for m in self.members.all()}
        cached = getattr(self, "_member_ids_cache", None)
        if cached is None or cached[0] is not prefetched:
            cached = self._member_ids_cache = (prefetched, {m.pk for m in prefetched})
        return cached[1]

    def expand(self, day: datetime.date | None = None) -> AgencyQuerySet:
        """The member agencies, those existing on ``day`` when one is given."""
        models.prefetch_related_objects([self], "members")
        agencies = Agency.objects.existing_on(day) if day else Agency.objects.all()
        return agencies.filter(pk__in=[a.pk for a in agencies.only("id", "kind") if self.includes(a)])
