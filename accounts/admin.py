from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Role, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "agency", "is_active")
    list_filter = ("is_active", "roles", "agency__kind")
    search_fields = ("username", "email", "first_name", "last_name", "agency__name", "agency__code")
    autocomplete_fields = ("agency",)
    filter_horizontal = ("roles", "groups", "user_permissions")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Cơ quan và vai trò", {"fields": ("agency", "roles", "position", "phone")}))


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("code",)
    search_fields = ("code",)
