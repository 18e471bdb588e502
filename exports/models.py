"""Generated files (PDF reports, the analysts' workbook), kept with who asked for them and when."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from reporting.models import ReportingPeriod

# A job still "running" after this long was left by a worker that died; a redelivered message may take it.
STALE_AFTER = datetime.timedelta(minutes=15)


def export_path(instance: "ExportJob", filename: str) -> str:
    return f"exports/{instance.period.code}/{filename}"


class ExportJob(models.Model):
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

    class Meta:
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
