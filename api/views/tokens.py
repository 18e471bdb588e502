"""The admins' page for API tokens: who holds one, issue (the key is shown once) and revoke, with the log."""

import rules
from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import services
from api.models import ApiTokenEvent


def _require_manager(user) -> None:
    if not rules.has_perm("accounts.manage_users", user):
        raise PermissionDenied(_("Chỉ quản trị viên quản lý khóa API."))


def _page(request, *, new_key: str = "", new_owner=None, status: int = 200) -> HttpResponse:
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .select_related("agency")
        .prefetch_related("roles", "auth_token_set")
        .order_by("agency__code", "username")
    )
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(username__icontains=query) | users.filter(agency__name__icontains=query)
    users = list(users)
    for user in users:
        user.api_token = next(iter(user.auth_token_set.all()), None)
    # The key is not stored: its last characters come from the log of its issue (latest wins).
    hints = dict(
        ApiTokenEvent.objects.filter(owner__in=[u for u in users if u.api_token], action=ApiTokenEvent.Action.ISSUE)
        .order_by("owner_id", "at", "pk")
        .values_list("owner_id", "key_hint")
    )
    for user in users:
        user.api_token_hint = hints.get(user.pk, "")
    events = ApiTokenEvent.objects.select_related("owner", "actor")[:50]
    context = {"users": users, "events": events, "query": query, "new_key": new_key, "new_owner": new_owner}
    return render(request, "api/tokens.html", context, status=status)


def token_list(request) -> HttpResponse:
    _require_manager(request.user)
    return _page(request)


@require_POST
def token_issue(request, user_id: int) -> HttpResponse:
    _require_manager(request.user)
    owner = get_object_or_404(get_user_model(), pk=user_id)
    try:
        key = services.api_token_issue(owner=owner, user=request.user, ip_address=get_client_ip_address(request))
    except DjangoValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("api:tokens")
    # Shown on this response only (never put in a message cookie or a redirect): the admin copies it now.
    return _page(request, new_key=key, new_owner=owner)


@require_POST
def token_revoke(request, user_id: int) -> HttpResponse:
    _require_manager(request.user)
    owner = get_object_or_404(get_user_model(), pk=user_id)
    if services.api_token_revoke(owner=owner, user=request.user, ip_address=get_client_ip_address(request)):
        messages.success(request, _("Đã thu hồi khóa API của %(user)s.") % {"user": owner.username})
    else:
        messages.info(request, _("%(user)s không có khóa API.") % {"user": owner.username})
    return redirect("api:tokens")
