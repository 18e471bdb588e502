"""Vietnamese first: the portal speaks Vietnamese unless the user picks English with the switch."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is ignored.

    An official's office PC often runs an English Windows and browser; they still read the portal,
    its numbers (1.234,5) and its dates (20/06/2025) in Vietnamese. Only the language switch,
    which sets the language cookie, changes it.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
