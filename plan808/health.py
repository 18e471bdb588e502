"""The health endpoint (/suc-khoe/) that a load balancer or monitor polls: 200 when all is well, 500 otherwise.

Checked by django-health-check: the database, the cache, the media storage (write and delete a file)
and, where Celery runs on Redis (REDIS_URL), the broker and a worker that answers a ping. Without
REDIS_URL the jobs run in-process, so there is no broker or worker to check.
"""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from health_check.views import HealthCheckView
from redis.asyncio import Redis


def portal_checks() -> list:
    checks: list = [
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "health_check.checks.Storage",
    ]
    if settings.REDIS_URL:
        broker = settings.REDIS_URL
        checks += [
            ("health_check.contrib.redis.Redis", {"client_factory": lambda: Redis.from_url(broker)}),
            # limit=1: answer as soon as one worker pongs, rather than waiting out the timeout.
            ("health_check.contrib.celery.Ping", {"limit": 1, "timeout": datetime.timedelta(seconds=3)}),
        ]
    return checks


class PortalHealthCheckView(HealthCheckView):
    def get_checks(self):
        # Read at each request, so the checks follow the settings (a test may change REDIS_URL).
        self.checks = portal_checks()
        return super().get_checks()


health = login_not_required(PortalHealthCheckView.as_view())
