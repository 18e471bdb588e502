"""The national figure of every target, and one province's figures: the dashboards' numbers, read-only."""

import re

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from agencies.models import Agency
from api.permissions import rule
from api.serializers import figures as s
from api.views.base import ApiViewMixin, period_by_code
from indicators import aggregation
from reporting.models import ReportingPeriod

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
        reporter = Agency.objects.filter(parent=province, kind=Agency.Kind.PROVINCIAL_DOLISA).first()
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
