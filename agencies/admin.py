from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import services as accounts_services
from agencies import services
from agencies.models import Agency, Collective, ReportingDepartment, Succession

# The agency's fields in the admin, in order: the form and the fieldsets name them from here.
AGENCY_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "parent",
    "aliases",
    "valid_from",
    "valid_to",
    "distribution_no",
    "province_kind",
    "contact_email",
)
AGENCY_APPROVAL_FIELDS = ("requires_approval", "issuing_body", "issuing_symbol")


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = AGENCY_FIELDS + AGENCY_APPROVAL_FIELDS

    def clean(self):
        data = super().clean()
        try:
            services.agency_approval_check(
                requires_approval=bool(data.get("requires_approval")),
                issuing_body=data.get("issuing_body") or "",
                issuing_symbol=data.get("issuing_symbol") or "",
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for error in errors:
                    self.add_error(name if name in self.fields else None, error)
        return data


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_display = ("code", "name", "short_name", "kind", "parent", "requires_approval", "valid_from", "valid_to")
    list_filter = ("kind", "requires_approval", "valid_to")
    fieldsets = (
        (
            None,
            {
                "fields": AGENCY_FIELDS,
            },
        ),
        (
            _("Phê duyệt báo cáo trong cơ quan"),
            {
                "description": _(
                    "Bật: báo cáo cán bộ gửi chờ người phê duyệt (vai trò “Người phê duyệt”) của cơ quan duyệt "
                    "rồi mới đến Bộ; bản PDF và khối văn bản ghi cơ quan ban hành."
                ),
                "fields": AGENCY_APPROVAL_FIELDS,
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        approval = {"requires_approval", "issuing_body", "issuing_symbol"}
        if change and approval & set(form.changed_data):
            obj._change_reason = _("Bật phê duyệt nội bộ") if obj.requires_approval else _("Tắt phê duyệt nội bộ")
        else:
            obj._change_reason = _("Sửa trong trang quản trị") if change else _("Tạo trong trang quản trị")
        super().save_model(request, obj, form, change)

    search_fields = ("code", "name", "short_name", "aliases")
    autocomplete_fields = ("parent",)
    actions = ("move_officers_to_successor",)

    @admin.action(description=_("Chuyển tài khoản cán bộ sang cơ quan kế thừa"))
    def move_officers_to_successor(self, request, queryset):
        """Each selected agency that has ended: its accounts go to its successor (accounts.services)."""
        for agency in queryset.order_by("code"):
            try:
                successor, moved, left = accounts_services.users_move_to_successor(agency=agency, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
                continue
            messages.success(
                request,
                _("%(agency)s: đã chuyển %(count)d tài khoản sang %(successor)s.")
                % {"agency": agency.name, "count": len(moved), "successor": successor.name},
            )
            for account, why in left:
                messages.warning(request, f"{account.username}: {why}")


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ("code", "effective_from", "scope", "legal_basis")
    list_filter = ("scope", "effective_from")
    search_fields = ("code", "legal_basis", "predecessors__name", "successors__name")
    autocomplete_fields = ("predecessors", "successors")

    def save_model(self, request, obj, form, change):
        obj._change_reason = _("Sửa trong trang quản trị") if change else _("Tạo trong trang quản trị")
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # a succession that happened stays; a wrong one is corrected, with its trail


class ReportingDepartmentForm(forms.ModelForm):
    class Meta:
        model = ReportingDepartment
        fields = ("province", "department", "valid_from", "reason")

    def clean(self):
        data = super().clean()
        try:
            services.reporting_department_check(
                province=data.get("province"),
                department=data.get("department"),
                valid_from=data.get("valid_from"),
                reason=data.get("reason") or "",
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for error in errors:
                    if name in self.fields and name not in self.errors:
                        self.add_error(name, error)
        return data


@admin.register(ReportingDepartment)
class ReportingDepartmentAdmin(admin.ModelAdmin):
    """An admin names the department that reports for a province from a date, with the reason (audited)."""

    form = ReportingDepartmentForm
    list_display = ("province", "department", "valid_from", "reason")
    search_fields = ("province__name", "department__name", "reason")
    autocomplete_fields = ("province", "department")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.reporting_department_set(
            province=data["province"],
            department=data["department"],
            valid_from=data["valid_from"],
            reason=data["reason"],
            user=request.user,
            instance=obj,
        )

    def has_delete_permission(self, request, obj=None):
        return False  # a later choice replaces it from its own date; the trail keeps every one


@admin.register(Collective)
class CollectiveAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "member_kinds")
    search_fields = ("code", "name", "aliases")
    filter_horizontal = ("members",)
