"""DRF permission classes that ask ``accounts.rules``; no rule is written here.

``rules.has_perm`` is called rather than ``user.has_perm`` so that a superuser flag does not grant
what the portal's roles do not (Django's ``has_perm`` says yes to every superuser).
"""

import rules
from rest_framework.permissions import BasePermission


class RulePermission(BasePermission):
    """Allow when the named rule holds for the user (view-level) and for the object (object-level)."""

    perm: str = ""
    object_perm: bool = False

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return self.object_perm or rules.has_perm(self.perm, request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        return rules.has_perm(self.perm, request.user, obj) if self.object_perm else True


def rule(perm: str, *, per_object: bool = False) -> type[RulePermission]:
    """A permission class for ``perm``: ``permission_classes = [rule("reporting.view_dashboard")]``."""
    return type(
        f"Rule_{perm.replace('.', '_')}",
        (RulePermission,),
        {"perm": perm, "object_perm": per_object},
    )
