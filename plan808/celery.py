"""The Celery app. Jobs live in each app's ``jobs.py`` (``tasks/tasks.py`` would pun on our domain app)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plan808.settings")

app = Celery("plan808")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")
