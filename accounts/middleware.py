"""A signed-in session's two limits: idle (renewed at most once a minute) and absolute (ASVS 7.3.2)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

SIGNED_IN_AT_KEY = "signed_in_at"
RENEWED_AT_KEY = "renewed_at"


@receiver(user_logged_in, dispatch_uid="accounts.session_clocks")
def start_session_clocks(sender, request, user, **kwargs) -> None:
    """Both clocks start at sign-in, written with the session the sign-in saves anyway: the pages
    that follow within SESSION_RENEW_SECONDS write nothing."""
    if getattr(request, "session", None) is not None:
        now = time.time()
        request.session[SIGNED_IN_AT_KEY] = now
        request.session[RENEWED_AT_KEY] = now


class AbsoluteSessionLifetimeMiddleware:
    """End a session SESSION_MAX_HOURS after sign-in, however active it has been, and renew its idle
    limit (SESSION_COOKIE_AGE) when SESSION_RENEW_SECONDS have passed since the last renewal.

    Renewing on every request (SESSION_SAVE_EVERY_REQUEST) would write the session row on every page,
    reads included: on a deadline day that write is most of what a page waits for. Renewed at most
    once a minute, a session still ends after SESSION_COOKIE_AGE of inactivity, give or take that
    minute. The idle limit alone would let a session used now and then (or a stolen cookie replayed)
    live for ever, hence the absolute one: its clock starts at the first request of a signed-in
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
            elif now - request.session.get(RENEWED_AT_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                # A changed session is saved with a fresh expiry and its cookie is sent again.
                request.session[RENEWED_AT_KEY] = now
        return self.get_response(request)
