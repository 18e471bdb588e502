"""Accounts pages: login and passwords (Django's views, our forms and templates), users, the audit trail."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from rules.contrib.views import permission_required

from accounts import audit, services
from accounts.forms import (
    AuditFilterForm,
    LoginForm,
    PasswordChangeForm,
    SetPasswordForm,
    UserCreateForm,
    UserFilterForm,
    UserForm,
)
from accounts.models import User

USERS_PER_PAGE = 50


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm


def _apply_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@permission_required("accounts.manage_users", raise_exception=True)
def user_list(request) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    users = User.objects.select_related("agency").prefetch_related("roles").order_by("username")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            users = users.filter(
                Q(username__icontains=q)
                | Q(email__icontains=q)
                | Q(first_name__icontains=q)
                | Q(last_name__icontains=q)
                | Q(agency__name__icontains=q)
                | Q(agency__short_name__icontains=q)
            )
        if data["role"]:
            users = users.filter(roles__code=data["role"])
        if data["active"] in ("1", "0"):
            users = users.filter(is_active=data["active"] == "1")
    if not form.is_bound or (form.is_valid() and not form.cleaned_data["active"]):
        users = users.filter(is_active=True)
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/user_list.html", {"form": form, "page": page, "query": query.urlencode()})


@permission_required("accounts.manage_users", raise_exception=True)
def user_create(request) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.user_create(
                **form.service_fields(),
                password=form.cleaned_data["password1"],
                roles=form.cleaned_data["roles"],
                user=request.user,
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo tài khoản %(name)s.") % {"name": created.username})
            return redirect("user-list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@permission_required("accounts.manage_users", raise_exception=True)
def user_edit(request, pk: int) -> HttpResponse:
    target = get_object_or_404(User.objects.select_related("agency"), pk=pk)
    form = UserForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(
                target=target, user=request.user, roles=form.cleaned_data["roles"], **form.service_fields()
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi của tài khoản %(name)s.") % {"name": target.username})
            return redirect("user-list")
    history = audit.audit_page(audit.AuditFilter(kind="accounts.user", object_id=str(target.pk)), 1, per_page=10)[1]
    return render(request, "accounts/user_form.html", {"form": form, "target": target, "history": history})


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("accounts.manage_users", raise_exception=True)
def user_deactivate(request, pk: int) -> HttpResponse:
    """GET asks for confirmation (and a reason) before the account stops working; POST does it."""
    target = get_object_or_404(User.objects.select_related("agency").prefetch_related("roles"), pk=pk)
    if request.method != "POST":
        return render(request, "accounts/user_deactivate_confirm.html", {"target": target})
    try:
        services.user_deactivate(target=target, user=request.user, reason=request.POST.get("reason", "").strip())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ngừng kích hoạt tài khoản %(name)s.") % {"name": target.username})
    return redirect("user-list")


@require_POST
@permission_required("accounts.manage_users", raise_exception=True)
def user_reactivate(request, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    services.user_reactivate(target=target, user=request.user, reason=request.POST.get("reason", "").strip())
    messages.success(request, _("Đã kích hoạt lại tài khoản %(name)s.") % {"name": target.username})
    return redirect("user-list")


@require_safe  # the trail is read-only: no method changes it
@permission_required("accounts.view_audit", raise_exception=True)
def audit_log(request) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    page, entries = audit.audit_page(form.to_filter(), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/log.html", {"form": form, "page": page, "entries": entries, "query": query.urlencode()}
    )
