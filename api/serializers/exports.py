from django.urls import reverse
from rest_framework import serializers

from api.serializers.agencies import AgencyBriefSerializer
from api.serializers.periods import PeriodBriefSerializer
from api.serializers.reports import StrictSerializer
from exports.models import ExportJob


class ExportJobSerializer(serializers.ModelSerializer):
    XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    period = PeriodBriefSerializer(read_only=True)
    agency = AgencyBriefSerializer(read_only=True, allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    download = serializers.SerializerMethodField(help_text="Đường dẫn tải tệp khi đã xong; null khi chưa.")

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "kind",
            "kind_display",
            "period",
            "agency",
            "include_submitted",
            "status",
            "status_display",
            "error",
            "pages",
            "filename",
            "created_at",
            "started_at",
            "finished_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, job: ExportJob) -> str | None:
        if job.status != ExportJob.Status.DONE or not job.file:
            return None
        return reverse("api:export-download", args=[job.pk])


class ExportRequestSerializer(StrictSerializer):
    kind = serializers.CharField(help_text="pdf_consolidated, pdf_agency hoặc xlsx_analyst.")
    period = serializers.CharField(help_text="Mã kỳ báo cáo, ví dụ 2025-H1.")
    agency = serializers.IntegerField(required=False, allow_null=True, help_text="Đơn vị (chỉ với pdf_agency).")
    include_submitted = serializers.BooleanField(
        required=False, default=False, help_text="Bản tạm tính: gồm cả báo cáo đã gửi chưa tiếp nhận."
    )
