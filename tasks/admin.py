from django.contrib import admin

from accounts.admin import ChangeReasonAdmin
from tasks.models import Activity, Plan, Responsibility, Task, TaskGroup


@admin.register(Plan)
class PlanAdmin(ChangeReasonAdmin):
    list_display = ("code", "title", "decision_date", "start_year", "end_year")
    search_fields = ("code", "title")


@admin.register(TaskGroup)
class TaskGroupAdmin(ChangeReasonAdmin):
    list_display = ("code", "title", "plan")
    list_filter = ("plan",)
    search_fields = ("code", "title")


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    autocomplete_fields = ("agency",)


@admin.register(Task)
class TaskAdmin(ChangeReasonAdmin):
    list_display = ("code", "title", "group", "timeframe_text")
    list_filter = ("plan", "group", "timeframe_kind")
    search_fields = ("code", "title")
    inlines = [ActivityInline, ResponsibilityInline]


@admin.register(Activity)
class ActivityAdmin(ChangeReasonAdmin):
    list_display = ("task", "position", "text")
    list_filter = ("task__plan",)
    search_fields = ("task__code", "text")


@admin.register(Responsibility)
class ResponsibilityAdmin(ChangeReasonAdmin):
    list_display = ("task", "role", "position", "written_as", "agency", "collective")
    list_filter = ("role", "task__plan")
    search_fields = ("task__code", "written_as", "agency__name", "agency__code", "collective__name")
    autocomplete_fields = ("agency",)
