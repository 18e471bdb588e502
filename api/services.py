"""Writes of the API app: issuing and revoking a user's API token, with the audit entry.

Tokens are django-rest-knox's: the database holds a digest of each key, so the key is known only at
issue. A user holds at most one; it ends when revoked or re-issued, when its user's password changes
and when the user is deactivated (``api_tokens_end``), so a reactivated user starts without one.
"""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken

from api.models import ApiTokenEvent


def _hint(owner) -> str:
    """The last characters of the owner's current key, as logged at its issue."""
    issued = ApiTokenEvent.objects.filter(owner=owner, action=ApiTokenEvent.Action.ISSUE).order_by("-at", "-pk")
    return issued.values_list("key_hint", flat=True).first() or ""


def api_token_issue(*, owner, user, ip_address: str | None = None) -> str:
    """Give ``owner`` a new API token and return its key (shown once); an earlier one stops working at once."""
    if not rules.has_perm("accounts.manage_users", user):
        raise PermissionDenied(_("Chỉ quản trị viên được cấp khóa API."))
    if not owner.is_active:
        raise ValidationError({"owner": _("Tài khoản đã ngừng hoạt động, không cấp khóa API.")})
    with transaction.atomic():
        AuthToken.objects.filter(user=owner).delete()
        _token, key = AuthToken.objects.create(user=owner, expiry=None)
        ApiTokenEvent.objects.create(
            owner=owner,
            action=ApiTokenEvent.Action.ISSUE,
            key_hint=key[-4:],
            actor=user,
            ip_address=ip_address,
        )
    return key


def api_token_revoke(*, owner, user, ip_address: str | None = None) -> bool:
    """Revoke ``owner``'s API token; False (and no audit entry) when they had none."""
    if not rules.has_perm("accounts.manage_users", user):
        raise PermissionDenied(_("Chỉ quản trị viên được thu hồi khóa API."))
    return _end(owner=owner, actor=user, ip_address=ip_address)


def api_tokens_end(*, owner, actor, ip_address: str | None = None) -> bool:
    """End ``owner``'s token because its password changed or it was deactivated (by ``actor``); audited.

    No permission of its own: it is called by the writes that change the password or deactivate the
    user, which have checked theirs. False when there was no token.
    """
    return _end(owner=owner, actor=actor, ip_address=ip_address)


def _end(*, owner, actor, ip_address: str | None) -> bool:
    with transaction.atomic():
        tokens = list(AuthToken.objects.select_for_update().filter(user=owner))
        if not tokens:
            return False
        hint = _hint(owner)
        AuthToken.objects.filter(user=owner).delete()
        ApiTokenEvent.objects.create(
            owner=owner, action=ApiTokenEvent.Action.REVOKE, key_hint=hint, actor=actor, ip_address=ip_address
        )
    return True
