"""Writes to the agencies' history that an admin makes: a province's reporting department.

Successions and dates come from the succession file (``agencies.succession_file``) or the admin's
own forms; who may do it is ``accounts.rules`` ("agencies.manage_agencies"), and every write keeps
its reason in the trail (``accounts.history``).
"""

import datetime

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Agency, ReportingDepartment


def reporting_department_check(
    *, province: Agency | None, department: Agency | None, valid_from: datetime.date | None, reason: str
) -> None:
    """Raise ValidationError (by field) when the choice cannot stand."""
    errors: dict[str, list[str]] = {}
    if province is not None and province.kind != Agency.Kind.PROVINCIAL_COMMITTEE:
        errors.setdefault("province", []).append(_("Chọn Ủy ban nhân dân một tỉnh, thành phố."))
    if province is not None and valid_from is not None and not province.exists_on(valid_from):
        errors.setdefault("valid_from", []).append(
            _("Tỉnh, thành phố này không tồn tại vào ngày %(day)s.") % {"day": f"{valid_from:%d/%m/%Y}"}
        )
    if department is not None and valid_from is not None and not department.exists_on(valid_from):
        errors.setdefault("department", []).append(
            _("Cơ quan này không hoạt động vào ngày %(day)s.") % {"day": f"{valid_from:%d/%m/%Y}"}
        )
    if department is not None and department.kind == Agency.Kind.PROVINCIAL_COMMITTEE:
        errors.setdefault("department", []).append(_("Chọn một sở, ngành báo cáo, không chọn Ủy ban nhân dân."))
    if not (reason or "").strip():
        errors.setdefault("reason", []).append(_("Ghi lý do (ví dụ số và ngày của quyết định giao nhiệm vụ)."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def reporting_department_set(
    *, province: Agency, department: Agency, valid_from: datetime.date, reason: str, user, instance=None
) -> ReportingDepartment:
    """From ``valid_from``, ``department`` reports for ``province``; audited with ``reason``."""
    if user is None or not rules.has_perm("agencies.manage_agencies", user):
        raise PermissionDenied(_("Bạn không có quyền quản lý cơ quan."))
    reporting_department_check(province=province, department=department, valid_from=valid_from, reason=reason)
    row = instance or ReportingDepartment()
    row.province, row.department, row.valid_from, row.reason = province, department, valid_from, reason.strip()
    row._history_user = user
    row._change_reason = reason.strip()
    row.save()
    return row
