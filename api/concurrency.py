"""Optimistic concurrency on reports: the ETag of a report is its version.

A client sends back the version it read, either as ``If-Match: "7"`` or as ``"version": 7`` in the
body; the service refuses the save when the report has moved on (409 with the body version, 412
with If-Match). A write with neither is refused with 428: a silent overwrite is never an option.
"""

from rest_framework.exceptions import ValidationError

from api.exceptions import PreconditionFailed, PreconditionRequired


def etag(report) -> str:
    return f'"{report.version}"'


def if_match_version(request) -> int | None:
    """The version named by If-Match, None when the header is absent or ``*``; 412 when it names none."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    value = header.split(",")[0].strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    if not value.isdigit():
        raise PreconditionFailed()
    return int(value)


def expected_version(request, body_version: int | None) -> int:
    """The version a write expects to replace: If-Match first, else the body's ``version``."""
    header = if_match_version(request)
    if header is not None:
        if body_version is not None and body_version != header:
            raise ValidationError({"version": ["Phiên bản trong nội dung khác với tiêu đề If-Match."]})
        return header
    if body_version is None:
        raise PreconditionRequired()
    return body_version


def check_if_match(request, report) -> None:
    """For workflow actions: when the client names a version, it must still be the report's."""
    header = if_match_version(request)
    if header is not None and header != report.version:
        raise PreconditionFailed()
