"""What every API view shares: token before session (so a missing credential answers 401 with a
``WWW-Authenticate: Token`` challenge), the per-user and per-token budgets, the error-aware schema."""

from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError

from api.schema import ApiAutoSchema
from api.throttles import PerTokenThrottle, PerUserThrottle, ScopedThrottle
from reporting.models import ReportingPeriod
from tasks.selectors import current_plan


class ApiViewMixin:
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    throttle_classes = [PerUserThrottle, PerTokenThrottle, ScopedThrottle]
    schema = ApiAutoSchema()

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        # "?year=" used to mean "no filter" for some parameters and an error for others; a client that
        # sends a parameter means something by it, so an empty one is refused like any bad value.
        empty = sorted({key for key, values in request.query_params.lists() if "" in values})
        if empty:
            raise ValidationError(
                {key: [_("Tham số này không được để trống; bỏ hẳn tham số nếu không cần lọc.")] for key in empty}
            )


def period_by_code(code: str) -> ReportingPeriod | None:
    """The period with this code ("2025-H1"), in the current plan when two plans share a code; None if none."""
    periods = ReportingPeriod.objects.filter(code=code).select_related("plan")
    plan = current_plan()
    return (periods.filter(plan=plan).first() if plan else None) or periods.first()


def valid_data(serializer_class, request) -> dict:
    """The request body checked by ``serializer_class`` (400 with a message per field otherwise)."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def requested_period(code: str) -> ReportingPeriod:
    """The period a request body names; a 400 on ``period`` when there is none with that code."""
    period = period_by_code(code)
    if period is None:
        raise ValidationError({"period": [f"Không có kỳ báo cáo {code}."]})
    return period
