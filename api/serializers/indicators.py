from rest_framework import serializers

from indicators.models import Indicator, Target


class TargetSerializer(serializers.ModelSerializer):
    threshold_text = serializers.CharField(read_only=True, help_text="Ngưỡng như văn bản viết: “≥ 70%”, “3-5%”.")
    first_year = serializers.IntegerField(read_only=True)
    last_year = serializers.IntegerField(read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "code",
            "position",
            "short_name",
            "text",
            "measure",
            "comparator",
            "threshold",
            "threshold_upper",
            "threshold_text",
            "unit",
            "level",
            "years_from",
            "years_to",
            "first_year",
            "last_year",
            "reported_by_kinds",
            "reported_by_agencies",
            "numerator_label",
            "denominator_label",
            "baseline_value",
            "baseline_year",
            "baseline_source",
        ]


class TargetBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "code", "short_name", "measure", "unit"]


class IndicatorSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "plan", "number", "text", "targets"]
