"""Reports: what is read (the report with its figures, task progress, workflow steps) and what is written.

Write serializers check only the shape of the JSON (which keys, which JSON types); every rule on
the values (limits, ranges, months of the period, numerator against denominator, what submission
needs) belongs to ``reporting.services`` and comes back from it with the page's messages.
"""

from django.core.validators import ProhibitNullCharactersValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from api.serializers.agencies import AgencyBriefSerializer
from api.serializers.indicators import TargetBriefSerializer
from api.serializers.periods import PeriodBriefSerializer
from reporting import selectors
from reporting.models import (
    Attachment,
    DirectingDocument,
    IndicatorFigure,
    Report,
    ReportEvent,
    SectionComment,
    TaskProgress,
)


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


class FigureSerializer(serializers.ModelSerializer):
    target = TargetBriefSerializer(read_only=True)
    is_filled = serializers.BooleanField(read_only=True)

    class Meta:
        model = IndicatorFigure
        fields = [
            "target",
            "numerator",
            "denominator",
            "yes_no",
            "months",
            "items",
            "note",
            "warning",
            "warning_comment",
            "answer",
            "denominator_answer",
            "answer_reason",
            "planned",
            "source",
            "is_filled",
        ]


class TaskProgressSerializer(serializers.ModelSerializer):
    task = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = TaskProgress
        fields = ["task", "status", "status_display", "results", "difficulties", "proposals"]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "code": {"type": "string"},
                "title": {"type": "string"},
                "group": {"type": "string"},
            },
            "required": ["id", "code", "title", "group"],
        }
    )
    def get_task(self, row: TaskProgress):
        return {"id": row.task.pk, "code": row.task.code, "title": row.task.title, "group": row.task.group.code}


class EventSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()
    action_display = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = ReportEvent
        fields = ["action", "action_display", "from_status", "to_status", "user", "at", "comment"]

    def get_user(self, event: ReportEvent) -> str:
        return _person(event.user)


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = SectionComment
        fields = ["id", "section", "author", "text", "created_at"]

    def get_author(self, comment: SectionComment) -> str:
        return _person(comment.author)


class AttachmentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "original_name", "size", "uploaded_at", "download"]

    def get_download(self, attachment: Attachment) -> str:
        return reverse("api:report-attachment-download", args=[attachment.report_id, attachment.pk])


class ReportSerializer(serializers.ModelSerializer):
    agency = AgencyBriefSerializer(read_only=True)
    period = PeriodBriefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_on_time = serializers.BooleanField(
        read_only=True, allow_null=True, help_text="Gửi lần đầu trước hết ngày hạn (giờ Hà Nội); null khi chưa gửi."
    )
    budget_total = serializers.IntegerField(read_only=True, allow_null=True)
    version = serializers.IntegerField(
        read_only=True, help_text="Tăng mỗi lần lưu; gửi lại khi sửa (hoặc dùng ETag / If-Match)."
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "agency",
            "period",
            "status",
            "status_display",
            "version",
            "is_on_time",
            "results",
            "limitations",
            "causes",
            "directions",
            "proposals",
            "budget_central",
            "budget_local",
            "budget_other",
            "budget_total",
            "dispatch_number",
            "dispatch_date",
            "dispatch_signer",
            "dispatch_signer_position",
            "created_at",
            "updated_at",
            "first_submitted_at",
            "submitted_at",
            "accepted_at",
        ]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = DirectingDocument
        fields = ["number", "issued_on", "summary"]


STATISTIC_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "section": {"type": "string"},
            "label": {"type": "string"},
            "unit": {"type": "string"},
            "aggregation": {"type": "string", "enum": ["sum", "none"]},
            "value": {"type": "integer", "nullable": True},
            "no_answer": {"type": "string", "enum": ["", "no_data", "not_applicable"]},
            "no_answer_reason": {"type": "string"},
            "breakdowns": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "label": {"type": "string"},
                        "value": {"type": "integer", "nullable": True},
                    },
                    "required": ["key", "label", "value"],
                },
            },
        },
        "required": [
            "code",
            "section",
            "label",
            "unit",
            "aggregation",
            "value",
            "no_answer",
            "no_answer_reason",
            "breakdowns",
        ],
    },
}


