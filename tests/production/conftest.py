"""The production shape, started for real: what an operator runs, on this machine.

``production_portal`` (session scope) does what deploy/start.sh and the README's deployment steps do,
against the real PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), with DEBUG and DEMO_MODE off:

1. a database of its own, ``<name of DATABASE_URL's database>_prod`` (CI's plan808_ci gives
   plan808_ci_prod, a developer's plan808_h1 gives plan808_h1_prod), dropped and made anew; Redis
   databases of their own (REDIS_URL's number + 2 for the broker, + 3 for the cache, or
   PRODUCTION_REDIS_URL and the number after it), emptied, so the test session's own worker tests
   and cache never meet it;
2. migrate, load_plan, load_statistics, make_periods, then the demo accounts and demo reports (DEMO_MODE=1 for those
   two commands only: the README's accounts, so a journey can log in as each role);
3. ``deploy/start.sh web`` (collectstatic with DEBUG off, migrate, gunicorn with
   deploy/gunicorn.conf.py), ``deploy/start.sh worker`` and ``deploy/start.sh beat``;
4. waits until /suc-khoe/ answers 200 (database, cache, broker and a worker's heartbeat all well),
   and stops the three processes when the session ends.

What a test gets: ``base_url`` (``http://127.0.0.1:<port>``, no trailing slash), ``password`` (the
demo accounts' password), ``media_root`` (the uploaded files' folder, a Path), ``static_root``,
``database_url`` and ``env`` (the environment the processes run with, for a management command a
test wants to run against the same portal), and ``logs`` (the folder of the processes' logs).

The port is PRODUCTION_PORT, or a free one. Without PostgreSQL and Redis the tests skip on a
developer's machine and fail where CI is set, as tests/test_celery_worker.py does.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
HEALTH_PATH = "/suc-khoe/"
START_SECONDS = 240


@dataclass
class ProductionPortal:
    base_url: str
    password: str
    media_root: Path
    static_root: Path
    database_url: str
    env: dict = field(repr=False)
    logs: Path = field(repr=False)

    def manage(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        """Run ``manage.py *args`` against this portal (its database, media and settings)."""
        return _manage(args, {**self.env, **env}, self.logs / "manage.log")


def _services_or_skip() -> tuple[str, str]:
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    missing = [
        name
        for name, ok in (("DATABASE_URL=postgres://…", database_url.startswith("postgres")), ("REDIS_URL", redis_url))
        if not ok
    ]
    if missing:
        message = "Cần PostgreSQL và Redis thật để chạy cổng như môi trường thật: thiếu " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return database_url, redis_url


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def _redis_urls(redis_url: str) -> tuple[str, str]:
    """The broker's and the cache's Redis URLs: two databases no other test uses."""
    broker = os.environ.get("PRODUCTION_REDIS_URL")
    if not broker:
        number = int(urlsplit(redis_url).path.strip("/") or 0)
        broker = _with_path(redis_url, f"/{number + 2}")
    number = int(urlsplit(broker).path.strip("/") or 0)
    return broker, _with_path(broker, f"/{number + 1}")


def _fresh_database(database_url: str, suffix: str = "_prod") -> str:
    """Drop and create an empty ``<name><suffix>`` beside the database of ``database_url``; return its URL."""
    import psycopg

    name = urlsplit(database_url).path.strip("/") + suffix
    with psycopg.connect(_with_path(database_url, "/postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return _with_path(database_url, f"/{name}")


def _free_port() -> int:
    if os.environ.get("PRODUCTION_PORT"):
        return int(os.environ["PRODUCTION_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def _manage(args, env: dict, log: Path) -> subprocess.CompletedProcess:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{_tail(log)}", pytrace=False)
    return result


def _get_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own http URL
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def _stop(processes: dict[str, subprocess.Popen]) -> None:
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    for process in processes.values():
        try:
            process.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def production_portal(tmp_path_factory):
    database_url, redis_url = _services_or_skip()
    from accounts.management.commands.seed_demo_users import DEMO_PASSWORD

    root = tmp_path_factory.mktemp("production")
    media_root, static_root, logs = root / "media", root / "static", root / "logs"
    for folder in (media_root, static_root, logs):
        folder.mkdir()
    broker_url, cache_url = _redis_urls(redis_url)
    import redis

    for url in (broker_url, cache_url):
        redis.Redis.from_url(url).flushdb()
    prod_database_url = _fresh_database(database_url)
    port = _free_port()

    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "PYTEST_", "CELERY_")) and name not in {"DEBUG", "DEMO_MODE"}
    }
    env.update(
        DEBUG="0",
        DEMO_MODE="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=prod_database_url,
        REDIS_URL=broker_url,
        CACHE_URL=cache_url,
        MEDIA_ROOT=str(media_root),
        STATIC_ROOT=str(static_root),
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY=env.get("WEB_CONCURRENCY", "2"),
        WORKER_CONCURRENCY="1",
        BEAT_SCHEDULE_FILE=str(root / "celerybeat-schedule"),
        PORTAL_BASE_URL=f"http://127.0.0.1:{port}",
        PYTHON=sys.executable,
        PYTHONUNBUFFERED="1",
    )
    setup_log = logs / "setup.log"
    _manage(["migrate", "--noinput"], env, setup_log)
    _manage(["load_plan", "fixtures/plan808.yaml"], env, setup_log)
    _manage(["load_successions", "fixtures/reorganisation2025.yaml"], env, setup_log)
    _manage(["load_statistics", "fixtures/statistics808.yaml"], env, setup_log)
    _manage(["make_periods"], env, setup_log)
    # The demo accounts and reports, as `make run` makes them; DEMO_MODE only for these two commands.
    _manage(["seed_demo_users"], {**env, "DEMO_MODE": "1"}, setup_log)
    _manage(["seed_demo"], {**env, "DEMO_MODE": "1"}, setup_log)

    processes: dict[str, subprocess.Popen] = {}
    try:
        for role in ("web", "worker", "beat"):
            out = (logs / f"{role}.log").open("w", encoding="utf-8")
            processes[role] = subprocess.Popen(  # noqa: S603 - the repository's own start script
                [shutil.which("sh") or "/bin/sh", str(BASE_DIR / "deploy" / "start.sh"), role],
                cwd=BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so stopping it stops gunicorn's workers too
            )
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_SECONDS
        status = None
        while time.monotonic() < deadline:
            dead = [role for role, process in processes.items() if process.poll() is not None]
            if dead:
                pytest.fail(
                    f"{', '.join(dead)} stopped while starting:\n"
                    + "\n".join(f"--- {role}.log\n{_tail(logs / f'{role}.log')}" for role in dead),
                    pytrace=False,
                )
            status = _get_status(base_url + HEALTH_PATH)
            if status == 200:
                break
            time.sleep(1)
        else:
            pytest.fail(
                f"the portal was not healthy within {START_SECONDS} s (last answer: {status}):\n"
                + "\n".join(f"--- {role}.log\n{_tail(logs / f'{role}.log')}" for role in processes),
                pytrace=False,
            )
        yield ProductionPortal(
            base_url=base_url,
            password=DEMO_PASSWORD,
            media_root=media_root,
            static_root=static_root,
            database_url=prod_database_url,
            env=env,
            logs=logs,
        )
    finally:
        _stop(processes)
