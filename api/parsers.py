"""The API's JSON parser: Vietnamese messages for a body it cannot read, strings in NFC.

DRF's own parser answers an unreadable body in English and lets a deeply nested document
(100,000 "[") escape as a RecursionError, a 500 page in HTML.
"""

import codecs

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.utils import json

from plan808 import text


class NormalizingJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(_("Nội dung gửi lên quá lớn (tối đa %(mb)s MB).") % {"mb": limit // (1024 * 1024)})
        try:
            body = codecs.decode(raw, encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(_("Nội dung không phải văn bản UTF-8.")) from exc
        parse_constant = json.strict_constant if api_settings.STRICT_JSON else None
        try:
            return text.normalize_data(json.loads(body, parse_constant=parse_constant))
        except RecursionError as exc:
            raise ParseError(_("JSON lồng nhau quá nhiều tầng.")) from exc
        except ValueError as exc:
            raise ParseError(_("JSON không hợp lệ: %(error)s.") % {"error": exc}) from exc
