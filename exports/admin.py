from django.contrib import admin

from exports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "period", "agency", "status", "requested_by", "finished_at")
    list_filter = ("kind", "status", "period")
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False  # requests go through exports.services.export_request (the export page)
