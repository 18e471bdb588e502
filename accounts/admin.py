from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.forms import end_api_tokens_of
from accounts.history import REASON_MAX_LENGTH
from accounts.models import Role, User
from api.services import api_tokens_end

# The historical models of simple-history are deliberately not registered: the trail is read on
# /nhat-ky/ and nobody edits or deletes an entry through the portal.


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """Records that prove what happened (sign-ins, reminders sent): shown, never added, changed or deleted.

    This binds superusers too; rows go only as their app's own retention removes them.
    """

    def get_actions(self, request):
        return {}

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The login audit of django-axes (its own admin is off: AXES_ENABLE_ADMIN). The lock-outs are read-only
# too: a lock ends by itself after AXES_COOLOFF_MINUTES, and lifting one early (axes_reset_username)
# takes access to the server, so nobody erases the failures of an attack in progress from a browser.
@admin.register(AccessAttempt)
class AccessAttemptRecordAdmin(ReadOnlyRecordAdmin, AccessAttemptAdmin):
    pass


@admin.register(AccessLog)
class AccessLogRecordAdmin(ReadOnlyRecordAdmin, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogRecordAdmin(ReadOnlyRecordAdmin, AccessFailureLogAdmin):
    pass


class ChangeReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Lý do thay đổi"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_(
            "Bắt buộc. Ví dụ: “Điều chỉnh ngưỡng theo Quyết định số .../QĐ-BYT”. Lưu trong nhật ký cạnh thay đổi."
        ),
    )


class ChangeReasonAdmin(admin.ModelAdmin):
    """Plan elements and targets: every change made in the admin says why, and the trail keeps it.

    The reason goes to simple-history's ``history_change_reason`` of the object and of each inline
    row saved with it. Whole objects are not deleted here: the plan file is the way to remove them.
    """

    form = ChangeReasonForm

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data["change_reason"]
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data["change_reason"]
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._change_reason = reason
            obj.delete()
        for obj in instances:
            obj._change_reason = reason
            obj.save()
        formset.save_m2m()

    def has_delete_permission(self, request, obj=None):
        return False


class UserChangeForm(auth_forms.UserChangeForm):
    """The admin's user form holds the users page's rules: roles that fit the agency (the same check)."""

    def clean(self):
        data = super().clean()
        if "roles" in data:
            try:
                services.check_roles_fit_agency(agency=data.get("agency"), roles=[role.code for role in data["roles"]])
            except ValidationError as exc:
                for message in exc.message_dict.get("roles", []):
                    self.add_error("roles", message)
        return data


class AdminPasswordChangeForm(auth_forms.AdminPasswordChangeForm):
    """The superuser's "set password" in the admin ends the user's API token, as every password change does."""

    def save(self, commit=True):
        self.user._change_reason = _("Đặt mật khẩu trong trang quản trị")
        user = super().save(commit)
        if commit:
            end_api_tokens_of(user)
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    change_password_form = AdminPasswordChangeForm
    list_display = ("username", "email", "first_name", "last_name", "agency", "is_active")
    list_filter = ("is_active", "roles", "agency__kind")
    search_fields = ("username", "email", "first_name", "last_name", "agency__name", "agency__code")
    autocomplete_fields = ("agency",)
    filter_horizontal = ("roles", "groups", "user_permissions")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Cơ quan và vai trò"), {"fields": ("agency", "roles", "position", "phone")}),
    )
    actions = ("deactivate_users", "reactivate_users")

    def has_delete_permission(self, request, obj=None):
        # Users are deactivated, never deleted: their reports, reviews and trail must keep a name.
        return False

    def save_model(self, request, obj, form, change):
        obj._change_reason = _("Sửa trong trang quản trị") if change else _("Tạo trong trang quản trị")
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            api_tokens_end(owner=obj, actor=request.user)  # as user_deactivate does

    def _apply(self, request, queryset, service, done_message):
        done = 0
        for target in queryset:
            try:
                service(target=target, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{target.username}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
            else:
                done += 1
        if done:
            messages.success(request, done_message % {"count": done})

    @admin.action(description=_("Ngừng kích hoạt các tài khoản đã chọn"))
    def deactivate_users(self, request, queryset):
        self._apply(request, queryset, services.user_deactivate, _("Đã ngừng kích hoạt %(count)d tài khoản."))

    @admin.action(description=_("Kích hoạt lại các tài khoản đã chọn"))
    def reactivate_users(self, request, queryset):
        self._apply(request, queryset, services.user_reactivate, _("Đã kích hoạt lại %(count)d tài khoản."))


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("code",)
    search_fields = ("code",)

    def has_add_permission(self, request):
        return False  # the five roles are made by a migration; their meaning lives in accounts/rules.py

    def has_delete_permission(self, request, obj=None):
        return False
