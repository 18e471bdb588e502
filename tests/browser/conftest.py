"""Browser tests: Debian's chromium, driven by Playwright, against pytest-django's live server.

What a browser test gets from here:

- ``page``: a new chromium page (1366×768, Vietnamese locale) whose relative URLs go to the live
  server: ``page.goto("/ke-hoach/")``.
- ``login(page, user)``: signs ``user`` in on that page with a real session cookie (no login form,
  so it neither depends on the login page's markup nor counts as an attempt for django-axes).
- ``live_url``: the live server's base URL, for links built by hand.

Mark a module ``pytestmark = pytest.mark.browser``. Without chromium the tests skip; with the CI
environment variable set they fail instead, so that a CI machine without a browser cannot go green.

A test that uses the live server runs on a transactional database, which Django empties when the test
ends. The database is therefore put back, before and after each browser test, to what it held when the
first browser test began (the plan, the roles, anything the session fixtures loaded), so the tests that
run after a browser test find what they expect.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1366, "height": 768}


class _Snapshot:
    """The serialised database and the blocker needed to write it back after a test."""

    data: str | None = None
    blocker = None


@pytest.fixture(scope="session")
def _database_snapshot(django_db_setup, django_db_blocker):
    """Serialise the database once, as the session set it up, and make it the state each browser test starts from."""
    from django.db import connection

    from accounts.models import Role
    from tasks.models import Plan
    from tests.conftest import PLAN_FILE

    with django_db_blocker.unblock():
        if not Plan.objects.exists():  # a transactional test that ran earlier emptied the database
            from tasks.planfile import load_plan_file

            Role.objects.bulk_create([Role(code=code) for code in Role.Code.values], ignore_conflicts=True)
            load_plan_file(PLAN_FILE)
        _Snapshot.data = connection.creation.serialize_db_to_string()
        _Snapshot.blocker = django_db_blocker
    # Django's serialized rollback loads this at the start of each test that asks for it, and the
    # flush at its end then leaves the tables empty rather than re-creating content types under new keys.
    connection._test_serialized_contents = _Snapshot.data
    return _Snapshot


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the flush that ends a browser test, write the snapshot back for whatever test comes next."""
    result = yield
    if "_database_snapshot" in getattr(item, "fixturenames", ()) and _Snapshot.data is not None:
        from django.db import connection

        with _Snapshot.blocker.unblock():
            connection.creation.deserialize_db_from_string(_Snapshot.data)
    return result


@pytest.fixture
def chromium(monkeypatch):
    """Debian's chromium, launched for one test.

    Playwright's sync API runs an event loop in this thread for as long as it is started, and Django
    refuses ORM calls while a loop runs. The calls a test makes between two page actions are plain
    synchronous calls, so Django is told to allow them, for this test only; and the browser stops
    before the test's database teardown, which then runs with Django's guard back in place.
    """
    executable = shutil.which("chromium")
    if executable is None:
        message = "Debian's chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI is set, so the browser tests must run", pytrace=False)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # ORM calls made while Playwright runs open their own database connection (Playwright's
        # greenlet has its own context, so Django's per-context connections differ); close it, or
        # PostgreSQL refuses to drop the test database at the end of the session.
        connections.close_all()


@pytest.fixture
def live_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def page(_database_snapshot, django_db_serialized_rollback, live_server, chromium):
    """A fresh page in its own browser context (own cookies), pointed at the live server."""
    context = chromium.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="vi-VN")
    context.set_default_timeout(15_000)
    browser_page = context.new_page()
    yield browser_page
    context.close()


@pytest.fixture
def login(live_server):
    """``login(page, user)``: sign ``user`` in on ``page`` as if they had used the login form."""
    from django.conf import settings
    from django.test import Client

    def sign_in(browser_page, user):
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        browser_page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url, "httpOnly": True}]
        )
        return browser_page

    return sign_in
