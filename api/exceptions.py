"""JSON errors for the API: what the services raise, turned into the status a client can act on.

- ``django.core.exceptions.ValidationError`` (a service refusing input): 400, one list of messages
  per field, the same shape DRF gives for serializer errors, so a client handles one format;
- ``reporting.services.StaleReportError`` (someone saved the report after the client read it): 409,
  or 412 when the client sent ``If-Match`` (see ``api.concurrency``);
- PermissionDenied and Http404 are DRF's own (403 and 404).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from reporting.services import StaleReportError

NOT_FOUND = _("Không có, hoặc bạn không được biết là có.")


class StaleWrite(exceptions.APIException):
    """The report changed since the client read it."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Báo cáo đã được người khác lưu sau khi bạn mở. Hãy tải lại rồi nhập lại thay đổi.")
    default_code = "stale_version"


class PreconditionFailed(StaleWrite):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Cần gửi phiên bản báo cáo đang sửa: trường “version” hoặc tiêu đề If-Match, để không ghi đè thay đổi của người khác."
    )
    default_code = "precondition_required"


def validation_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError in DRF's error shape: {field: [messages]}; field-less ones under non_field_errors."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: list(error.messages)}
    detail = {}
    for field, errors in error.message_dict.items():
        detail[api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field] = list(errors)
    return detail


def api_exception_handler(exc, context):
    if isinstance(exc, Http404) and "matches the given query" in str(exc):
        # get_object_or_404's English sentence names the model; the API says the same thing for
        # what does not exist and what the client may not see.
        exc = exceptions.NotFound(NOT_FOUND)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_detail(exc))
    if isinstance(exc, StaleReportError):
        request = context.get("request")
        conditional = request is not None and request.headers.get("If-Match")
        # The service's message says which version is saved and which the client sent.
        exc = PreconditionFailed(str(exc)) if conditional else StaleWrite(str(exc))
    if isinstance(exc, exceptions.ParseError):
        # A body that cannot be read answers in the documented 400 shape, like any other bad input.
        exc = exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(exc.detail)]})
    if isinstance(exc, exceptions.ValidationError):
        exc = exceptions.ValidationError(flatten(exc.detail))
    return exception_handler(exc, context)


def flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as one level of dotted keys, the shape the services use:
    {"figures": {"1": {"numerator": [...]}}} -> {"figures.1.numerator": [...]}."""
    if not isinstance(detail, dict):
        messages = detail if isinstance(detail, list) else [detail]
        if messages and all(not isinstance(m, dict | list) for m in messages):
            return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in messages]}
        flat = {}
        for index, item in enumerate(messages):
            flat.update(flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    flat = {}
    for key, value in detail.items():
        flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat
