"""Export jobs: ask for a PDF or Excel file, poll the job, download the file (exports.services renders it)."""

import rules
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response

from agencies.models import Agency
from api.serializers.exports import ExportJobSerializer, ExportRequestSerializer
from api.views.base import ApiViewMixin, requested_period, valid_data
from exports import selectors as export_selectors
from exports.forms import ExportRequestForm
from exports.models import ExportJob
from exports.services import DISPATCH_FIELDS, export_request


class NotReady(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Tệp chưa sẵn sàng: công việc đang chờ, đang chạy hoặc bị lỗi (xem status, error)."
    default_code = "not_ready"


@extend_schema_view(
    list=extend_schema(summary="Các yêu cầu xuất tệp bạn được theo dõi"),
    retrieve=extend_schema(summary="Trạng thái một yêu cầu xuất tệp (hỏi lại cho đến khi done hoặc failed)"),
)
class ExportViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExportJobSerializer
    filterset_fields = ["status", "kind"]
    ordering_fields = ["created_at", "finished_at"]
    ordering = ["-created_at"]
    extra_errors = {"download": {"409": ("ErrorDetail", "Tệp chưa sẵn sàng (đang chờ, đang tạo hoặc bị lỗi).")}}

    def get_queryset(self):
        return export_selectors.visible_jobs(self.request.user)

    def get_throttles(self):
        self.throttle_scope = "export" if self.action == "create" else None
        return super().get_throttles()

    @extend_schema(
        summary="Yêu cầu xuất báo cáo PDF hoặc bảng Excel; tệp được tạo ở nền",
        request=ExportRequestSerializer,
        responses={202: OpenApiResponse(ExportJobSerializer, description="Đã nhận yêu cầu; hỏi lại theo id.")},
    )
    def create(self, request) -> Response:
        data = valid_data(ExportRequestSerializer, request)
        period = requested_period(data["period"])
        agency = None
        if data.get("agency") is not None:
            agency = Agency.objects.filter(pk=data["agency"]).first()
            if agency is None:
                raise ValidationError({"agency": ["Không có đơn vị này."]})
        job = export_request(
            user=request.user,
            kind=data["kind"],
            period=period,
            agency=agency,
            include_submitted=data["include_submitted"],
            dispatch=_dispatch(request.user, data, period),
        )
        response = Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
        response["Location"] = request.build_absolute_uri(f"{job.pk}/")
        return response

    @extend_schema(
        summary="Tải tệp đã tạo",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="Tệp PDF."),
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Tệp Excel."
            ),
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None) -> FileResponse:
        job = self.get_object()
        if not rules.has_perm("exports.download_export", request.user, job):
            raise PermissionDenied()
        if job.status != ExportJob.Status.DONE or not job.file:
            raise NotReady()
        content_type = "application/pdf" if job.filename.endswith(".pdf") else ExportJobSerializer.XLSX_TYPE
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=content_type)


def _dispatch(user, data: dict, period) -> dict:
    """The signature and dispatch block of a consolidated report, checked by the export page's own form
    (number and date required, lengths, a signer among the issuing body's people); the service then
    checks the rest as for the page. Only for who may export it: anyone else is refused by the service."""
    if data["kind"] != ExportJob.Kind.PDF_CONSOLIDATED or not rules.has_perm("reporting.export", user):
        return {}
    values = {name: data.get(name) for name in DISPATCH_FIELDS}
    form = ExportRequestForm(
        data={
            "kind": data["kind"],
            "period": period.pk,
            "include_submitted": data["include_submitted"],
            **{name: "" if value is None else value for name, value in values.items()},
            "dispatch_date": values["dispatch_date"].isoformat() if values["dispatch_date"] else "",
            "signs_on_behalf": bool(values["signs_on_behalf"]),
        },
        user=user,
    )
    if not form.is_valid():
        raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
    return form.dispatch()
