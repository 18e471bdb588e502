"""Query filters of the list endpoints (django-filter); each names what the pages let a user filter by."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from agencies.models import Agency
from reporting.models import Report, ReportingPeriod, TaskProgress
from tasks.models import Responsibility, Task, TaskGroup
from tasks.responsibility import Answerers, Reading


class IdFilter(django_filters.NumberFilter):
    """A related object by its id: a whole number; an id that matches nothing filters to nothing.

    django-filter's default for a foreign key answers 400 "not a valid choice" for an id that does
    not exist, which tells a client which ids exist and differs from an id it may not see (empty).
    """

    field_class = forms.IntegerField


class StrictBooleanField(forms.Field):
    """true / false (or 1 / 0); django-filter's default reads anything else as "not given"."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.VALUES[str(value).lower()]
        except KeyError:
            raise DjangoValidationError(_("Chỉ nhận true hoặc false."), code="invalid") from None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StrictFilterSet(django_filters.FilterSet):
    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
        models.BooleanField: {"filter_class": StrictBooleanFilter},
    }


class StrictFilterBackend(DjangoFilterBackend):
    """Filter sets built from a view's ``filterset_fields`` get the strict defaults too."""

    filterset_base = StrictFilterSet


class StrictOrderingFilter(OrderingFilter):
    """An ``?ordering=`` naming a field the list cannot be sorted by answers 400 (DRF ignores it)."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",")]
            valid = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
            wrong = [f for f in fields if f.lstrip("-") not in valid]
            if wrong:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _("Không sắp xếp được theo %(fields)s; chọn trong: %(valid)s.")
                            % {"fields": ", ".join(wrong), "valid": ", ".join(sorted(valid))}
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)


class AgencyFilter(StrictFilterSet):
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


class TaskGroupFilter(StrictFilterSet):
    class Meta:
        model = TaskGroup
        fields = ["plan", "code"]


class TaskFilter(StrictFilterSet):
    group = django_filters.CharFilter(field_name="group__code", label=_("Mã nhóm nhiệm vụ (1-7)"))
    agency = IdFilter(
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

    def filter_agency(self, queryset, name, agency_id):
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None:
            return queryset.none()
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


class PeriodFilter(StrictFilterSet):
    class Meta:
        model = ReportingPeriod
        fields = ["plan", "code", "year", "kind", "is_open"]


class ReportFilter(StrictFilterSet):
    period = django_filters.CharFilter(field_name="period__code", label=_("Mã kỳ báo cáo, ví dụ 2025-H1"))
    year = django_filters.NumberFilter(field_name="period__year")
    agency_code = django_filters.CharFilter(field_name="agency__code")
    agency_kind = django_filters.MultipleChoiceFilter(field_name="agency__kind", choices=Agency.Kind.choices)
    status = django_filters.MultipleChoiceFilter(choices=Report.Status.choices)

    class Meta:
        model = Report
        fields = ["period", "year", "agency", "agency_code", "agency_kind", "status"]


class TaskProgressFilter(StrictFilterSet):
    group = django_filters.CharFilter(field_name="task__group__code", label=_("Mã nhóm nhiệm vụ (1-7)"))
    status = django_filters.MultipleChoiceFilter(choices=TaskProgress._meta.get_field("status").choices)

    class Meta:
        model = TaskProgress
        fields = ["group", "status"]
