"""Every write to accounts: create, update, deactivate and reactivate a user (admins only, audited).

A user is never deleted: deactivation keeps their reports, comments and trail, and a user of a
dissolved agency keeps their agency. The history row of each write names who made it and why.
"""

from collections.abc import Iterable

import rules
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.rules import monitors_the_plan
from agencies.models import Agency
from api.services import api_tokens_end

UPDATABLE = ("username", "email", "first_name", "last_name", "agency", "position", "phone")


def _require(user: User, perm: str = "accounts.manage_users") -> None:
    if user is None or not rules.has_perm(perm, user):
        raise PermissionDenied(_("Bạn không có quyền quản lý người dùng."))


def check_roles_fit_agency(*, agency: Agency | None, roles: Iterable[str]) -> None:
    """Raise ValidationError when the roles cannot work for the agency (the roles table of accounts/rules.py)."""
    codes = set(roles)
    errors = []
    if not codes:
        errors.append(_("Chọn ít nhất một vai trò."))
    officer = codes & {Role.Code.PROVINCIAL_OFFICER, Role.Code.AGENCY_OFFICER}
    if officer and agency is None:
        errors.append(_("Cán bộ Sở hoặc cán bộ bộ, ngành phải thuộc một cơ quan."))
    if Role.Code.APPROVER in codes and agency is None:
        errors.append(_("Người phê duyệt phải thuộc cơ quan có báo cáo cần duyệt."))
    if agency is not None:
        dolisa = agency.is_provincial_department
        if Role.Code.PROVINCIAL_OFFICER in codes and not dolisa:
            errors.append(_("Cán bộ Sở phải thuộc một Sở báo cáo cho tỉnh (Sở LĐTBXH, Sở Y tế)."))
        if Role.Code.AGENCY_OFFICER in codes and dolisa:
            errors.append(_("Cán bộ của Sở dùng vai trò “Cán bộ Sở”, không dùng “Cán bộ bộ, ngành, cơ quan”."))
    if Role.Code.REVIEWER in codes and not monitors_the_plan(agency):
        errors.append(_("Cán bộ thẩm định phải thuộc cơ quan theo dõi Kế hoạch."))
    if errors:
        raise ValidationError({"roles": errors})


def _check_unique(*, username: str, email: str, exclude_pk: int | None = None) -> None:
    errors = {}
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    if others.filter(username__iexact=username).exists():
        errors["username"] = _("Tên đăng nhập này đã có người dùng.")
    # Login accepts the email in place of the username, so two accounts must not share one.
    if email and others.filter(email__iexact=email).exists():
        errors["email"] = _("Thư điện tử này đã gắn với một tài khoản khác.")
    if email and others.filter(username__iexact=email).exists():
        errors["email"] = _("Thư điện tử này trùng với tên đăng nhập của một tài khoản khác.")
    if errors:
        raise ValidationError(errors)


def _set_roles(target: User, roles: Iterable[str]) -> None:
    target.roles.set(Role.objects.filter(code__in=set(roles)))
    target.__dict__.pop("_role_codes", None)  # User.role_codes caches per object


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    password: str,
    roles: Iterable[str],
    agency: Agency | None = None,
    first_name: str = "",
    last_name: str = "",
    position: str = "",
    phone: str = "",
    user: User,
) -> User:
    """Create an account with its agency and roles; the admin role also opens the Django admin."""
    _require(user)
    roles = list(roles)
    check_roles_fit_agency(agency=agency, roles=roles)
    _check_unique(username=username, email=email)
    target = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        agency=agency,
        position=position,
        phone=phone,
        is_staff=Role.Code.ADMIN in roles,
    )
    validate_password(password, target)
    target.set_password(password)
    target._history_user = user
    target._change_reason = _("Tạo tài khoản")
    target.save()
    _set_roles(target, roles)
    return target


@transaction.atomic
def user_update(*, target: User, user: User, roles: Iterable[str] | None = None, reason: str = "", **fields) -> User:
    """Change a user's details, agency or roles; fields not given stay as they are."""
    _require(user)
    unknown = set(fields) - set(UPDATABLE)
    if unknown:
        raise TypeError(f"user_update() cannot change {sorted(unknown)}")
    agency = fields.get("agency", target.agency)
    new_roles = list(roles) if roles is not None else list(target.role_codes)
    check_roles_fit_agency(agency=agency, roles=new_roles)
    if target.pk == user.pk and Role.Code.ADMIN in target.role_codes and Role.Code.ADMIN not in new_roles:
        raise ValidationError({"roles": [_("Bạn không thể tự bỏ vai trò quản trị của mình.")]})
    _check_unique(
        username=fields.get("username", target.username), email=fields.get("email", target.email), exclude_pk=target.pk
    )
    for name, value in fields.items():
        setattr(target, name, value)
    target.is_staff = target.is_superuser or Role.Code.ADMIN in new_roles
    target._history_user = user
    target._change_reason = reason or _("Cập nhật thông tin tài khoản")
    target.save()
    if roles is not None and set(new_roles) != set(target.role_codes):
        _set_roles(target, new_roles)
    return target


