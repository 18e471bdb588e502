"""The 400 answer for a request Django refuses before any view runs (a body over the size limit, a
bad host): in Vietnamese, as a page, or as the API's JSON error shape under /api/."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        message = _(
            "Nội dung gửi lên quá lớn (tối đa %(mb)s MB chữ, chưa kể tệp đính kèm) nên chưa được lưu. "
            "Hãy rút gọn phần văn bản dài rồi gửi lại."
        ) % {"mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)}
    elif isinstance(exception, TooManyFieldsSent):
        message = _("Biểu mẫu gửi lên có quá nhiều trường nên chưa được lưu.")
    else:
        message = _("Yêu cầu không hợp lệ.")
    if request.path.startswith("/api/"):
        return JsonResponse({"non_field_errors": [message]}, status=400)
    # A page of its own, not base.html: the request may have been refused before the user was known.
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))
