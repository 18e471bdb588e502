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
    # The signature and dispatch block of a consolidated report, checked as the export page checks it
    # (exports.forms.ExportRequestForm, then exports.services.export_request).
    dispatch_number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        help_text="Số và ký hiệu, ví dụ 123/BC-BYT (bắt buộc với pdf_consolidated).",
    )
    dispatch_date = serializers.DateField(
        required=False, allow_null=True, help_text="Ngày ban hành, YYYY-MM-DD (bắt buộc với pdf_consolidated)."
    )
    recipients = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, help_text="Nơi nhận, mỗi dòng một nơi."
    )
    signer = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Người ký: id của người có chức vụ của cơ quan ban hành; bỏ trống: người đầu tiên có chức vụ.",
    )
    signs_on_behalf = serializers.BooleanField(required=False, default=False, help_text="Ký thay (KT.) người đứng đầu.")
    on_behalf_title = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=120,
        help_text="Chức danh của người được ký thay (bắt buộc khi signs_on_behalf), ví dụ Bộ trưởng.",
    )
