"""What an operator relies on: the portal's own error pages, the health endpoint, request ids in the
logs, a deploy check that passes, static files that collect with DEBUG off, and the nightly session
clean-up."""

import json
import logging
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parent.parent


def test_an_unknown_page_is_the_portals_vietnamese_404(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "Not Found" not in html
    assert "Using the URLconf" not in html


def test_a_server_error_is_the_portals_vietnamese_500():
    # Rendered as Django renders it after an unhandled error: no request context, no database.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi máy chủ" in html
    assert "Server Error (500)" not in html


def test_health_endpoint_answers_without_login(db, client, settings):
    settings.REDIS_URL = ""  # the embedded default: jobs in-process, no broker or worker to check
    response = client.get("/suc-khoe/?format=json")
    assert response.status_code == 200, response.content
    checks = response.json()
    assert set(checks.values()) == {"OK"}
    assert {"Database", "Cache", "Storage"} <= {name.split("(")[0] for name in checks}


def test_health_endpoint_checks_the_broker_and_a_worker_where_celery_runs_on_redis(settings):
    from plan808.health import portal_checks

    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    names = [check[0] if isinstance(check, tuple) else check for check in portal_checks()]
    assert "health_check.contrib.redis.Redis" in names
    assert "health_check.contrib.celery.Ping" in names


def test_health_endpoint_answers_500_when_the_database_is_down(db, client, settings, monkeypatch):
    settings.REDIS_URL = ""
    from health_check.checks import Database
    from health_check.exceptions import ServiceUnavailable

    def down(self):
        raise ServiceUnavailable("connection refused")

    monkeypatch.setattr(Database, "run", down)
    response = client.get("/suc-khoe/?format=json")
    assert response.status_code == 500


def test_every_response_carries_a_request_id_and_the_request_line_names_the_user(client, reviewer, caplog):
    client.force_login(reviewer)
    with caplog.at_level(logging.INFO, logger="log_request_id.middleware"):
        response = client.get("/ke-hoach/")
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    lines = [r for r in caplog.records if r.name == "log_request_id.middleware"]
    assert lines, "no request line"
    assert "user=reviewer" in lines[-1].getMessage()
    assert "status=200" in lines[-1].getMessage()


def test_every_log_line_of_a_request_names_its_request_id_and_user(client, reviewer):
    from log_request_id.filters import RequestIDFilter

    from plan808.logs import RequestUserFilter

    class Keep(logging.Handler):
        records: list = []

        def emit(self, record):
            self.records.append(record)

    handler = Keep()
    handler.addFilter(RequestIDFilter())
    handler.addFilter(RequestUserFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.force_login(reviewer)
        response = client.get("/khong-co-trang-nay/")  # django.request logs a warning for the 404
    finally:
        logger.removeHandler(handler)
    [record] = [r for r in handler.records if "khong-co-trang-nay" in r.getMessage()]
    assert record.user == "reviewer"
    assert record.request_id == response.headers["X-Request-ID"]
    # Outside a request: no user, no request id.
    outside = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    RequestUserFilter().filter(outside)
    assert outside.user == "-"


def test_log_lines_are_json_with_the_request_id_when_debug_is_off():
    from pythonjsonlogger.json import JsonFormatter

    formatter_settings = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(formatter_settings["fmt"], rename_fields=formatter_settings["rename_fields"])
    record = logging.LogRecord("reporting", logging.WARNING, __file__, 1, "Báo cáo %s", ("2025-H1",), None)
    record.request_id = "abc123"
    record.user = "thamdinh"
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "abc123"
    assert line["user"] == "thamdinh"
    assert line["message"] == "Báo cáo 2025-H1"
    assert line["level"] == "WARNING"
    assert line["logger"] == "reporting"


def _production_env(**extra) -> dict:
    """The environment of deploy/env.example, as an operator fills it in (a real SECRET_KEY)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE", "DEMO_MODE"}
    }
    for line in (ROOT / "deploy" / "env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    env.update(SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL="sqlite:////tmp/plan808-deploy-check.sqlite3")
    env.update(extra)
    return env


def test_check_deploy_is_clean_under_the_documented_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_collectstatic_with_debug_off_writes_a_manifest_of_hashed_names(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=_production_env(STATIC_ROOT=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert manifest["css/portal.css"].startswith("css/portal.")
    assert manifest["css/portal.css"] != "css/portal.css"
    chart = manifest["vendor/chartjs/chart.umd.min.js"]
    assert (tmp_path / chart).exists()
    assert (tmp_path / f"{chart}.gz").exists()


def test_the_nightly_job_clears_expired_sessions(db):
    from accounts.jobs import clear_expired_sessions

    live = SessionStore()
    live["x"] = 1
    live.create()
    expired = SessionStore()
    expired["x"] = 2
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - timedelta(days=1))

    clear_expired_sessions.delay()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    schedule = settings.CELERY_BEAT_SCHEDULE["accounts-clear-expired-sessions"]
    assert schedule["task"] == clear_expired_sessions.name


def test_an_attachment_whose_file_is_missing_answers_a_vietnamese_page_not_500(client, plan, hanoi_officer):
    # A database restored without its media folder: the rows are there, the files are not.
    from django.core.files.storage import default_storage
    from django.urls import reverse

    from tests.reporting_helpers import filled_report, periods

    report = filled_report(periods(plan)["2025-H1"], hanoi_officer)
    attachment = report.attachments.get()
    default_storage.delete(attachment.file.name)
    client.force_login(hanoi_officer)

    response = client.get(reverse("report-attachment", args=[report.pk, attachment.pk]))

    assert response.status_code == 404
    html = response.content.decode()
    assert "Tệp không còn trên máy chủ" in html
    assert attachment.original_name in html


def test_an_export_whose_file_is_missing_answers_a_vietnamese_page_not_500(client, plan, admin_user):
    from django.urls import reverse

    from exports.models import ExportJob
    from tests.reporting_helpers import periods

    job = ExportJob.objects.create(
        kind=ExportJob.Kind.XLSX_ANALYST,
        period=periods(plan)["2025-H1"],
        status=ExportJob.Status.DONE,
        file="exports/khong-con.xlsx",
        requested_by=admin_user,
    )
    client.force_login(admin_user)

    response = client.get(reverse("export-download", args=[job.pk]))

    assert response.status_code == 404
    assert "Tệp không còn trên máy chủ" in response.content.decode()
