"""Generated files (PDF reports, the analysts' workbook), kept with who asked for them and when."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.history import audit_history
from agencies.models import Agency
from reporting.models import ReportingPeriod

# A job still "running" after this long was left by a worker that died; a redelivered message may take it.
STALE_AFTER = datetime.timedelta(minutes=15)


def export_path(instance: "ExportJob", filename: str) -> str:
    return f"exports/{instance.period.code}/{filename}"


class DispatchBlock(models.Model):
    """The dispatch block of a consolidated report (Decree 30/2020): number and symbol, date, recipients,
    signer (exports/README.md). Held by the draft the reviewer writes in and by each job that renders it."""

    dispatch_number = models.CharField(_("số và ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 123/BC-BYT."))
    dispatch_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, max_length=4000, help_text=_("Mỗi dòng một nơi nhận."))
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signs_on_behalf = models.BooleanField(_("ký thay"), default=False)
    on_behalf_title = models.CharField(_("ký thay cho"), max_length=120, blank=True)

    DISPATCH_FIELDS = ("dispatch_number", "dispatch_date", "recipients", "signer", "signs_on_behalf", "on_behalf_title")

    class Meta:
        abstract = True

    @property
    def number_and_symbol(self) -> tuple[str, str]:
        """("123", "BC-BYT") from "123/BC-BYT"; ("", "") when no number was set."""
        number, _sep, symbol = self.dispatch_number.partition("/")
        return number.strip(), symbol.strip()

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    def dispatch_values(self) -> dict:
        """The block as ``exports.services`` takes it (the signer as a user)."""
        return {name: getattr(self, name) for name in self.DISPATCH_FIELDS}


class ExportJob(DispatchBlock):
    """One request to render a file; the Celery job moves it queued → running → done or failed."""

    class Kind(models.TextChoices):
        PDF_CONSOLIDATED = "pdf_consolidated", _("Báo cáo tổng hợp của Bộ (PDF)")
        PDF_AGENCY = "pdf_agency", _("Báo cáo của một đơn vị (PDF)")
        XLSX_ANALYST = "xlsx_analyst", _("Bảng số liệu cho phân tích (Excel)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại tệp"), max_length=24, choices=Kind.choices)
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    include_submitted = models.BooleanField(
        _("gồm cả báo cáo đã gửi chưa tiếp nhận"),
        default=False,
        help_text=_("Bản dự thảo: tính cả báo cáo đã gửi nhưng chưa được tiếp nhận."),
    )
    # The consolidated report's draft version this job renders (its narrative sections), if any.
    draft_version = models.ForeignKey(
        "ConsolidatedDraftVersion",
        verbose_name=_("phiên bản dự thảo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("lý do lỗi"), blank=True)
    file = models.FileField(_("tệp"), upload_to=export_path, blank=True)
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta(DispatchBlock.Meta):
        abstract = False
        verbose_name = _("tệp xuất")
        verbose_name_plural = _("tệp xuất")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="pdf_agency", agency__isnull=False) | (~Q(kind="pdf_agency") & Q(agency__isnull=True)),
                name="export_agency_only_for_agency_pdf",
            )
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.period.code}" + (f" · {self.agency.code}" if self.agency_id else "")

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def filename(self) -> str:
        """The name a download is saved under: "bao-cao-tong-hop-2025-H1.pdf"."""
        ext = "xlsx" if self.kind == self.Kind.XLSX_ANALYST else "pdf"
        if self.kind == self.Kind.PDF_AGENCY:
            return f"bao-cao-{self.agency.code}-{self.period.code}.{ext}"
        if self.kind == self.Kind.XLSX_ANALYST:
            return f"so-lieu-{self.period.code}.{ext}"
        return f"bao-cao-tong-hop-{self.period.code}.{ext}"


def issued_path(instance: "IssuedReport", filename: str) -> str:
    return f"issued/{instance.period.code}/{filename}"


class IssuedReport(models.Model):
    """A consolidated report as issued (ban hành): its PDF bytes, their SHA-256, who issued it and when.

    Frozen: nothing of the issue changes afterwards (``save`` refuses it; ``exports.services`` has no
    update path and the admin is read-only). A correction is a new issue naming the one it replaces.
    The signed copy (PAdES), once verified against the issued bytes, is attached once.
    """

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="issued_reports"
    )
    source_job = models.ForeignKey(
        ExportJob, verbose_name=_("tệp xuất gốc"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40)
    file = models.FileField(_("tệp PDF ban hành"), upload_to=issued_path)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), auto_now_add=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("thay thế báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    correction_reason = models.TextField(_("lý do đính chính"), blank=True, max_length=2000)
    # The signed copy: attached once, after pyHanko verified it against the issued bytes.
    signed_file = models.FileField(_("bản có chữ ký số"), upload_to=issued_path, blank=True)
    signed_sha256 = models.CharField(_("mã băm bản ký số"), max_length=64, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=300, blank=True)
    signer_subject = models.TextField(_("chứng thư của người ký"), blank=True)
    signer_issuer = models.TextField(_("nơi cấp chứng thư"), blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    signature_trusted = models.BooleanField(_("chứng thư tin cậy"), null=True, blank=True)
    signed_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp bản ký số"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_uploaded_at = models.DateTimeField(_("nộp bản ký số lúc"), null=True, blank=True)

    history = audit_history()

    SIGNED_FIELDS = frozenset(
        {
            "signed_file",
            "signed_sha256",
            "signer_name",
            "signer_subject",
            "signer_issuer",
            "signed_at",
            "signature_trusted",
            "signed_uploaded_by",
            "signed_uploaded_at",
        }
    )

    class Meta:
        verbose_name = _("báo cáo đã ban hành")
        verbose_name_plural = _("báo cáo đã ban hành")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | ~Q(correction_reason=""),
                name="issued_report_correction_has_reason",
            ),
            models.UniqueConstraint(
                fields=["period", "number", "symbol"],
                condition=~Q(number=""),
                name="issued_report_number_unique",
            ),
        ]

    def __str__(self) -> str:
        number = f"{self.number}/{self.symbol}" if self.number else f"…/{self.symbol}"
        return f"{number} · {self.period.code}"

    def save(self, *args, **kwargs):
        # An issued report is frozen: once stored, only the signed copy may be attached (once, by
        # exports.services.issued_report_attach_signed with update_fields).
        if self.pk is not None:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= self.SIGNED_FIELDS:
                raise FrozenReportError(_("Báo cáo đã ban hành không thể sửa; hãy ban hành bản đính chính."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenReportError(_("Báo cáo đã ban hành không thể xóa."))

    @property
    def is_signed(self) -> bool:
        return bool(self.signed_file)

    @property
    def filename(self) -> str:
        return f"bao-cao-tong-hop-{self.period.code}-ban-hanh-{self.pk}.pdf"

    @property
    def signed_filename(self) -> str:
        return f"bao-cao-tong-hop-{self.period.code}-ban-hanh-{self.pk}-ky-so.pdf"


class FrozenReportError(Exception):
    """An attempt to change or delete an issued report."""


class ConsolidatedDraft(DispatchBlock):
    """The consolidated report of a period as the ministry's reviewers write it (bản dự thảo): its
    narrative sections (plain text, paragraphs and "- " lists, never HTML), the dispatch block, and where
    the agencies' own texts go. One per period; every save is a ``ConsolidatedDraftVersion``.

    ``version`` is the number of the latest version: a save names the version it started from and is
    refused when another reviewer saved in between (optimistic concurrency, ``exports.services``).
    """

    class TextsTo(models.TextChoices):
        ANNEX = "annex", _("Phụ lục của báo cáo (PDF)")
        EXCEL = "excel", _("Bảng Excel kèm theo")

    period = models.OneToOneField(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="consolidated_draft"
    )
    sections = models.JSONField(_("nội dung các phần"), default=dict)
    texts_to = models.CharField(
        _("nội dung báo cáo của từng cơ quan, địa phương"),
        max_length=8,
        choices=TextsTo.choices,
        default=TextsTo.ANNEX,
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lưu"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("lưu lúc"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("dự thảo báo cáo tổng hợp")
        verbose_name_plural = _("dự thảo báo cáo tổng hợp")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} · {self.period.code}"


class ConsolidatedDraftVersion(models.Model):
    """One save of a draft: every section as it then read, who saved it, when, and which sections changed."""

    draft = models.ForeignKey(
        ConsolidatedDraft, verbose_name=_("dự thảo"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    sections = models.JSONField(_("nội dung các phần"), default=dict)
    texts_to = models.CharField(
        _("nội dung báo cáo của từng cơ quan, địa phương"), max_length=8, choices=ConsolidatedDraft.TextsTo.choices
    )
    changed = models.JSONField(_("các phần thay đổi"), default=list)  # section keys, in document order
    dispatch_changed = models.BooleanField(_("đổi số, ngày, nơi nhận hoặc người ký"), default=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lưu"), on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(_("lưu lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản dự thảo báo cáo tổng hợp")
        verbose_name_plural = _("phiên bản dự thảo báo cáo tổng hợp")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="draft_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.draft.period.code} · {self.number}"
