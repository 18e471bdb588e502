#!/bin/sh
# What each process of the production shape runs. The Dockerfile, docker-compose.yml and CI's
# production tests (tests/production/conftest.py) all start these, so they run the same thing.
#   deploy/start.sh web      collect static files, migrate, then serve with gunicorn (deploy/gunicorn.conf.py)
#   deploy/start.sh worker   the Celery worker (exports, reminders)
#   deploy/start.sh beat     Celery beat (the schedule in plan808/settings.py)
# PYTHON names the interpreter (default: python on PATH).
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
case "${1:-}" in
  web)
    "$PYTHON" manage.py collectstatic --noinput --verbosity 0
    "$PYTHON" manage.py migrate --noinput
    exec "$PYTHON" -m gunicorn --config deploy/gunicorn.conf.py plan808.wsgi:application
    ;;
  worker)
    exec "$PYTHON" -m celery --app plan808 worker --loglevel "${LOG_LEVEL:-INFO}" \
      --concurrency "${WORKER_CONCURRENCY:-2}"
    ;;
  beat)
    exec "$PYTHON" -m celery --app plan808 beat --loglevel "${LOG_LEVEL:-INFO}" \
      --schedule "${BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}"
    ;;
  *)
    echo "usage: deploy/start.sh web|worker|beat" >&2
    exit 2
    ;;
esac
