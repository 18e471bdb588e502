"""Pages of 50: a page number that is not a whole number from 1 is bad input (400), a page past the
last is not found (404), both in Vietnamese."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    invalid_page_message = _("Không có trang {page_number}.")

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise ValidationError({self.page_query_param: [_("Số trang là một số nguyên từ 1 trở lên.")]})
        return int(raw)
