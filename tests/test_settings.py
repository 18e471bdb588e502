"""Settings from the environment: a deployment without a SECRET_KEY refuses to start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_a_deployment_without_a_secret_key_refuses_to_start():
    result = _check(DATABASE_URL="sqlite:////tmp/plan808-settings-test.sqlite3")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_the_embedded_default_starts_with_the_development_key():
    result = _check()
    assert result.returncode == 0, result.stderr


def test_a_deployment_with_a_secret_key_from_a_file_starts(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-long-random-production-secret-for-the-test\n")
    result = _check(
        DATABASE_URL="sqlite:////tmp/plan808-settings-test.sqlite3", SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="x"
    )
    assert result.returncode == 0, result.stderr
