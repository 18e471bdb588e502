"""National and provincial figures, as the dashboards show them (indicators.aggregation computes them)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.agencies import AgencyBriefSerializer
from api.serializers.indicators import TargetBriefSerializer
from api.serializers.periods import PeriodBriefSerializer
from indicators.aggregation import STATUS_LABELS


class FiguresQuerySerializer(serializers.Serializer):
    include_submitted = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Tạm tính: gồm cả báo cáo đã gửi nhưng chưa được tiếp nhận (như bảng điều khiển).",
        error_messages={"invalid": _("Chỉ nhận true hoặc false.")},
    )


class ProvinceQuerySerializer(FiguresQuerySerializer):
    period = serializers.CharField(help_text="Mã kỳ báo cáo, ví dụ 2025-H1.")


class NationalFigureSerializer(serializers.Serializer):
    target = TargetBriefSerializer()
    threshold_text = serializers.CharField(help_text="Ngưỡng của mục tiêu: “≥ 70%”.")
    value = serializers.DecimalField(
        max_digits=12, decimal_places=1, allow_null=True, help_text="Số liệu toàn quốc, theo đơn vị của mục tiêu."
    )
    numerator = serializers.IntegerField(allow_null=True, help_text="Tổng tử số của các báo cáo được tính.")
    denominator = serializers.IntegerField(allow_null=True, help_text="Tổng mẫu số.")
    status = serializers.ChoiceField(
        choices=list(STATUS_LABELS),
        help_text="Đạt, đúng hướng, chưa đạt, chưa đủ số liệu (số liệu bao phủ quá ít đơn vị phải báo cáo để "
        "đánh giá: indicators/README.md), chưa có số liệu.",
    )
    status_label = serializers.CharField()
    covered = serializers.IntegerField(help_text="Số đơn vị đã có số liệu được tính.")
    expected = serializers.IntegerField(help_text="Số đơn vị phải báo cáo mục tiêu này trong kỳ.")
    coverage_text = serializers.CharField(help_text="Ví dụ: “41/63 tỉnh, thành phố”.")
    baseline = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    is_provisional = serializers.BooleanField(help_text="Có tính cả báo cáo chưa được tiếp nhận.")
    applies = serializers.BooleanField(help_text="Mục tiêu có áp dụng trong năm của kỳ không.")
    compared_period = PeriodBriefSerializer(allow_null=True, help_text="Kỳ so sánh (mục tiêu tăng so với năm trước).")
    path_value = serializers.DecimalField(
        max_digits=12, decimal_places=1, allow_null=True, help_text="Mục tiêu đến hạn sau: mức cần đạt tới kỳ này."
    )


class NationalSerializer(serializers.Serializer):
    period = PeriodBriefSerializer()
    include_submitted = serializers.BooleanField()
    figures = NationalFigureSerializer(many=True)


class ProvinceFigureSerializer(serializers.Serializer):
    target = TargetBriefSerializer()
    reported = serializers.BooleanField(help_text="Tỉnh đã có số liệu được tính; chưa báo cáo là thiếu, không phải 0.")
    value = serializers.DecimalField(
        max_digits=12, decimal_places=1, allow_null=True, help_text="Số liệu của tỉnh (null khi không tính được)."
    )


class ProvinceFiguresSerializer(serializers.Serializer):
    province = AgencyBriefSerializer(help_text="Ủy ban nhân dân tỉnh, thành phố.")
    reporter = AgencyBriefSerializer(allow_null=True, help_text="Đơn vị báo cáo số liệu của tỉnh (Sở).")
    period = PeriodBriefSerializer()
    include_submitted = serializers.BooleanField()
    figures = ProvinceFigureSerializer(many=True)


class StatisticYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    period = serializers.CharField(help_text="Mã kỳ báo cáo năm, ví dụ 2024-FY.")
    total = serializers.IntegerField(
        allow_null=True, help_text="Tổng các số đơn vị đã báo cáo; null khi không ai có số hoặc chỉ số không cộng."
    )
    covered = serializers.IntegerField(help_text="Số đơn vị có số liệu được tính.")
    no_answer = serializers.IntegerField(help_text="Số đơn vị báo “không có số liệu” hoặc “không áp dụng”.")
    expected = serializers.IntegerField(help_text="Số đơn vị phải báo cáo chỉ số này trong năm.")
    coverage_text = serializers.CharField(help_text="Ví dụ: “52/63 đơn vị báo cáo”.")


class StatisticLineSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã chỉ số trong danh mục.")
    section = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    aggregation = serializers.ChoiceField(choices=["sum", "none"], help_text="sum: cộng; none: không cộng (ước tính).")
    part = serializers.CharField(help_text="Mã phần “trong đó”; rỗng với tổng số của chỉ số.")
    part_label = serializers.CharField()
    years = StatisticYearSerializer(many=True)


class StatisticsSerializer(serializers.Serializer):
    include_submitted = serializers.BooleanField()
    lines = StatisticLineSerializer(many=True)
