"""gunicorn's settings for the portal, the one file the Dockerfile, docker-compose.yml and CI start it with.

    gunicorn -c deploy/gunicorn.conf.py plan808.wsgi:application

HOST and PORT say where it listens (the container sets HOST=0.0.0.0); WEB_CONCURRENCY how many
worker processes (about two per core).
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# The consolidated PDF is rendered by the Celery worker, so no request should need more than this.
timeout = 120
graceful_timeout = 30
# Access log to stdout, beside the portal's own log lines; the container's log driver collects both.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
