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


# Two more generations, for what the pages recompute on every request otherwise (issue 10):
# - REPORTS: a report started, sent, returned, accepted, reopened or deleted, or a sent report
#   changed (a returned one being corrected): the submissions page, the tasks board.
# - STRUCTURE: who must report what (agencies, collectives, successions, reporting departments,
#   responsibilities, tasks, targets, periods): the expected reporters, the list of provinces.
# ``dashboards.apps`` bumps them from the models' signals; bulk loaders that bypass signals call
# ``bump_generation`` themselves, and every entry also expires after TIMEOUT.
REPORTS = "reports"
STRUCTURE = "structure"
TIMEOUT = 15 * 60


def generation(name: str) -> int:
    return cache.get_or_set(f"dashboards:generation:{name}", 1, timeout=None)


def bump_generation(name: str) -> None:
    try:
        cache.incr(f"dashboards:generation:{name}")
    except ValueError:
        cache.set(f"dashboards:generation:{name}", 2, timeout=None)


def bump_now_and_on_commit(name: str) -> None:
    """Bump now (readers in the same transaction, tests) and again after commit, so an entry cached
    between the two from not-yet-committed data is dropped as well."""
    from django.db import transaction

    bump_generation(name)
    transaction.on_commit(lambda: bump_generation(name))


def cached(key: str, compute, *, depends_on: tuple[str, ...], timeout: int = TIMEOUT):
    """``compute()``, kept under ``key`` until one of the generations ``depends_on`` is bumped.

    Only for data that is the same for every user allowed to open the page (the key holds no user):
    anything filtered by the reader's permissions is computed per request, never cached here.
    """
    versions = ":".join(f"{name}{generation(name)}" for name in depends_on)
    full_key = f"dashboards:{versions}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value
