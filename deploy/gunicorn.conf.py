"""gunicorn's settings for the portal, the one file the Dockerfile, docker-compose.yml and CI start it with.

    gunicorn -c deploy/gunicorn.conf.py plan808.wsgi:application

HOST and PORT say where it listens (the container sets HOST=0.0.0.0); WEB_CONCURRENCY how many
worker processes (by default three per core), WEB_THREADS the threads of each (2), WEB_KEEPALIVE how long an
idle connection is kept (seconds).
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Three processes per core, two threads each: 6 on the two cores the portal is sized for. A process
# runs Python on one core at a time (the GIL), and with keep-alive each user's connection stays with
# the process that accepted it, so with few processes one of them gets more busy users than it can
# serve while another idles. On the deadline-day bench (bench/README.md, quiet machine, same code)
# 3 processes of 4 threads gave a client p95 of 2.3 s, 6 of 2 gave 0.55 s, for the same CPU per
# request; each process holds its own database connections (one per thread) and about 100 MB.
workers = int(os.environ.get("WEB_CONCURRENCY", str(3 * (os.cpu_count() or 1))))
# gthread: each worker process serves requests on a few threads (a request waiting on PostgreSQL
# does not hold the whole process) and keeps a user's connection open between their requests.
# The server's keep-alive outlasts a client's or proxy's idle connection (nginx's upstream default
# is 60 s), so the client is the side that closes an idle connection: a server that closes first
# races the client's next request on it, which then meets a reset (gunicorn's default is 2 s, shorter
# than a reader's pause between two pages). Idle connections wait in the worker's poller, not on a
# thread. The deadline-day figures behind this choice are in bench/README.md.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "2"))
keepalive = int(os.environ.get("WEB_KEEPALIVE", "75"))
# The consolidated PDF is rendered by the Celery worker, so no request should need more than this.
timeout = 120
graceful_timeout = 30
# Access log to stdout, beside the portal's own log lines; the container's log driver collects both.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def post_worker_init(worker):
    """Load the URLconf, the translations and the page frame before the worker takes a request.

    Django reads the URLconf (every view module), builds its table of URL names for each language,
    reads the translation catalogues, finds the template tag libraries and compiles a template
    lazily: without this, the first request each worker serves after a start costs about 0.4 s of
    CPU more, which its user waits for (6 workers: 6 such requests).
    """
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver, reverse
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports every urls.py and the views they name)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            reverse("login")  # the names' table of this language, and its catalogue
    for name in ("base.html", "registration/login.html"):  # every page's frame; the first page of a day
        get_template(name)