@transaction.atomic
def user_deactivate(*, target: User, user: User, reason: str = "") -> User:
    """Stop an account from logging in; its sessions end at their next request and its API token now."""
    _require(user)
    if target.pk == user.pk:
        raise ValidationError(_("Bạn không thể tự ngừng kích hoạt tài khoản của mình."))
    if not target.is_active:
        return target
    target.is_active = False
    target._history_user = user
    target._change_reason = reason or _("Ngừng kích hoạt tài khoản")
    target.save(update_fields=["is_active"])
    # Deleted, not merely refused while inactive: a reactivated account starts without an API token.
    api_tokens_end(owner=target, actor=user)
    return target


@transaction.atomic
def user_reactivate(*, target: User, user: User, reason: str = "") -> User:
    _require(user)
    if target.is_active:
        return target
    target.is_active = True
    target._history_user = user
    target._change_reason = reason or _("Kích hoạt lại tài khoản")
    target.save(update_fields=["is_active"])
    return target


def successor_for_officers(agency: Agency) -> Agency:
    """The one agency that took ``agency``'s duties in this plan over, where its officers' accounts go.

    A succession of the plan's duties wins over one of all duties (MOLISA's officers go to the
    Ministry of Health, not to Home Affairs); raise ValidationError when there is none, or several.
    """
    successions = list(agency.successions_out.prefetch_related("successors"))
    plan_only = [s for s in successions if s.scope == s.Scope.PLAN]
    candidates = {a for s in (plan_only or successions) for a in s.successors.all()}
    if not candidates:
        raise ValidationError(_("%(agency)s không có cơ quan kế thừa.") % {"agency": agency.name})
    if len(candidates) > 1:
        raise ValidationError(
            _("%(agency)s có nhiều cơ quan kế thừa (%(names)s): chuyển từng tài khoản ở trang người dùng.")
            % {"agency": agency.name, "names": "; ".join(sorted(a.name for a in candidates))}
        )
    return candidates.pop()


@transaction.atomic
def users_move_to_successor(*, agency: Agency, user: User) -> tuple[Agency, list[User], list[tuple[User, str]]]:
    """Move every account of ``agency`` (ended, with one successor) to its successor; audited per account.

    Returns (the successor, the accounts moved, the accounts left with the reason). An account whose
    roles do not fit the successor (the roles table) stays where it is; its history keeps the old agency.
    """
    _require(user)
    if agency.valid_to is None:
        raise ValidationError(
            _("%(agency)s vẫn đang hoạt động: chỉ chuyển tài khoản của cơ quan đã giải thể.") % {"agency": agency.name}
        )
    successor = successor_for_officers(agency)
    moved, left = [], []
    for target in User.objects.filter(agency=agency).prefetch_related("roles").order_by("username"):
        try:
            check_roles_fit_agency(agency=successor, roles=target.role_codes)
        except ValidationError as exc:
            left.append((target, " ".join(exc.message_dict.get("roles", exc.messages))))
            continue
        target.agency = successor
        target._history_user = user
        target._change_reason = _("Chuyển từ %(old)s sang cơ quan kế thừa %(new)s") % {
            "old": agency.name,
            "new": successor.name,
        }
        target.save(update_fields=["agency"])
        moved.append(target)
    return successor, moved, left


def user_set_demo_account(
    *, username: str, password: str, roles: Iterable[str], agency: Agency | None, superuser: bool = False, **names
) -> tuple[User, bool]:
    """Create or refresh one demo account (``seed_demo_users``, DEMO_MODE only); True when created."""
    if not settings.DEMO_MODE:
        raise PermissionDenied("Tài khoản thử nghiệm chỉ được tạo khi DEMO_MODE bật.")
    target = User.objects.filter(username=username).first()
    created = target is None
    if created:
        target = User(username=username)
    wanted = {
        "email": f"{username}@demo.plan808.local",
        "agency": agency,
        "is_active": True,
        "is_staff": superuser or Role.Code.ADMIN in roles,
        "is_superuser": superuser,
        **names,
    }
    changed = created or any(getattr(target, k) != v for k, v in wanted.items()) or not target.check_password(password)
    if changed:
        for name, value in wanted.items():
            setattr(target, name, value)
        target.set_password(password)
        target._change_reason = "Tài khoản thử nghiệm (seed_demo_users)"
        target.save()
    if set(roles) != set(target.role_codes):
        _set_roles(target, roles)
    return target, created
