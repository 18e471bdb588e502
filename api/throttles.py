"""Request limits per user and per token (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] in settings).

A user who works in the browser and through a script shares one per-user budget; each token has its
own budget on top, so a runaway script is cut off without locking its owner out of the pages for
longer than the user budget says. Writes and export jobs have tighter scoped budgets.
"""

import hashlib

from django.core.exceptions import ImproperlyConfigured
from knox.models import AuthToken
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle


class _LiveRates:
    """Read the rate from settings on each request, so a changed setting applies without a restart of the class."""

    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError as exc:
            raise ImproperlyConfigured(f"No API throttle rate set for scope {self.scope!r}.") from exc


class PerUserThrottle(_LiveRates, UserRateThrottle):
    scope = "user"


class PerTokenThrottle(_LiveRates, UserRateThrottle):
    """Counts the requests made with one API token; requests without a token are not counted here."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, AuthToken):
            return None
        # The stored digest names the token; the key itself is never known after issue.
        ident = hashlib.sha256(request.auth.digest.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ScopedThrottle(_LiveRates, ScopedRateThrottle):
    """``throttle_scope = "report_write"`` on a view (or an action) gives it that budget per user."""
