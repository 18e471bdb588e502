"""Reports through the API: the same querysets (accounts.rules.visible), reads (reporting.selectors)
and writes (reporting.services) as the pages. What a user may not see answers 404."""

from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.rules import visible
from agencies.models import Agency
from api import filters
from api.concurrency import check_if_match, etag, expected_version
from api.serializers import reports as s
from api.views.base import ApiViewMixin, requested_period, valid_data
from reporting import selectors, services
from reporting.models import Attachment, IndicatorFigure, Report, TaskProgress

# The types reporting.validation lets a report carry, by extension; anything else downloads as bytes.
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "": "application/octet-stream",
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='ETag của báo cáo đã đọc (ví dụ "7"); báo cáo đã đổi thì trả 412.',
)


def _detail_response(report: Report, request, status_code=status.HTTP_200_OK) -> Response:
    report = selectors.report_detail(visible(request.user, Report.objects.all()), report.pk)
    report.missing = selectors.report_missing(report=report) if report.status in ("draft", "returned") else {}
    response = Response(s.ReportDetailSerializer(report, context={"request": request}).data, status=status_code)
    response["ETag"] = etag(report)
    return response


@extend_schema_view(
    list=extend_schema(summary="Báo cáo bạn được xem (lọc theo kỳ, đơn vị, trạng thái)"),
    retrieve=extend_schema(
        summary="Một báo cáo, kèm số liệu, tiến độ nhiệm vụ, các bước xử lý",
        responses={200: OpenApiResponse(s.ReportDetailSerializer)},
    ),
)
class ReportViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.ReportSerializer
    filterset_class = filters.ReportFilter
    ordering_fields = ["period__due_date", "agency__code", "status", "submitted_at", "updated_at"]
    ordering = ["period__due_date", "agency__code"]
    concurrency_checked_actions = (
        "partial_update",
        "submit",
        "return_report",
        "accept",
        "reopen",
        "approve",
        "send_back",
    )
    write_actions = {
        "create",
        "partial_update",
        "submit",
        "return_report",
        "accept",
        "reopen",
        "comments",
        "approve",
        "send_back",
    }

    def get_queryset(self):
        return visible(self.request.user, Report.objects.select_related("agency", "agency__parent", "period"))

    def get_throttles(self):
        self.throttle_scope = "report_write" if self.action in self.write_actions else None
        return super().get_throttles()

    def retrieve(self, request, *args, **kwargs) -> Response:
        return _detail_response(self.get_object(), request)

    def _transition(self, request, serializer, service, text_field: str | None = None) -> Response:
        """One home for the status actions (submit, return, accept, reopen, approve, send back): the
        report the caller may see, the body checked, If-Match checked, then the service (which owns
        every rule); `text_field` is the body's comment or reason passed to the service by that name."""
        report = self.get_object()
        data = valid_data(serializer, request)
        check_if_match(request, report)
        extra = {text_field: data.get(text_field, "")} if text_field else {}
        return _detail_response(service(report=report, user=request.user, **extra), request)

    @extend_schema(
        summary="Lập báo cáo của đơn vị cho một kỳ (trả báo cáo đã có nếu đã lập)",
        request=s.ReportCreateSerializer,
        responses={
            201: OpenApiResponse(s.ReportDetailSerializer, description="Đã lập báo cáo mới."),
            200: OpenApiResponse(s.ReportDetailSerializer, description="Báo cáo đã có từ trước."),
        },
    )
    def create(self, request) -> Response:
        data = valid_data(s.ReportCreateSerializer, request)
        period = requested_period(data["period"])
        agency = request.user.agency
        if "agency" in data:
            agency = Agency.objects.filter(pk=data["agency"]).first()
            if agency is None:
                raise ValidationError({"agency": ["Không có đơn vị này."]})
        if agency is None:
            raise ValidationError({"agency": ["Tài khoản chưa gắn với đơn vị nào; cần chọn đơn vị báo cáo."]})
        existed = Report.objects.filter(agency=agency, period=period).exists()
        report = services.report_start(agency=agency, period=period, user=request.user)
        return _detail_response(report, request, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        summary="Lưu bản nháp (hoặc báo cáo bị trả lại): các trường gửi lên, tất cả hợp lệ hoặc không lưu gì",
        request=s.ReportUpdateSerializer,
        parameters=[IF_MATCH],
        responses={200: OpenApiResponse(s.ReportDetailSerializer)},
    )
    def partial_update(self, request, pk=None) -> Response:
        report = self.get_object()
        data = valid_data(s.ReportUpdateSerializer, request)
        version = expected_version(request, data.pop("version", None))
        # The service parses the values (Vietnamese number and date forms included) and owns every
        # rule; partial=False keeps an API save atomic: one bad field and nothing is written.
        report = services.report_save(
            report=report, user=request.user, data=data, expected_version=version, partial=False
        )
        return _detail_response(report, request)

    @extend_schema(
        summary="Gửi báo cáo lên Bộ (cơ quan bật phê duyệt nội bộ: báo cáo chờ người phê duyệt, trạng thái pending_approval)",
        request=s.EmptySerializer,
        parameters=[IF_MATCH],
        responses={200: OpenApiResponse(s.ReportDetailSerializer)},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None) -> Response:
        return self._transition(request, s.EmptySerializer, services.report_submit)

    @extend_schema(
        summary="Trả lại báo cáo để bổ sung (cán bộ thẩm định)",
        request=s.ReturnSerializer,
        parameters=[IF_MATCH],
        responses={200: OpenApiResponse(s.ReportDetailSerializer)},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request, pk=None) -> Response:
        return self._transition(request, s.ReturnSerializer, services.report_return, "comment")

    @extend_schema(
        summary="Tiếp nhận báo cáo (cán bộ thẩm định)",
        request=s.EmptySerializer,
        parameters=[IF_MATCH],
        responses={200: OpenApiResponse(s.ReportDetailSerializer)},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None) -> Response:
        return self._transition(request, s.EmptySerializer, services.report_accept)

    @extend_schema(
        summary="Mở lại báo cáo đã tiếp nhận (quản trị, có lý do)",
        request=s.ReopenSerializer,
        parameters=[IF_MATCH],
        responses={200: OpenApiResponse(s.ReportDetailSerializer)},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None) -> Response:
        return self._transition(request, s.ReopenSerializer, services.report_reopen, "reason")

    @extend_schema(
        summary="Phê duyệt báo cáo đang chờ và gửi Bộ (người phê duyệt của cơ quan); thời hạn tính theo lúc này",
        request=s.EmptySerializer,
        parameters=[IF_MATCH],
        responses={200: OpenApiResponse(s.ReportDetailSerializer)},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None) -> Response:
        return self._transition(request, s.EmptySerializer, services.report_approve)

    @extend_schema(
        summary="Trả lại báo cáo đang chờ phê duyệt cho cán bộ, kèm nội dung cần sửa (người phê duyệt)",
        request=s.SendBackSerializer,
        parameters=[IF_MATCH],
        responses={200: OpenApiResponse(s.ReportDetailSerializer)},
    )
    @action(detail=True, methods=["post"], url_path="send-back", url_name="send-back")
    def send_back(self, request, pk=None) -> Response:
        return self._transition(request, s.SendBackSerializer, services.report_send_back, "comment")

    @extend_schema(
        summary="Ý kiến thẩm định theo từng phần của báo cáo",
        request=s.CommentInputSerializer,
        responses={201: s.CommentSerializer},
    )
    @action(detail=True, methods=["post"])
    def comments(self, request, pk=None) -> Response:
        report = self.get_object()
        data = valid_data(s.CommentInputSerializer, request)
        comment = services.report_comment(report=report, user=request.user, section=data["section"], text=data["text"])
        return Response(s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class _ReportPart(ApiViewMixin, viewsets.GenericViewSet):
    """A list under one report; the report must be visible to the user, or the whole path is 404."""

    pagination_class = None

    def report(self) -> Report:
        if not hasattr(self, "_report"):
            reports = visible(self.request.user, Report.objects.select_related("agency", "period"))
            self._report = get_object_or_404(reports, pk=self.kwargs["report_pk"])
        return self._report


@extend_schema(parameters=[OpenApiParameter("report_pk", OpenApiTypes.INT, OpenApiParameter.PATH)])
@extend_schema_view(list=extend_schema(summary="Số liệu chỉ tiêu của báo cáo"))
class ReportFigureViewSet(_ReportPart, mixins.ListModelMixin):
    serializer_class = s.FigureSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return IndicatorFigure.objects.none()
        return self.report().figures.select_related("target").order_by("target__position")


@extend_schema(parameters=[OpenApiParameter("report_pk", OpenApiTypes.INT, OpenApiParameter.PATH)])
@extend_schema_view(list=extend_schema(summary="Tiến độ các nhiệm vụ trong báo cáo (lọc theo nhóm, tình trạng)"))
class ReportTaskViewSet(_ReportPart, mixins.ListModelMixin):
    serializer_class = s.TaskProgressSerializer
    filterset_class = filters.TaskProgressFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TaskProgress.objects.none()
        return self.report().task_progress.select_related("task", "task__group").order_by("task__position")


@extend_schema(parameters=[OpenApiParameter("report_pk", OpenApiTypes.INT, OpenApiParameter.PATH)])
@extend_schema_view(
    list=extend_schema(summary="Tệp đính kèm của báo cáo"),
    create=extend_schema(
        summary="Đính kèm tệp (báo cáo có chữ ký, bảng số liệu)",
        request={"multipart/form-data": s.AttachmentInputSerializer},
        responses={201: s.AttachmentSerializer},
    ),
    destroy=extend_schema(summary="Gỡ tệp đính kèm khỏi bản nháp", responses={204: None}),
)
class ReportAttachmentViewSet(_ReportPart, mixins.ListModelMixin, mixins.DestroyModelMixin):
    serializer_class = s.AttachmentSerializer
    filter_backends = []
    parser_classes = [MultiPartParser, FormParser]
    throttle_scope = "report_write"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Attachment.objects.none()
        return self.report().attachments.order_by("uploaded_at", "pk")

    def get_throttles(self):
        self.throttle_scope = "report_write" if self.action in ("create", "destroy") else None
        return super().get_throttles()

    def create(self, request, report_pk=None) -> Response:
        report = self.report()  # 404 before the body is read: a stranger learns nothing from a 415
        data = valid_data(s.AttachmentInputSerializer, request)
        attachment = services.report_attach(report=report, user=request.user, file=data["file"], kind=data["kind"])
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        with transaction.atomic():
            services.report_detach(attachment=instance, user=self.request.user)

    @extend_schema(
        summary="Tải tệp đính kèm",
        responses={(200, media): OpenApiResponse(OpenApiTypes.BINARY) for media in sorted(set(MEDIA_TYPES.values()))},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, report_pk=None, pk=None) -> FileResponse:
        attachment = self.get_object()
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("Tệp không còn trên máy chủ.") from exc
        extension = attachment.original_name.rsplit(".", 1)[-1].lower()
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=MEDIA_TYPES.get(extension, "application/octet-stream"),
        )
