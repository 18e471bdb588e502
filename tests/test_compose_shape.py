"""docker-compose.yml runs what CI starts: each portal process is ``deploy/start.sh <role>``, the very
script ``tests/production`` starts against PostgreSQL and Redis, with the same backing services.

There is no Docker engine on the CI machine; this reads the file as compose would (YAML, the
``x-portal`` anchor merged into each service) and checks the shape that matters."""

from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))
PORTAL_ROLES = {"web": "web", "worker": "worker", "beat": "beat"}


def test_every_portal_process_is_the_start_script_ci_runs():
    services = COMPOSE["services"]
    assert set(services) == {*PORTAL_ROLES, "db", "redis"}
    for name, role in PORTAL_ROLES.items():
        assert services[name]["command"] == f"sh deploy/start.sh {role}", name
    assert (BASE_DIR / "deploy" / "start.sh").read_text(encoding="utf-8").count("gunicorn.conf.py") >= 1
    # and the production tests start the same script with the same three roles
    source = (BASE_DIR / "tests" / "production" / "conftest.py").read_text(encoding="utf-8")
    assert '"deploy" / "start.sh"' in source
    assert 'for role in ("web", "worker", "beat"):' in source


def test_the_portal_processes_share_one_image_database_redis_and_media():
    services = COMPOSE["services"]
    environments = [services[name]["environment"] for name in PORTAL_ROLES]
    assert all(env == environments[0] for env in environments)
    env = environments[0]
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"] == "redis://redis:6379/0" and env["CACHE_URL"] == "redis://redis:6379/1"
    assert all(services[name]["volumes"] == ["media:/app/media"] for name in PORTAL_ROLES)
    assert services["db"]["image"] == "postgres:15" and services["redis"]["image"].startswith("redis:7")
    assert {"media", "pgdata", "redisdata"} <= set(COMPOSE["volumes"])
