"""DRF permission classes that ask ``accounts.rules``; no rule is written here.

They call ``rules.has_perm(perm, user, obj)``, the one spelling the portal uses for its own
permissions; a superuser flag grants nothing the roles do not (see ``User.has_perm``).
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
