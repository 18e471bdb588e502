"""Admin pages for reporting periods (due day, data window, open/closed) and their exceptions.

Every save goes through ``reporting.services`` (permission, reason, history). Reports are read-only
here: their workflow lives on the portal's pages, where each step is an audited service call.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.admin import ChangeReasonForm
from reporting import services
from reporting.models import PeriodException, Report, ReportingPeriod


class PeriodExceptionInline(admin.TabularInline):
    model = PeriodException
    extra = 0
    fields = ("agency", "until", "reason", "granted_by", "created_at")
    readonly_fields = ("granted_by", "created_at")
    autocomplete_fields = ("agency",)
    verbose_name = _("gia hạn cho đơn vị")
    verbose_name_plural = _("gia hạn cho đơn vị (nộp khi kỳ đã khóa)")

    def has_delete_permission(self, request, obj=None):
        # An exception ends by its date; rows stay as the record of who was allowed what.
        return False


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    form = ChangeReasonForm
    list_display = ("code", "name", "due_date", "window_start", "window_end", "is_open")
    list_filter = ("plan", "kind", "is_open")
    list_editable = ()
    ordering = ("plan", "due_date")
    search_fields = ("code", "name")
    fields = (
        "plan",
        "code",
        "kind",
        "year",
        "name",
        "due_date",
        "window_start",
        "window_end",
        "is_open",
        "change_reason",
    )
    inlines = [PeriodExceptionInline]
    actions = ("open_periods", "close_periods")

    def get_readonly_fields(self, request, obj=None):
        return ("plan", "code", "kind", "year") if obj else ()

    def save_model(self, request, obj, form, change):
        services.period_save(period=obj, user=request.user, reason=form.cleaned_data["change_reason"])

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data["change_reason"]
        for exception in formset.save(commit=False):
            try:
                services.period_exception_grant(
                    period=form.instance,
                    agency=exception.agency,
                    until=exception.until,
                    reason=exception.reason or reason,
                    user=request.user,
                    exception=exception,
                )
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{exception.agency}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")

    def has_delete_permission(self, request, obj=None):
        return False

    def _set_open(self, request, queryset, is_open: bool, reason: str):
        for period in queryset:
            period.is_open = is_open
            services.period_save(period=period, user=request.user, reason=reason)
        self.message_user(request, _("Đã cập nhật %(n)s kỳ báo cáo.") % {"n": queryset.count()})

    @admin.action(description=_("Mở nhận báo cáo các kỳ đã chọn"))
    def open_periods(self, request, queryset):
        self._set_open(request, queryset, True, str(_("Mở nhận báo cáo")))

    @admin.action(description=_("Khóa các kỳ đã chọn (không nhận báo cáo mới)"))
    def close_periods(self, request, queryset):
        self._set_open(request, queryset, False, str(_("Khóa kỳ báo cáo")))


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("agency", "period", "status", "first_submitted_at", "accepted_at", "version")
    list_filter = ("period", "status", "agency__kind")
    search_fields = ("agency__name", "agency__code")
    list_select_related = ("agency", "period")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
