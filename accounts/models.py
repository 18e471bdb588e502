"""Users belong to one agency and hold one or more roles; what each role may do is in ``accounts/rules.py``."""

import rules
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.history import audit_history
from agencies.models import Agency


class Role(models.Model):
    """A role of the portal; the rows are made by migrations and their meaning lives in code."""

    class Code(models.TextChoices):
        REVIEWER = "reviewer", _("Cán bộ thẩm định (Bộ)")
        PROVINCIAL_OFFICER = "provincial_officer", _("Cán bộ Sở (tỉnh, thành phố)")
        AGENCY_OFFICER = "agency_officer", _("Cán bộ bộ, ngành, cơ quan")
        VIEWER = "viewer", _("Người xem")
        # Người phê duyệt: approves the agency's reports before they go to the ministry (where the
        # agency turned the step on), e.g. the province's office or the department's director.
        APPROVER = "approver", _("Người phê duyệt (lãnh đạo cơ quan)")
        ADMIN = "admin", _("Quản trị")

    code = models.CharField(_("mã"), max_length=32, primary_key=True, choices=Code.choices)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class User(AbstractUser):
    """A portal user. Deactivated (``is_active=False``), never deleted, so their history stays."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    roles = models.ManyToManyField(Role, verbose_name=_("vai trò"), blank=True, related_name="users")
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)

    class NoticeEmail(models.TextChoices):
        """How the emails of a report's steps reach this person (notifications/README.md)."""

        EACH = "each", _("Một thư cho mỗi báo cáo, ngay khi có")
        DIGEST = "digest", _("Một thư tổng hợp mỗi ngày (08:00)")

    notice_email = models.CharField(
        _("thư thông báo"), max_length=8, choices=NoticeEmail.choices, default=NoticeEmail.EACH
    )

    # The password hash stays out of the trail (a password change is recorded by its reason), and
    # so does last_login, which changes at every login.
    history = audit_history(m2m_fields=["roles"], excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @property
    def role_codes(self) -> frozenset[str]:
        """The user's role codes, read once per request object."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("code", flat=True)) if self.pk else frozenset()
            self._role_codes = cached
        return cached

    def save(self, *args, **kwargs):
        # Django stamps last_login with save(update_fields=["last_login"]) at each login; that is
        # not a change of the account, so it writes no history row.
        if set(kwargs.get("update_fields") or ()) == {"last_login"}:
            self.skip_history_when_saving = True
            try:
                return super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
        return super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        """In Vietnamese order: họ and tên đệm (last_name) before tên (first_name)."""
        return f"{self.last_name} {self.first_name}".strip()

    def has_perm(self, perm: str, obj=None) -> bool:
        """The portal's own permissions (accounts/rules.py) bind superusers too; others go to the backends.

        Django lets an active superuser do anything; the roles table must hold for the demo admin
        all the same (an admin reopens a report but never edits a province's figures).
        """
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def has_role(self, code: str) -> bool:
        return self.is_active and code in self.role_codes
