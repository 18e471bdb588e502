"""The national figure of every target, and one province's figures: the dashboards' numbers, read-only."""

import re

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from agencies.models import Agency
from agencies.selectors import reporting_department_of
from api.permissions import rule
from api.serializers import figures as s
from api.views.base import ApiViewMixin, period_by_code
from indicators import aggregation
from reporting import statistics
from reporting.models import ReportingPeriod
from tasks.selectors import current_plan

PERIOD_CODE = re.compile(r"^\d{4}-[A-Z0-9]{1,4}$")


def _period(code: str) -> ReportingPeriod:
    # Not a code ("2025-H1") answers 404 before any query; PostgreSQL would also refuse a NUL in it.
    period = period_by_code(code) if PERIOD_CODE.match(code) else None
    if period is None:
        raise Http404(f"Không có kỳ báo cáo {code!r}.")
    return period


class NationalFiguresView(ApiViewMixin, GenericAPIView):
    permission_classes = [rule("reporting.view_dashboard")]
    serializer_class = s.NationalSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="Số liệu toàn quốc của mọi mục tiêu trong một kỳ, kèm trạng thái và độ bao phủ",
        parameters=[
            OpenApiParameter("period", OpenApiTypes.STR, OpenApiParameter.PATH, description="Mã kỳ, ví dụ 2025-H1."),
            s.FiguresQuerySerializer,
        ],
    )
    def get(self, request, period: str) -> Response:
        query = s.FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        include_submitted = query.validated_data["include_submitted"]
        found = _period(period)
        figures = aggregation.national_figures(found, include_submitted=include_submitted)
        data = {"period": found, "include_submitted": include_submitted, "figures": figures}
        return Response(s.NationalSerializer(data).data)


class ProvinceFiguresView(ApiViewMixin, GenericAPIView):
    """A province is its People's Committee (``agencies`` of kind provincial_committee)."""

    permission_classes = [rule("reporting.view_province_figures", per_object=True)]
    serializer_class = s.ProvinceFiguresSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="Số liệu từng mục tiêu của một tỉnh, thành phố trong một kỳ",
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã số (id) của UBND tỉnh, thành phố."
            ),
            s.ProvinceQuerySerializer,
        ],
    )
    def get(self, request, id: int) -> Response:
        province = Agency.objects.provinces().filter(pk=id).first()
        if province is None:
            raise Http404("Không có tỉnh, thành phố này.")
        self.check_object_permissions(request, province)
        query = s.ProvinceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        include_submitted = query.validated_data["include_submitted"]
        period = _period(query.validated_data["period"])
        reporter = reporting_department_of(province, period.due_date)
        values = aggregation.province_figures(
            period, include_submitted=include_submitted, agency_ids=[reporter.pk] if reporter else []
        )
        targets = [t for t in period.plan.targets.order_by("position") if t.applies_in(period.year)]
        rows = []
        for target in targets:
            key = (reporter.pk if reporter else None, target.code)
            rows.append({"target": target, "reported": key in values, "value": values.get(key)})
        data = {
            "province": province,
            "reporter": reporter,
            "period": period,
            "include_submitted": include_submitted,
            "figures": rows,
        }
        return Response(s.ProvinceFiguresSerializer(data).data)


class StatisticsView(ApiViewMixin, GenericAPIView):
    """The statistics section's national totals by year: a missing number is missing, never zero."""

    permission_classes = [rule("reporting.view_dashboard")]
    serializer_class = s.StatisticsSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="Số liệu thống kê toàn quốc theo năm (tổng, số đơn vị có số liệu, số đơn vị phải báo cáo)",
        parameters=[s.FiguresQuerySerializer],
    )
    def get(self, request) -> Response:
        query = s.FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        include_submitted = query.validated_data["include_submitted"]
        plan = current_plan()
        years = statistics.annual_periods(list(plan.periods.all())) if plan else []
        table = statistics.national_statistics(years, include_submitted=include_submitted)
        lines = [
            {
                "code": line.item.code,
                "section": line.item.section,
                "label": line.item.label,
                "unit": line.item.unit,
                "aggregation": line.item.aggregation,
                "part": line.key,
                "part_label": line.label if line.is_part else "",
                "years": [
                    {
                        "year": period.year,
                        "period": period.code,
                        "total": cell.total,
                        "covered": cell.covered,
                        "no_answer": cell.no_answer,
                        "expected": cell.expected,
                        "coverage_text": cell.coverage_text,
                    }
                    for period, cell in zip(years, line.cells, strict=True)
                ],
            }
            for line in table.lines
        ]
        return Response(s.StatisticsSerializer({"include_submitted": include_submitted, "lines": lines}).data)
