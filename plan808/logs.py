"""Every log line of a request names its user, beside the request id that django-log-request-id adds."""

import contextlib
import logging

from asgiref.local import Local
from django.core.signals import request_finished
from django.dispatch import receiver

ANONYMOUS = "-"
_current = Local()


class RequestUserMiddleware:
    """After AuthenticationMiddleware: remember who is asking, for the log lines of this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        _current.user = user.get_username() if user is not None and user.is_authenticated else ANONYMOUS
        return self.get_response(request)


@receiver(request_finished)
def _forget_user(**kwargs):
    # Kept until the request is finished, so the request line (logged on the way out) still has it.
    with contextlib.suppress(AttributeError):
        del _current.user


class RequestUserFilter(logging.Filter):
    """Adds ``user`` to each record: the username of the request being served, or "-"."""

    def filter(self, record):
        record.user = getattr(_current, "user", ANONYMOUS)
        return True
