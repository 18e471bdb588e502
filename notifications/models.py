"""Deadline reminders (nhắc hạn) and in-app notifications.

A ``Reminder`` row is the decision "this agency gets the reminder of this offset for this period";
its unique constraint is what makes each reminder go out at most once, whoever runs the job and
however often (see ``notifications/README.md``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from reporting.models import ReportingPeriod


class Delivery(models.TextChoices):
    """Where a reminder's email goes and how far its delivery got."""

    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi, sẽ thử lại")
    CANCELLED = "cancelled", _("Hủy (đơn vị đã gửi báo cáo)")
    NO_RECIPIENT = "no_recipient", _("Không có địa chỉ nhận")


class Reminder(models.Model):
    """One reminder (or overdue notice) to one agency for one period; at most one per offset.

    ``offset`` is the day it is for, counted from the due day in Hà Nội: -14 … 0 before and on the
    due day, +1 and +7 after it (overdue notices).
    """

    class Channel(models.TextChoices):
        OFFICERS = "officers", _("Cán bộ của đơn vị")
        CONTACT = "contact", _("Địa chỉ thư liên hệ của đơn vị")
        NONE = "none", _("Không có người nhận")

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reminders")
    offset = models.SmallIntegerField(_("số ngày so với hạn"))
    day = models.DateField(_("ngày nhắc (giờ Hà Nội)"))
    channel = models.CharField(_("kênh nhận"), max_length=16, choices=Channel.choices)
    recipients = models.JSONField(_("địa chỉ nhận"), default=list, blank=True)
    report_status = models.CharField(_("tình trạng báo cáo lúc nhắc"), max_length=16, blank=True)
    progress = models.JSONField(
        _("tiến độ lúc nhắc"),
        default=dict,
        blank=True,
        help_text=_('{"tasks": [đã cập nhật, phải báo cáo], "targets": [...]}'),
    )
    delivery = models.CharField(_("tình trạng gửi thư"), max_length=16, choices=Delivery.choices)
    attempts = models.PositiveSmallIntegerField(_("số lần thử gửi"), default=0)
    error = models.CharField(_("lỗi gửi thư"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhắc hạn")
        verbose_name_plural = _("nhắc hạn")
        ordering = ["-day", "period", "agency__code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "period", "offset"], name="one_reminder_per_agency_period_offset")
        ]
        indexes = [models.Index(fields=["delivery"]), models.Index(fields=["-day"])]

    def __str__(self) -> str:
        return f"{self.agency.display_name} · {self.period} · {self.offset:+d}"

    @property
    def is_overdue_notice(self) -> bool:
        return self.offset > 0

    @property
    def offset_text(self) -> str:
        if self.offset < 0:
            return _("trước hạn %(days)s ngày") % {"days": -self.offset}
        if self.offset == 0:
            return str(_("đúng ngày hết hạn"))
        return _("quá hạn %(days)s ngày") % {"days": self.offset}


class Digest(models.Model):
    """The reviewers' digest of who is missing or late, at most one per period and offset."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="digests")
    offset = models.SmallIntegerField(_("số ngày so với hạn"))
    day = models.DateField(_("ngày gửi (giờ Hà Nội)"))
    missing = models.JSONField(_("đơn vị chưa gửi"), default=list)
    late = models.JSONField(_("đơn vị gửi muộn"), default=list)
    without_recipient = models.JSONField(_("đơn vị không có người nhận"), default=list)
    recipients = models.JSONField(_("người nhận"), default=list)
    delivery = models.CharField(_("tình trạng gửi thư"), max_length=16, choices=Delivery.choices)
    attempts = models.PositiveSmallIntegerField(_("số lần thử gửi"), default=0)
    error = models.CharField(_("lỗi gửi thư"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bản tổng hợp nhắc hạn")
        verbose_name_plural = _("bản tổng hợp nhắc hạn")
        ordering = ["-day", "period"]
        constraints = [models.UniqueConstraint(fields=["period", "offset"], name="one_digest_per_period_offset")]

    def __str__(self) -> str:
        return f"{self.period} · {self.offset:+d}"


class Notification(models.Model):
    """An in-app notification (thông báo) for one user; read when ``read_at`` is set."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    digest = models.ForeignKey(Digest, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # A step of a report (submitted, returned, accepted, reopened): one notice per person and step.
    event = models.ForeignKey(
        "reporting.ReportEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_notice_per_event_user")]

    def __str__(self) -> str:
        return self.title
