"""Writes of the API app: issuing and revoking a user's API token, with the audit entry."""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from api.models import ApiTokenEvent


def api_token_issue(*, owner, user, ip_address: str | None = None) -> Token:
    """Give ``owner`` a new API token; an earlier one stops working at once (DRF keeps one per user)."""
    if not rules.has_perm("accounts.manage_users", user):
        raise PermissionDenied(_("Chỉ quản trị viên được cấp khóa API."))
    if not owner.is_active:
        raise ValidationError({"owner": _("Tài khoản đã ngừng hoạt động, không cấp khóa API.")})
    with transaction.atomic():
        Token.objects.filter(user=owner).delete()
        token = Token.objects.create(user=owner)
        ApiTokenEvent.objects.create(
            owner=owner,
            action=ApiTokenEvent.Action.ISSUE,
            key_hint=token.key[-4:],
            actor=user,
            ip_address=ip_address,
        )
    return token


def api_token_revoke(*, owner, user, ip_address: str | None = None) -> bool:
    """Revoke ``owner``'s API token; False (and no audit entry) when they had none."""
    if not rules.has_perm("accounts.manage_users", user):
        raise PermissionDenied(_("Chỉ quản trị viên được thu hồi khóa API."))
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=owner).first()
        if token is None:
            return False
        hint = token.key[-4:]
        token.delete()
        ApiTokenEvent.objects.create(
            owner=owner, action=ApiTokenEvent.Action.REVOKE, key_hint=hint, actor=user, ip_address=ip_address
        )
    return True
