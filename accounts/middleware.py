"""The absolute lifetime of a signed-in session, besides the idle limit (ASVS 7.3.2)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

SIGNED_IN_AT_KEY = "signed_in_at"


class AbsoluteSessionLifetimeMiddleware:
    """End a session SESSION_MAX_HOURS after sign-in, however active it has been.

    The idle limit renews the cookie on every request, so a session used now and then (or a stolen
    cookie replayed) would live for ever. The clock starts at the first request of a signed-in
    session and lives in the session itself, where the client cannot move it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SIGNED_IN_AT_KEY, now)
            if now - started > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                messages.info(request, _("Phiên làm việc đã quá thời hạn tối đa; vui lòng đăng nhập lại."))
        return self.get_response(request)
