from rest_framework import serializers

from reporting.models import ReportingPeriod


class PeriodBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "code", "name"]


class PeriodSerializer(serializers.ModelSerializer):
    deadline = serializers.DateTimeField(
        read_only=True, help_text="Thời điểm bắt đầu bị tính là muộn: 00:00 giờ Hà Nội ngày sau hạn."
    )
    months = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Các tháng (YYYY-MM) mà báo cáo kỳ này bao quát."
    )

    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "plan",
            "code",
            "kind",
            "year",
            "name",
            "due_date",
            "deadline",
            "window_start",
            "window_end",
            "is_open",
            "months",
        ]
