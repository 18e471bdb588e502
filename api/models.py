"""The audit log of API tokens: who issued or revoked a user's token, when, and from where.

The token itself is django-rest-knox's ``AuthToken`` (one per user, stored as a digest); its key is
never copied here, only its last characters so that an admin can tell two tokens of a user apart.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiTokenEvent(models.Model):
    """One issue or revoke of a user's API token; append-only (the admin shows it read-only)."""

    class Action(models.TextChoices):
        ISSUE = "issue", _("Cấp khóa API")
        REVOKE = "revoke", _("Thu hồi khóa API")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng được cấp"),
        on_delete=models.PROTECT,
        related_name="api_token_events",
    )
    action = models.CharField(_("thao tác"), max_length=8, choices=Action.choices)
    key_hint = models.CharField(_("4 ký tự cuối của khóa"), max_length=4, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký khóa API")
        verbose_name_plural = _("nhật ký khóa API")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["owner", "-at"])]

    def __str__(self) -> str:
        return f"{self.owner} · {self.get_action_display()} · {self.at:%d/%m/%Y %H:%M}"
