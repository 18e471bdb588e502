from django.contrib import admin

from accounts.admin import ChangeReasonAdmin
from indicators.models import Indicator, Target


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0
    filter_horizontal = ("reported_by_agencies",)


@admin.register(Indicator)
class IndicatorAdmin(ChangeReasonAdmin):
    list_display = ("number", "text", "plan")
    list_filter = ("plan",)
    search_fields = ("number", "text")
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(ChangeReasonAdmin):
    list_display = (
        "code",
        "short_name",
        "measure",
        "comparator",
        "threshold",
        "threshold_upper",
        "level",
        "baseline_value",
    )
    list_filter = ("plan", "measure", "level")
    search_fields = ("code", "short_name", "text")
    filter_horizontal = ("reported_by_agencies",)
