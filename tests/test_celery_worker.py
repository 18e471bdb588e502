"""A real Celery worker on the real Redis broker renders a PDF job that the portal queued.

The worker is a separate process (``celery -A plan808 worker --pool=solo``) on the same PostgreSQL
test database, so the rows it reads must be committed: the test is transactional. Without Redis and
PostgreSQL it is skipped on a developer's machine and fails in CI (``CI`` set), never passes silently.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from agencies.models import Agency
from exports.models import ExportJob
from exports.services import export_request
from reporting.demo import fill_period
from tests import factories as f
from tests.conftest import make_user
from tests.test_reminders_concurrency import restore_plan_after_flush  # noqa: F401 - a fixture

WAIT_SECONDS = 240


def _services_or_skip() -> str:
    redis_url = os.environ.get("REDIS_URL", "")
    database_url = os.environ.get("DATABASE_URL", "")
    missing = [
        name
        for name, ok in (("REDIS_URL", redis_url), ("DATABASE_URL=postgres://…", database_url.startswith("postgres")))
        if not ok
    ]
    if missing:
        message = "Cần Redis và PostgreSQL thật: thiếu " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return redis_url


def _test_database_url() -> str:
    """The URL of the test database this process uses (test_<name>), for the worker to use the same."""
    s = connection.settings_dict
    user = quote(s.get("USER") or "")
    password = f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_plan_after_flush")
def test_a_real_worker_renders_a_queued_pdf_job(tmp_path):
    redis_url = _services_or_skip()
    assert connection.vendor == "postgresql"
    from plan808.celery import app
    from tasks.models import Plan

    assert not app.conf.task_always_eager, "a services test must use the real broker"
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media

    # Given a period with a few reports, committed, and a worker on the same database and broker
    plan = Plan.objects.get(code="808/QĐ-LĐTBXH")
    period = f.period(plan, "2025-H1")
    fill_period(period, only_codes=frozenset({"so-ldtbxh-ha-noi", "bo-cong-an"}))
    admin = make_user("admin-worker", None, "admin", is_staff=True)
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(media),
        "DEBUG": "1",
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "plan808",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # When the admin asks for the agency's PDF (queued on commit; autocommit here)
        job = export_request(
            user=admin,
            kind=ExportJob.Kind.PDF_AGENCY,
            period=period,
            agency=Agency.objects.get(code="so-ldtbxh-ha-noi"),
        )

        # Then the worker takes it, runs it and records the file
        deadline = time.monotonic() + WAIT_SECONDS
        seen = set()
        while time.monotonic() < deadline:
            job.refresh_from_db()
            seen.add(job.status)
            if job.is_finished:
                break
            assert worker.poll() is None, Path(log.name).read_text()
            time.sleep(0.5)
        log.flush()
        assert job.status == ExportJob.Status.DONE, (job.status, job.error, Path(log.name).read_text()[-3000:])
        assert job.started_at is not None and job.finished_at >= job.started_at
        assert job.pages and job.pages >= 1
        assert (media / job.file.name).read_bytes().startswith(b"%PDF")
        assert "exports.render_export" in Path(log.name).read_text()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
