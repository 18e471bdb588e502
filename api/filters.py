"""Query filters of the list endpoints (django-filter); each names what the pages let a user filter by."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from reporting.models import Report, ReportingPeriod, TaskProgress
from tasks.models import Responsibility, Task, TaskGroup
from tasks.responsibility import Answerers, Reading


class AgencyFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Agency.Kind.choices)
    q = django_filters.CharFilter(method="filter_q", label=_("Tìm theo tên"))
    existing_on = django_filters.DateFilter(method="filter_existing_on", label=_("Còn hoạt động vào ngày"))

    class Meta:
        model = Agency
        fields = ["kind", "code", "parent"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__icontains=value))

    def filter_existing_on(self, queryset, name, value):
        return queryset.existing_on(value)


class TaskGroupFilter(django_filters.FilterSet):
    class Meta:
        model = TaskGroup
        fields = ["plan", "code"]


class TaskFilter(django_filters.FilterSet):
    group = django_filters.CharFilter(field_name="group__code", label=_("Mã nhóm nhiệm vụ (1-7)"))
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(),
        field_name="responsibilities__agency",
        method="filter_agency",
        label=_("Nhiệm vụ cơ quan này chủ trì hoặc phối hợp (trực tiếp hoặc qua tập hợp)"),
    )
    role = django_filters.ChoiceFilter(
        choices=Responsibility.Role.choices, method="filter_noop", label=_("Vai trò của cơ quan (dùng cùng agency)")
    )
    year = django_filters.NumberFilter(method="filter_year", label=_("Nhiệm vụ thực hiện trong năm"))

    class Meta:
        model = Task
        fields = ["plan", "group", "code"]

    def filter_noop(self, queryset, name, value):
        return queryset  # read by filter_agency

    def filter_agency(self, queryset, name, agency):
        # Reading.WRITTEN in any year; with a role, through an entry of that role (an agency leading a
        # task and supporting it through a collective is listed under both roles).
        entries = Responsibility.objects.all()
        role = self.form.cleaned_data.get("role")
        if role:
            entries = entries.filter(role=role)
        roles = Answerers.load().task_roles(entries, Reading.WRITTEN)
        return queryset.filter(pk__in=[task_id for task_id, by_agency in roles.items() if agency.pk in by_agency])

    def filter_year(self, queryset, name, year):
        # "Hằng năm" has no years of its own: it runs every year of its plan.
        return queryset.filter(
            Q(timeframe_start__isnull=True, plan__start_year__lte=year, plan__end_year__gte=year)
            | Q(timeframe_start__lte=year, timeframe_end__gte=year)
        )


class PeriodFilter(django_filters.FilterSet):
    class Meta:
        model = ReportingPeriod
        fields = ["plan", "code", "year", "kind", "is_open"]


class ReportFilter(django_filters.FilterSet):
    period = django_filters.CharFilter(field_name="period__code", label=_("Mã kỳ báo cáo, ví dụ 2025-H1"))
    year = django_filters.NumberFilter(field_name="period__year")
    agency_code = django_filters.CharFilter(field_name="agency__code")
    agency_kind = django_filters.MultipleChoiceFilter(field_name="agency__kind", choices=Agency.Kind.choices)
    status = django_filters.MultipleChoiceFilter(choices=Report.Status.choices)

    class Meta:
        model = Report
        fields = ["period", "year", "agency", "agency_code", "agency_kind", "status"]


class TaskProgressFilter(django_filters.FilterSet):
    group = django_filters.CharFilter(field_name="task__group__code", label=_("Mã nhóm nhiệm vụ (1-7)"))
    status = django_filters.MultipleChoiceFilter(choices=TaskProgress._meta.get_field("status").choices)

    class Meta:
        model = TaskProgress
        fields = ["group", "status"]
