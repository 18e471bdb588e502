"""A form posted twice, identically, is answered once: the second post gets the first one's result.

A double-click on "Lưu và gửi báo cáo" sends the same form twice. The browser drops the first
response and shows the second; run on its own, the second meets the version the first has just
written and would read "saved by someone else", or "this report cannot be changed" once the first
has submitted it. So the first post claims a key made of the user, the path and the whole body (the
version it was opened at included), and runs; an identical post that finds the key waits for the
first one's result and answers with it. The key lives in the shared cache (Redis in production), so
the two posts may land on different gunicorn workers, and for a minute only: a deliberate second
save carries the new version, hence another key.
"""

import functools
import hashlib
import time

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect

PENDING = "pending"
KEEP_SECONDS = 60
WAIT_SECONDS = 30
POLL_SECONDS = 0.1


def _key(request) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.user.pk}\n{request.path}\n".encode())
    for name in sorted(request.POST):
        if name == "csrfmiddlewaretoken":  # masked afresh on every render; the session's token is the same
            continue
        for value in request.POST.getlist(name):
            digest.update(f"{name}={value}\n".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(f"{name}:{upload.name}:{upload.size}\n".encode())
    return f"reporting:post:{digest.hexdigest()}"


def _queued(request) -> list:
    # The messages added while the view ran; the browser never reads the first response's, so the
    # second post carries them. ``_queued_messages`` is the list every Django message storage keeps.
    storage = getattr(request, "_messages", None)
    return list(getattr(storage, "_queued_messages", []))


def _recorded(request, response, before: list) -> dict | None:
    if isinstance(response, HttpResponseRedirect):
        added = _queued(request)[len(before) :]
        return {
            "redirect": response["Location"],
            "messages": [(m.level, str(m.message), m.extra_tags) for m in added],
        }
    if getattr(response, "streaming", False):
        return None
    return {"status": response.status_code, "content": response.content, "content_type": response["Content-Type"]}


def _replay(request, result: dict):
    if "redirect" in result:
        for level, text, extra_tags in result["messages"]:
            messages.add_message(request, level, text, extra_tags=extra_tags)
        return HttpResponseRedirect(result["redirect"])
    return HttpResponse(result["content"], status=result["status"], content_type=result["content_type"])


def _wait_for(key: str) -> dict | None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        result = cache.get(key)
        if result is None:  # the first post failed and let go of the key: this one runs on its own
            return None
        if result != PENDING:
            return result
        time.sleep(POLL_SECONDS)
    return None


def answered_once(view):
    """Decorate a view so that an identical POST by the same signed-in user within a minute gets the first's answer."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST" or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _key(request)
        if not cache.add(key, PENDING, timeout=KEEP_SECONDS):
            result = _wait_for(key)
            if result is not None:
                return _replay(request, result)
            return view(request, *args, **kwargs)
        before = _queued(request)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            cache.delete(key)
            raise
        result = _recorded(request, response, before)
        if result is None:
            cache.delete(key)
        else:
            cache.set(key, result, timeout=KEEP_SECONDS)
        return response

    return wrapper
