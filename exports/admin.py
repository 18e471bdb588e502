from django.contrib import admin

from exports.models import ExportJob, IssuedReport


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "period", "agency", "status", "requested_by", "finished_at")
    list_filter = ("kind", "status", "period")
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False  # requests go through exports.services.export_request (the export page)


@admin.register(IssuedReport)
class IssuedReportAdmin(admin.ModelAdmin):
    """Read only: an issued report is frozen; issuing and the signed copy go through exports.services."""

    list_display = ("issued_at", "period", "number", "symbol", "issued_by", "sha256", "signer_name")
    list_filter = ("period",)
    readonly_fields = [f.name for f in IssuedReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
