"""Vietnamese first: the portal speaks Vietnamese unless the user picks English with the switch."""

from django.conf import settings
from django.http import QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from plan808 import text


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


class NormalizeInputMiddleware:
    """Query strings and form fields in NFC before any view reads them (see ``plan808.text``).

    A search typed on a Mac arrives decomposed; without this an NFD "Hà Nội" finds no agency. Query
    strings also lose control characters here, since a search box has no field to show a message
    beside and a NUL would reach the database; form fields keep theirs for the form to refuse.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(not text.is_normalized(v) or text.has_forbidden(v) for v in _values(request.GET)):
            request.GET = _mapped(request.GET, text.printable)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After CsrfViewMiddleware, which has read the form body already, so nothing is parsed twice.
        if request.method == "POST" and request.content_type in FORM_TYPES:
            post = request.POST
            if any(not text.is_normalized(v) for v in _values(post)):
                request.POST = _mapped(post, text.nfc)
        return None


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _values(query: QueryDict):
    for _key, values in query.lists():
        yield from values


def _mapped(query: QueryDict, function) -> QueryDict:
    copy = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        copy.setlist(function(key), [function(v) for v in values])
    copy._mutable = False
    return copy
