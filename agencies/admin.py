from django.contrib import admin

from agencies.models import Agency, Collective, ReportingDepartment, Succession


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name", "aliases")
    autocomplete_fields = ("parent",)


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ("code", "effective_from", "scope", "legal_basis")
    list_filter = ("scope", "effective_from")
    search_fields = ("code", "legal_basis", "predecessors__name", "successors__name")
    autocomplete_fields = ("predecessors", "successors")


@admin.register(ReportingDepartment)
class ReportingDepartmentAdmin(admin.ModelAdmin):
    list_display = ("province", "department", "valid_from", "reason")
    search_fields = ("province__name", "department__name", "reason")
    autocomplete_fields = ("province", "department")


@admin.register(Collective)
class CollectiveAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "member_kinds")
    search_fields = ("code", "name", "aliases")
    filter_horizontal = ("members",)
