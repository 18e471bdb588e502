"""What every API view shares: token before session (so a missing credential answers 401 with a
``WWW-Authenticate: Token`` challenge), the per-user and per-token budgets, the error-aware schema."""

from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from api.schema import ApiAutoSchema
from api.throttles import PerTokenThrottle, PerUserThrottle, ScopedThrottle


class ApiViewMixin:
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    throttle_classes = [PerUserThrottle, PerTokenThrottle, ScopedThrottle]
    schema = ApiAutoSchema()