class ReportDetailSerializer(ReportSerializer):
    figures = FigureSerializer(many=True, read_only=True)
    statistics = serializers.SerializerMethodField(
        help_text="Số liệu thống kê (tình hình, kiểm tra, xử lý, hỗ trợ): tổng số hoặc lý do không có số, và các phần."
    )
    documents = DocumentSerializer(many=True, read_only=True, help_text="Văn bản chỉ đạo ban hành trong kỳ.")
    tasks = TaskProgressSerializer(source="task_progress", many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    comments = CommentSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    missing = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Những gì còn thiếu để gửi được báo cáo (khóa như lỗi khi lưu); rỗng khi đã đủ.",
    )

    class Meta(ReportSerializer.Meta):
        fields = [
            *ReportSerializer.Meta.fields,
            "figures",
            "statistics",
            "tasks",
            "documents",
            "events",
            "comments",
            "attachments",
            "missing",
        ]
        read_only_fields = fields

    @extend_schema_field(STATISTIC_SCHEMA)
    def get_statistics(self, report: Report) -> list:
        lines = [line for _section, group in selectors.report_statistics(report) for line in group]
        return [
            {
                "code": line.item.code,
                "section": line.item.section,
                "label": line.item.label,
                "unit": line.item.unit,
                "aggregation": line.item.aggregation,
                "value": line.value,
                "no_answer": line.total.no_answer if line.total else "",
                "no_answer_reason": line.total.no_answer_reason if line.total else "",
                "breakdowns": [
                    {"key": part["key"], "label": part["label"], "value": value}
                    for part, (_label, value) in zip(line.item.breakdowns, line.parts, strict=True)
                ],
            }
            for line in lines
        ]


# -- writes -----------------------------------------------------------------------------------------


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know, so a misspelt field is an error rather than silently ignored."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: ["Trường này không tồn tại."] for key in unknown})
        return super().to_internal_value(data)


