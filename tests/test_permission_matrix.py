"""Every role against every page and action, generated from the one table in tests/matrix.py."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import fresh_cast
from tests.matrix import LOGIN, REDIRECT, ROLES, ROWS, World

BACKEND = "accounts.backends.UsernameOrEmailBackend"
# Namespaces that belong to libraries, not to the portal's own apps.
FOREIGN_NAMESPACES = {"admin"}


@pytest.fixture
def cast(module_cast, db):
    """The cast is made once for the module's ~800 cases; each case reads it afresh and rolls back its own rows."""
    return fresh_cast(module_cast)


def _cases():
    for matrix_row in ROWS:
        for role in ROLES:
            yield pytest.param(matrix_row, role, id=f"{matrix_row.id}-{role}")


def _resolve(value, world):
    return value(world) if callable(value) else value


def _outcome(response):
    """The status, with a redirect to the login page told apart from any other redirect."""
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        if location.path == reverse(settings.LOGIN_URL) and "next" in parse_qs(location.query):
            return LOGIN
        return REDIRECT
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize(("matrix_row", "role"), list(_cases()))
def test_role_gets_what_the_matrix_says(client, cast, settings, matrix_row, role):
    if matrix_row.name == "health":
        # The matrix asks who may read the page; whether a Celery worker answers its ping is the
        # production tests' question (no worker runs beside the matrix, so the broker checks are off).
        settings.REDIS_URL = ""
    # given the role's user signed in (or nobody, for anon)
    world = World(cast)
    if matrix_row.path:
        url = _resolve(matrix_row.path, world)
    else:
        url = reverse(matrix_row.name, kwargs=_resolve(matrix_row.kwargs, world)) + matrix_row.query
    data = _resolve(matrix_row.data, world) or {}
    if role != "anon":
        client.force_login(cast[role], backend=BACKEND)
    # when it asks for the page or takes the action
    response = getattr(client, matrix_row.method)(url, data)
    # then it gets exactly what the table says
    assert _outcome(response) == matrix_row.expect[role], f"{matrix_row.method.upper()} {url} as {role}"


def _own_modules() -> set[str]:
    """Top-level packages of the project (the portal's own apps and its settings package)."""
    base = Path(settings.BASE_DIR)
    return {p.name for p in base.iterdir() if (p / "__init__.py").exists() and p.name not in {"tests", "bench"}}


def _named_urls(patterns, namespace: str | None, urlconf: str, own: set[str]):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns in FOREIGN_NAMESPACES:
                continue
            full_ns = ":".join(filter(None, [namespace, ns]))
            conf = pattern.urlconf_name
            # include("app.urls") gives the module; include(router.urls) a list, defined where it is included.
            module = conf if isinstance(conf, str) else getattr(conf, "__name__", urlconf)
            yield from _named_urls(pattern.url_patterns, full_ns or None, module, own)
        elif isinstance(pattern, URLPattern) and pattern.name and urlconf.split(".")[0] in own:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_named_url_of_the_portal_has_a_row_in_the_matrix():
    root = get_resolver()
    found = set(_named_urls(root.url_patterns, None, settings.ROOT_URLCONF, _own_modules()))
    covered = {r.name for r in ROWS}
    missing = sorted(found - covered)
    assert not missing, (
        "These pages have no row in tests/matrix.py; add one line per page and action "
        f"saying what each role gets: {missing}"
    )


def test_the_matrix_names_only_urls_that_exist():
    from django.urls import NoReverseMatch

    stale = []
    for matrix_row in ROWS:
        if matrix_row.path:
            continue
        try:
            reverse(matrix_row.name, kwargs=matrix_row.kwargs if isinstance(matrix_row.kwargs, dict) else None)
        except NoReverseMatch:
            if not callable(matrix_row.kwargs):
                stale.append(matrix_row.name)
    assert not stale, f"rows for URL names that do not exist: {stale}"
