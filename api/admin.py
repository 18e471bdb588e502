"""Tokens are issued and revoked on the API tokens page (audited through api.services); the admin
shows the log read-only, and knox's own token admin is removed so no token is made around the log."""

from django.contrib import admin
from knox.models import AuthToken

from api.models import ApiTokenEvent

if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(ApiTokenEvent)
class ApiTokenEventAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "owner", "key_hint", "actor", "ip_address")
    list_filter = ("action",)
    search_fields = ("owner__username", "actor__username")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
