"""Two reminder runs at once (two beat processes, a retried task beside the original) send each reminder once.

On PostgreSQL the two runs are real concurrent transactions on two connections, released together
by a barrier; the unique constraint on (agency, period, offset) decides who sends. SQLite has one
writer at a time, so there the same two runs go one after the other. Both always assert.
"""

import datetime
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections

from notifications.models import Digest, Notification, Reminder
from notifications.services import reminders_send
from tests import factories as f
from tests.conftest import PLAN_FILE, make_user

DAY = datetime.date(2025, 6, 19)


def _ensure_plan_and_roles():
    from accounts.models import Role
    from tasks.models import Plan
    from tasks.planfile import load_plan_file

    Role.objects.bulk_create([Role(code=code) for code in Role.Code.values], ignore_conflicts=True)
    if not Plan.objects.exists():
        load_plan_file(PLAN_FILE)


@pytest.fixture
def restore_plan_after_flush(request, django_db_blocker):
    """A transactional test empties every table when it ends; put back what the other tests rely on.

    The flush is the last teardown of the test itself, so the restore hangs on the module: it runs
    after the flush and before any test of another module starts.
    """

    def restore():
        with django_db_blocker.unblock():
            _ensure_plan_and_roles()

    with django_db_blocker.unblock():
        _ensure_plan_and_roles()  # an earlier transactional test may have left the tables empty
    request.node.parent.addfinalizer(restore)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(restore_plan_after_flush):
    from tasks.models import Plan

    plan = Plan.objects.get(code="808/QĐ-LĐTBXH")
    f.period(plan, "2025-H1")
    officer = make_user("hanoi-c", "so-ldtbxh-ha-noi", "provincial_officer")
    reviewer = make_user("reviewer-c", "cuc-pctnxh", "reviewer")

    results, errors = [], []
    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)

        def worker():
            try:
                barrier.wait(timeout=30)
                results.append(reminders_send(day=DAY))
            except Exception as error:  # surfaced below: a thread's exception would be lost otherwise
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    else:
        results = [reminders_send(day=DAY), reminders_send(day=DAY)]

    assert errors == []
    assert len(results) == 2
    rows = Reminder.objects.count()
    assert rows > 80
    # Each reminder was decided by exactly one of the two runs, never by both.
    assert len(results[0].created) + len(results[1].created) == rows
    assert len(results[0].already_sent) + len(results[1].already_sent) == rows
    keys = Counter(Reminder.objects.values_list("agency_id", "period_id", "offset"))
    assert max(keys.values()) == 1
    addresses = [address for m in mail.outbox for address in m.to]
    assert addresses.count(officer.email) == 1
    assert addresses.count(reviewer.email) == 1
    assert Digest.objects.count() == 1
    assert Notification.objects.filter(user=officer).count() == 1
