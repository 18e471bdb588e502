"""Shared fixtures: the plan loaded once per test database, and the cast of users."""

from pathlib import Path

import pytest

PLAN_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "plan808.yaml"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the plan of Decision 808 once into the test database; tests roll back around it."""
    from tasks.planfile import load_plan_file

    with django_db_blocker.unblock():
        load_plan_file(PLAN_FILE)


@pytest.fixture
def plan(db):
    from tasks.models import Plan

    return Plan.objects.get(code="808/QĐ-LĐTBXH")
