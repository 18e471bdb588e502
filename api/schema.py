"""OpenAPI: every operation documents the errors the API answers with, in the two JSON shapes it uses."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

DETAIL = {
    "type": "object",
    "description": "Lỗi chung: thông báo bằng tiếng Việt trong `detail`.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Lỗi dữ liệu: mỗi trường sai một danh sách thông báo; trường lồng nhau (figures, tasks) "
    "lồng theo mã mục tiêu hoặc mã nhiệm vụ; lỗi không thuộc trường nào nằm ở `non_field_errors`.",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object", "additionalProperties": True}]
    },
}

GENERIC = {
    "400": ("ValidationErrors", "Dữ liệu hoặc tham số không hợp lệ (thông báo theo từng trường)."),
    "401": ("ErrorDetail", "Chưa đăng nhập, hoặc khóa API sai hay đã bị thu hồi."),
    "403": ("ErrorDetail", "Vai trò của bạn không được làm việc này."),
    "404": ("ErrorDetail", "Không có, hoặc bạn không được biết là có."),
    "414": (None, "Địa chỉ (URL) quá dài: máy chủ web từ chối trước khi yêu cầu tới cổng."),
    "429": ("ErrorDetail", "Quá nhiều yêu cầu; thử lại sau số giây trong tiêu đề Retry-After."),
}
WRITES = {
    "415": ("ErrorDetail", "Kiểu nội dung không được hỗ trợ; gửi application/json."),
}
CONCURRENCY = {
    "409": ("ErrorDetail", "Báo cáo đã được người khác lưu sau phiên bản bạn gửi (trường version)."),
    "412": ("ErrorDetail", "Báo cáo đã thay đổi so với ETag gửi trong If-Match."),
    "428": ("ErrorDetail", "Thiếu phiên bản: gửi trường version hoặc tiêu đề If-Match."),
}


class ApiAutoSchema(AutoSchema):
    """Adds the API's error responses to each operation; a view adds its own in ``extra_errors``
    ({action: {status: (component, description)}})."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        errors = dict(GENERIC)
        if self.method in {"POST", "PUT", "PATCH"}:
            errors.update(WRITES)
        if self._is_concurrency_checked():
            errors.update(CONCURRENCY)
        action = getattr(self.view, "action", None)
        errors.update(getattr(self.view, "extra_errors", {}).get(action, {}))
        responses = operation.setdefault("responses", {})
        for status, (component, description) in errors.items():
            if status in responses:
                continue
            responses[status] = {"description": description}
            if component is not None:
                responses[status]["content"] = {"application/json": {"schema": self._error_ref(component)}}
        return operation

    def _is_concurrency_checked(self) -> bool:
        action = getattr(self.view, "action", None)
        return action in getattr(self.view, "concurrency_checked_actions", ())

    def _error_ref(self, name: str) -> dict:
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=name,
            schema=DETAIL if name == "ErrorDetail" else FIELD_ERRORS,
        )
        self.registry.register_on_missing(component)
        return component.ref
