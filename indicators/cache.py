"""The dashboards' cache generation: bumped when a report is accepted or reopened.

Cached dashboard data keys include the generation, so bumping it makes every cached figure stale
at once without knowing which keys exist.
"""

from django.core.cache import cache

KEY = "dashboards:generation"


def dashboard_generation() -> int:
    return cache.get_or_set(KEY, 1, timeout=None)


def bump_dashboard_generation() -> None:
    """Call after any change that alters accepted figures (accept, reopen, an admin's correction)."""
    try:
        cache.incr(KEY)
    except ValueError:
        cache.set(KEY, 2, timeout=None)
