"""Writes to the agencies' history that an admin makes: a province's reporting department.

Successions and dates come from the succession file (``agencies.succession_file``) or the admin's
own forms; who may do it is ``accounts.rules`` ("agencies.manage_agencies"), and every write keeps
its reason in the trail (``accounts.history``).
"""

import datetime
import re

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Agency, ReportingDepartment

# A document's symbol after the number: "BC-UBND", "BC-SYT" (Decree 30/2020, Appendix I).
SYMBOL = re.compile(r"[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*")


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


def agency_approval_check(*, requires_approval: bool, issuing_body: str, issuing_symbol: str) -> None:
    """Raise ValidationError (by field) when the approval settings cannot stand."""
    errors: dict[str, list[str]] = {}
    symbol = (issuing_symbol or "").strip()
    if symbol and not SYMBOL.fullmatch(symbol):
        errors["issuing_symbol"] = [_("Ký hiệu viết hoa, các phần nối bằng dấu gạch ngang, ví dụ: BC-UBND.")]
    if (issuing_body or "").strip() and not symbol:
        errors["issuing_symbol"] = [_("Cần ký hiệu báo cáo của cơ quan ban hành, ví dụ: BC-UBND.")]
    if errors:
        raise ValidationError(errors)


def agency_approval_set(
    *, agency: Agency, user, requires_approval: bool, issuing_body: str = "", issuing_symbol: str = ""
) -> Agency:
    """Turn the agency's internal approval step on or off, with the body that issues its reports; audited.

    ``user`` is None only for the command line (the demo seeding); otherwise an admin.
    """
    if user is not None and not rules.has_perm("agencies.manage_agencies", user):
        raise PermissionDenied(_("Chỉ quản trị mới đổi được bước phê duyệt của cơ quan."))
    agency_approval_check(requires_approval=requires_approval, issuing_body=issuing_body, issuing_symbol=issuing_symbol)
    agency.requires_approval = requires_approval
    agency.issuing_body = (issuing_body or "").strip()
    agency.issuing_symbol = (issuing_symbol or "").strip()
    agency._history_user = user
    agency._change_reason = _("Bật phê duyệt nội bộ") if requires_approval else _("Tắt phê duyệt nội bộ")
    agency.save()
    return agency
