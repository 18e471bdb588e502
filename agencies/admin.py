from django.contrib import admin

from agencies.models import Agency, Collective


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "kind", "parent", "valid_from", "valid_to", "successor")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name", "aliases")
    autocomplete_fields = ("parent", "successor")


@admin.register(Collective)
class CollectiveAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "member_kinds")
    search_fields = ("code", "name", "aliases")
    filter_horizontal = ("members",)
