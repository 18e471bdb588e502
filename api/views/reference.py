"""The plan, agencies, indicators and periods: reference data every signed-in user may read."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from agencies.models import Agency, Collective
from api import filters
from api.serializers.agencies import AgencySerializer, CollectiveSerializer
from api.serializers.indicators import IndicatorSerializer
from api.serializers.periods import PeriodSerializer
from api.serializers.plan import PlanSerializer, TaskGroupSerializer, TaskSerializer
from api.views.base import ApiViewMixin
from indicators.models import Indicator, Target
from reporting.models import ReportingPeriod
from tasks.models import Activity, Plan, Task, TaskGroup
from tasks.responsibility import Answerers
from tasks.selectors import responsibilities_prefetch

ON_PARAMETER = OpenApiParameter(
    "on",
    OpenApiTypes.DATE,
    description="Ngày dùng để mở rộng tập hợp cơ quan thành các thành viên (mặc định: hôm nay, giờ Hà Nội).",
)


class _OnDate(serializers.Serializer):
    on = serializers.DateField(required=False)


class CollectiveMembersMixin:
    """Expands every collective once per request (four queries), whatever the number of tasks listed."""

    def members_day(self) -> datetime.date:
        query = _OnDate(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data.get("on") or timezone.localdate()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        answerers = Answerers.load(self.members_day())
        listed = set().union(*answerers.members.values())
        agencies = list(Agency.objects.filter(pk__in=listed).order_by("code"))
        context["collective_members"] = {
            pk: [a for a in agencies if a.pk in members] for pk, members in answerers.members.items()
        }
        return context


@extend_schema_view(
    list=extend_schema(summary="Danh sách kế hoạch"),
    retrieve=extend_schema(summary="Một kế hoạch và các nhóm nhiệm vụ"),
)
class PlanViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer
    queryset = Plan.objects.select_related("issuer").prefetch_related(
        Prefetch("groups", queryset=TaskGroup.objects.order_by("position"))
    )
    ordering_fields = ["decision_date", "code"]
    ordering = ["-decision_date"]


@extend_schema_view(list=extend_schema(summary="Nhóm nhiệm vụ"), retrieve=extend_schema(summary="Một nhóm nhiệm vụ"))
class TaskGroupViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskGroupSerializer
    filterset_class = filters.TaskGroupFilter
    queryset = TaskGroup.objects.prefetch_related(Prefetch("tasks", queryset=Task.objects.order_by("position")))
    ordering_fields = ["position", "code"]
    ordering = ["plan", "position"]


@extend_schema_view(
    list=extend_schema(
        summary="Nhiệm vụ, kèm hoạt động và cơ quan chủ trì, phối hợp",
        description="Tập hợp cơ quan (ví dụ “UBND các tỉnh, thành phố”) giữ nguyên tên như văn bản "
        "(written_as) và kèm danh sách cơ quan thành viên vào ngày `on`.",
        parameters=[ON_PARAMETER],
    ),
    retrieve=extend_schema(summary="Một nhiệm vụ", parameters=[ON_PARAMETER]),
)
class TaskViewSet(ApiViewMixin, CollectiveMembersMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer
    filterset_class = filters.TaskFilter
    queryset = Task.objects.select_related("group", "plan").prefetch_related(
        Prefetch("activities", queryset=Activity.objects.order_by("position")), responsibilities_prefetch()
    )
    ordering_fields = ["position", "code"]
    ordering = ["plan", "position"]


@extend_schema_view(
    list=extend_schema(summary="Tập hợp cơ quan và thành viên", parameters=[ON_PARAMETER]),
    retrieve=extend_schema(summary="Một tập hợp cơ quan", parameters=[ON_PARAMETER]),
)
class CollectiveViewSet(ApiViewMixin, CollectiveMembersMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CollectiveSerializer
    queryset = Collective.objects.all()
    ordering_fields = ["code", "name"]
    ordering = ["code"]


@extend_schema_view(list=extend_schema(summary="Cơ quan, đơn vị"), retrieve=extend_schema(summary="Một cơ quan"))
class AgencyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencySerializer
    filterset_class = filters.AgencyFilter
    queryset = Agency.objects.select_related("parent").prefetch_related("successions_out__successors")
    ordering_fields = ["code", "name", "distribution_no", "kind"]
    ordering = ["code"]


@extend_schema_view(
    list=extend_schema(summary="Chỉ tiêu và các mục tiêu"), retrieve=extend_schema(summary="Một chỉ tiêu")
)
class IndicatorViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.prefetch_related(
        Prefetch(
            "targets",
            queryset=Target.objects.select_related("plan")
            .prefetch_related("reported_by_agencies")
            .order_by("position"),
        )
    )
    filterset_fields = ["plan", "number"]
    ordering_fields = ["number"]
    ordering = ["plan", "number"]


@extend_schema_view(list=extend_schema(summary="Kỳ báo cáo"), retrieve=extend_schema(summary="Một kỳ báo cáo"))
class PeriodViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PeriodSerializer
    filterset_class = filters.PeriodFilter
    queryset = ReportingPeriod.objects.all()
    ordering_fields = ["due_date", "code", "year"]
    ordering = ["due_date"]