class ReportTextField(serializers.CharField):
    """Report text, whose characters the service checks: it refuses NUL, surrogates and every other
    control character in Vietnamese with the position (``reporting.validation.parse_text``), where
    DRF's own checks would answer first, in English."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v
            for v in self.validators
            if not isinstance(v, ProhibitNullCharactersValidator | ProhibitSurrogateCharactersValidator)
        ]


def _text(help_text: str = "") -> serializers.CharField:
    return ReportTextField(
        required=False, allow_blank=True, allow_null=True, trim_whitespace=False, help_text=help_text
    )


def _count(help_text: str = "") -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=help_text,
        error_messages={
            "invalid": _("Phải là một số nguyên viết bằng chữ số 0-9, ví dụ 1.250.000."),
            "max_string_length": _("Phải là một số nguyên viết bằng chữ số 0-9, ví dụ 1.250.000."),
        },
    )


class FigureInputSerializer(StrictSerializer):
    numerator = _count("Tử số (số nguyên không âm; không lớn hơn mẫu số).")
    denominator = _count("Mẫu số.")
    yes_no = serializers.BooleanField(required=False, allow_null=True, help_text="Có / không (chỉ tiêu 4, 5).")
    months = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        allow_null=True,
        help_text="Các tháng YYYY-MM của kỳ có ít nhất một tin, bài (chỉ tiêu 2a, 2b).",
    )
    items = _count("Số tin, bài.")
    note = _text("Ghi chú.")
    warning_comment = _text("Giải trình khi số liệu có cảnh báo.")
    answer = _text(
        "Trả lời thay cho cả số liệu: no_data (không có số liệu), not_applicable (không áp dụng) hoặc rỗng "
        "(có số liệu). Khi trả lời, không gửi số liệu; tính là thiếu, không phải 0."
    )
    denominator_answer = _text(
        "Chỉ với tỷ lệ: trả lời thay cho mẫu số (no_data, not_applicable hoặc rỗng); tử số vẫn được nhận."
    )
    answer_reason = _text("Lý do không có số liệu hoặc không áp dụng (bắt buộc khi trả lời, để gửi được).")
    planned = serializers.DecimalField(
        max_digits=9,
        decimal_places=1,
        required=False,
        allow_null=True,
        help_text=(
            "Chỉ tiêu kế hoạch năm của đơn vị, theo đơn vị của mục tiêu (%), tối đa một chữ số thập phân. "
            "Đặt ở báo cáo đầu tiên của năm; báo cáo sau trong năm không đổi được (lỗi 400)."
        ),
        error_messages={
            key: _("Phải là một số không âm, tối đa một chữ số sau dấu phẩy, ví dụ 80,5.")
            for key in ("invalid", "max_digits", "max_decimal_places", "max_whole_digits", "max_string_length")
        },
    )
    source = _text("Nguồn thông tin của số liệu (ví dụ: Công an tỉnh), tối đa 200 ký tự.")


class TaskInputSerializer(StrictSerializer):
    status = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="not_started, in_progress, done, not_due."
    )
    results = _text("Kết quả thực hiện, kèm số liệu.")
    difficulties = _text("Khó khăn.")
    proposals = _text("Đề xuất.")


class DocumentInputSerializer(StrictSerializer):
    number = _text("Số, ký hiệu văn bản, ví dụ 12/KH-UBND.")
    issued_on = _text("Ngày ban hành: YYYY-MM-DD hoặc DD/MM/YYYY; không sau hôm nay.")
    summary = _text("Trích yếu nội dung.")


class StatisticInputSerializer(StrictSerializer):
    value = _count("Tổng số (số nguyên không âm); để trống (null) khi chọn no_answer.")
    no_answer = _text("no_data (không có số liệu) hoặc not_applicable (không áp dụng); rỗng khi có số.")
    reason = _text("Lý do không có số liệu (bắt buộc khi chọn no_answer).")
    breakdowns = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        required=False,
        help_text='Các phần "trong đó" theo mã phần: {"nu": 120}.',
    )


class ReportUpdateSerializer(StrictSerializer):
    """A save of a draft or returned report: any subset of the fields; all valid, or nothing is saved."""

    version = serializers.IntegerField(
        required=False, help_text="Phiên bản đang sửa (bắt buộc nếu không gửi tiêu đề If-Match)."
    )
    results = _text("Kết quả đạt được.")
    limitations = _text("Hạn chế, khó khăn.")
    causes = _text("Nguyên nhân của hạn chế.")
    directions = _text("Phương hướng, nhiệm vụ kỳ tới.")
    proposals = _text("Đề xuất, kiến nghị.")
    budget_central = _count("Kinh phí ngân sách trung ương đã chi (đồng).")
    budget_local = _count("Kinh phí ngân sách địa phương đã chi (đồng).")
    budget_other = _count("Kinh phí viện trợ và nguồn hợp pháp khác (đồng).")
    dispatch_number = _text("Số, ký hiệu văn bản, ví dụ 125/BC-UBND.")
    dispatch_date = _text("Ngày văn bản: YYYY-MM-DD hoặc DD/MM/YYYY; không sau hôm nay.")
    dispatch_signer = _text("Người ký.")
    dispatch_signer_position = _text("Chức vụ người ký.")
    figures = serializers.DictField(
        child=FigureInputSerializer(), required=False, help_text='Số liệu theo mã mục tiêu: {"1": {...}}.'
    )
    tasks = serializers.DictField(
        child=TaskInputSerializer(), required=False, help_text='Tiến độ theo mã nhiệm vụ: {"1.1": {...}}.'
    )
    statistics = serializers.DictField(
        child=StatisticInputSerializer(),
        required=False,
        help_text='Số liệu thống kê theo mã chỉ số: {"ban-dam-co-ho-so": {"value": 120, "breakdowns": {"nu": 110}}}.',
    )
    documents = serializers.ListField(
        child=DocumentInputSerializer(),
        required=False,
        max_length=100,
        help_text="Văn bản chỉ đạo ban hành trong kỳ; danh sách gửi lên thay cho danh sách đã lưu ([] để bỏ hết).",
    )


class ReportCreateSerializer(StrictSerializer):
    period = serializers.CharField(help_text="Mã kỳ báo cáo, ví dụ 2025-H1.")
    agency = serializers.IntegerField(required=False, help_text="Đơn vị báo cáo; mặc định là đơn vị của bạn.")


class ReturnSerializer(StrictSerializer):
    comment = ReportTextField(
        required=False, allow_blank=True, help_text="Nội dung yêu cầu bổ sung, chỉnh sửa (bắt buộc)."
    )


class SendBackSerializer(StrictSerializer):
    comment = ReportTextField(
        required=False,
        allow_blank=True,
        help_text="Nội dung cần sửa, bổ sung trước khi trình lại (bắt buộc); cán bộ của đơn vị được báo.",
    )


class ReopenSerializer(StrictSerializer):
    reason = ReportTextField(required=False, allow_blank=True, help_text="Lý do mở lại (bắt buộc).")


class EmptySerializer(StrictSerializer):
    pass


class CommentInputSerializer(StrictSerializer):
    section = serializers.CharField(help_text="figures, tasks, budget, assessment, attachments.")
    text = ReportTextField(allow_blank=True)


class AttachmentInputSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="official_report, spreadsheet, other.")
    file = serializers.FileField(help_text="PDF, JPEG/PNG, XLSX/XLS/ODS; tối đa 20 MB.")
