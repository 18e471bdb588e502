"""gunicorn's settings for the portal, the one file the Dockerfile, docker-compose.yml and CI start it with.

    gunicorn -c deploy/gunicorn.conf.py plan808.wsgi:application

HOST and PORT say where it listens (the container sets HOST=0.0.0.0); WEB_CONCURRENCY how many
worker processes (by default one per core plus one), WEB_THREADS the threads of each, WEB_KEEPALIVE how long an
idle connection is kept (seconds).
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# One process per core, plus one to use a core while another process waits on PostgreSQL: 3 on the
# two cores the portal is sized for. More processes than that only share the same cores (the
# deadline-day bench: 5 sync workers saturated two cores at 11.8 requests/s) and each holds its
# own database connection; the threads below carry the waiting.
workers = int(os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) + 1)))
# gthread: each worker process serves requests on a few threads (a request waiting on PostgreSQL
# does not hold the whole process) and keeps a user's connection open between their requests.
# The server's keep-alive outlasts a client's or proxy's idle connection (nginx's upstream default
# is 60 s), so the client is the side that closes an idle connection: a server that closes first
# races the client's next request on it, which then meets a reset (gunicorn's default is 2 s, shorter
# than a reader's pause between two pages). Idle connections wait in the worker's poller, not on a
# thread. The deadline-day figures behind this choice are in bench/README.md.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
keepalive = int(os.environ.get("WEB_KEEPALIVE", "75"))
# The consolidated PDF is rendered by the Celery worker, so no request should need more than this.
timeout = 120
graceful_timeout = 30
# Access log to stdout, beside the portal's own log lines; the container's log driver collects both.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
