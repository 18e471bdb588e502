"""Shared fixtures: the plan loaded once per test database, and the cast of users."""

import contextlib
from pathlib import Path

import pytest

PLAN_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "plan808.yaml"
REORGANISATION_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "reorganisation2025.yaml"
STATISTICS_FILE = PLAN_FILE.parent / "statistics808.yaml"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the plan of Decision 808 and the statistics catalogue once into the test database; tests roll back."""
    from reporting.statfile import load_statistics_file
    from tasks.planfile import load_plan_file

    with django_db_blocker.unblock():
        load_plan_file(PLAN_FILE)
        load_statistics_file(STATISTICS_FILE)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """The cast is made for every test; a real hasher would spend seconds per test. Tests only."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploaded attachments and generated files of a test never land in the project's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _exports_render_in_the_request(settings):
    """Tests read an export's outcome right after asking; the embedded default's background thread
    (EXPORT_RENDER_THREAD) has its own tests in tests/test_export_background.py."""
    settings.EXPORT_RENDER_THREAD = False


@pytest.fixture(autouse=True)
def _session_renewed_once_per_test(settings):
    """A session is renewed (its row written) a minute after the last renewal (SESSION_RENEW_SECONDS):
    a test whose setup outlasts that minute on a loaded machine would count the renewal among a
    page's queries. The tests of the renewal itself set the production minute back."""
    settings.SESSION_RENEW_SECONDS = 24 * 3600


@pytest.fixture(autouse=True)
def _isolated_cache_and_eager_jobs(request):
    """Each test starts with an empty cache; jobs run in-process unless the test drives a real worker.

    CI points the cache at a real Redis (CACHE_URL) and Celery at a real broker (REDIS_URL); a test
    that wants the real broker marks itself ``@pytest.mark.services``.
    """
    from django.core.cache import cache

    from plan808.celery import app

    cache.clear()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = request.node.get_closest_marker("services") is None or eager
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def plan(db):
    from tasks.models import Plan

    return Plan.objects.get(code="808/QĐ-LĐTBXH")


@pytest.fixture
def reorganised(plan):
    """The state since 2025 (fixtures/reorganisation2025.yaml) loaded over the plan, inside the test."""
    from agencies.succession_file import load_succession_file

    load_succession_file(REORGANISATION_FILE)
    return plan


# -- the cast: one user per role, plus a second province for cross-agency stories ----------------

PASSWORD = "Matkhau-Thu-Nghiem-2025"

# role: (username, agency code, roles, extra fields of the user)
CAST = {
    "reviewer": ("reviewer", "cuc-pctnxh", ("reviewer",), {}),
    "hanoi": ("hanoi", "so-ldtbxh-ha-noi", ("provincial_officer",), {}),
    "hcm": ("hcm", "so-ldtbxh-ho-chi-minh", ("provincial_officer",), {}),
    "police": ("police", "bo-cong-an", ("agency_officer",), {}),
    "viewer": ("viewer", "vpcp", ("viewer",), {}),
    "admin": ("admin", None, ("admin",), {"is_staff": True, "is_superuser": True}),
    # Hà Nội's approver alone (the department's director), and an officer of Hà Nội who also approves.
    "approver": ("approver", "so-ldtbxh-ha-noi", ("approver",), {}),
    "hanoi_approver": ("hanoiduyet", "so-ldtbxh-ha-noi", ("provincial_officer", "approver"), {}),
}


def make_user(username: str, agency_code: str | None, *roles: str, **extra):
    from accounts.models import Role, User
    from agencies.models import Agency

    agency = Agency.objects.get(code=agency_code) if agency_code else None
    user = User.objects.create_user(
        username=username, email=f"{username}@example.gov.vn", password=PASSWORD, agency=agency, **extra
    )
    user.roles.set(Role.objects.filter(code__in=roles))
    return user


def make_cast_member(role: str):
    username, agency_code, roles, extra = CAST[role]
    return make_user(username, agency_code, *roles, **extra)


@pytest.fixture
def reviewer(db):
    """A reviewer of Cục Phòng, chống tệ nạn xã hội, the department that monitors the plan."""
    return make_cast_member("reviewer")


@pytest.fixture
def hanoi_officer(db):
    return make_cast_member("hanoi")


@pytest.fixture
def hcm_officer(db):
    return make_cast_member("hcm")


@pytest.fixture
def police_officer(db):
    """An officer of the Ministry of Public Security (Bộ Công an)."""
    return make_cast_member("police")


@pytest.fixture
def viewer(db):
    """A reader at the Government Office."""
    return make_cast_member("viewer")


@pytest.fixture
def admin_user(db):
    return make_cast_member("admin")


# -- the story most reporting tests tell: Hà Nội's half-year report of 2025 ------------------------


@pytest.fixture
def h1(plan):
    """The half-year period of 2025, with every period of the plan made."""
    from tests.reporting_helpers import periods

    return periods(plan)["2025-H1"]


@pytest.fixture
def report(h1, hanoi_officer):
    """Hà Nội's report of ``h1``, started by its officer."""
    from reporting import services

    return services.report_start(agency=hanoi_officer.agency, period=h1, user=hanoi_officer)


@pytest.fixture
def officer_client(client, hanoi_officer):
    """A browser signed in as Hà Nội's officer."""
    client.force_login(hanoi_officer)
    return client


@pytest.fixture
def cast(reviewer, hanoi_officer, hcm_officer, police_officer, viewer, admin_user):
    return {
        "reviewer": reviewer,
        "hanoi": hanoi_officer,
        "hcm": hcm_officer,
        "police": police_officer,
        "viewer": viewer,
        "admin": admin_user,
    }


# -- rows made once for a whole module ------------------------------------------------------------


@contextlib.contextmanager
def rows_for_the_module(django_db_blocker):
    """Rows written inside stay for every test of the module and are rolled back after its last.

    Each test still runs in its own savepoint inside this transaction (pytest-django's ``db``), so
    what a test writes is rolled back before the next one, on SQLite and PostgreSQL alike. Only for
    modules whose tests all want these rows: a test of the module that did not ask for them sees them.
    """
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_cast(django_db_setup, django_db_blocker):
    """The cast made once per module (the primary keys of its users), for modules of many short tests.

    A module opts in by defining ``cast`` as ``fresh_cast(module_cast)``.
    """
    with rows_for_the_module(django_db_blocker):
        yield {role: make_cast_member(role).pk for role in CAST}


def fresh_cast(module_cast: dict) -> dict:
    """The module's cast read again, so that nothing a test did to a user object reaches the next test."""
    from accounts.models import User

    users = User.objects.in_bulk(module_cast.values())
    return {role: users[pk] for role, pk in module_cast.items()}
