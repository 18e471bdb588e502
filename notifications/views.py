"""The user's notifications (thông báo) and, for ministry staff, the log of reminders sent."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import selectors, services
from notifications.forms import NoticeEmailForm
from notifications.models import Notification


def notification_list(request) -> HttpResponse:
    page = Paginator(selectors.user_notifications(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def notification_open(request, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_mark_read(notification=notification, user=request.user)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notification-list")


@require_POST
def notification_read_all(request) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    return redirect("notification-list")


def notification_settings(request) -> HttpResponse:
    """The user's own choice: one email per report step, or one digest a day."""
    if not rules.has_perm("notifications.change_own_notice_email", request.user):
        raise PermissionDenied
    form = NoticeEmailForm(request.POST or None, initial={"notice_email": request.user.notice_email})
    if request.method == "POST":
        if form.is_valid():
            services.notice_email_set(user=request.user, choice=form.cleaned_data["notice_email"])
            messages.success(request, _("Đã lưu cách nhận thư thông báo."))
            return redirect("notification-settings")
        return render(request, "notifications/settings.html", {"form": form}, status=400)
    return render(request, "notifications/settings.html", {"form": form})


def reminder_log(request) -> HttpResponse:
    if not rules.has_perm("notifications.view_reminder_log", request.user):
        raise PermissionDenied
    log = selectors.reminder_log(period_code=request.GET.get("ky") or None)
    page = Paginator(log.reminders, 100).get_page(request.GET.get("page"))
    return render(request, "notifications/reminder_log.html", {"log": log, "page": page})
