"""Log in with a username or an email address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


def resolve_login(written: str):
    """The one account a login names (its username or email, any case, spaces around ignored), or None."""
    written = (written or "").strip()
    if not written:
        return None
    users = get_user_model()._default_manager.filter(Q(username__iexact=written) | Q(email__iexact=written))
    matches = list(users[:2])
    return matches[0] if len(matches) == 1 else None


def lockout_username(request, credentials) -> str:
    """What django-axes counts failures against: the account the login resolves to, whatever was typed.

    Without it ``botuphap``, ``BOTUPHAP``, `` botuphap`` and the email each had their own five tries.
    A name that matches no account is counted folded the same way, so variants of it share one count too.
    """
    written = (credentials or {}).get("username")
    if written is None:
        written = getattr(request, "POST", {}).get("username", "")
    user = resolve_login(written)
    return user.username if user is not None else (written or "").strip().casefold()


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        user = resolve_login(username)
        if user is None:
            # Run the hasher anyway so that timing does not tell which names exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
