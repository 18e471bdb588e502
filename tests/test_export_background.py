"""With no worker (the embedded default) a PDF is made in a background thread: the request that asks for it
returns at once to the job page, which shows queued / running / done, and the button waits meanwhile."""

import threading
import time

import pytest
from django.urls import reverse

from exports import services
from exports.models import ExportJob
from reporting.demo import fill_period
from tests import factories as f
from tests.conftest import make_user
from tests.test_reminders_concurrency import restore_plan_after_flush  # noqa: F401 - a fixture

# The number and date the reviewer sets before asking for a consolidated PDF (tests/test_dispatch_block.py).
DISPATCH = {"dispatch_number": "45/BC-BTXH", "dispatch_date": "2025-07-01"}


def _wait_for_render(job) -> None:
    for thread in threading.enumerate():
        if thread.name == f"export-{job.pk}":
            thread.join(60)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_plan_after_flush")
def test_the_pdf_request_returns_at_once_and_the_render_runs_in_a_background_thread(client, settings, monkeypatch):
    from plan808.celery import app
    from tasks.models import Plan

    # Given the embedded default: Celery eager (no worker) and the background thread on
    assert app.conf.task_always_eager
    settings.EXPORT_RENDER_THREAD = True
    period = f.period(Plan.objects.get(code="808/QĐ-LĐTBXH"), "2025-H1")
    fill_period(period, only_codes=frozenset({"so-ldtbxh-ha-noi", "bo-cong-an"}))
    admin = make_user("admin-thread", None, "admin", is_staff=True)
    client.force_login(admin)
    # The render waits for the test's signal, as a 15-second render keeps its reader waiting.
    release, started = threading.Event(), threading.Event()
    real_render = services._render

    def slow_render(job):
        started.set()
        assert release.wait(30)
        return real_render(job)

    monkeypatch.setattr(services, "_render", slow_render)

    # When the admin asks for the consolidated PDF
    began = time.monotonic()
    response = client.post(
        reverse("export-list"), {"kind": "pdf_consolidated", "period": period.pk, "agency": "", **DISPATCH}
    )
    answered_in = time.monotonic() - began

    # Then the answer comes before the render ends, to the job page, which says the file is being made
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("export-detail", args=[job.pk])
    assert answered_in < 5
    assert started.wait(10)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="running"' in page and "Đang tạo tệp" in page and "export-progress.js" in page
    # and the export page's button waits, pointing at the job; asking again follows the same job
    listing = client.get(reverse("export-list")).content.decode()
    assert 'id="export-pending"' in listing and "disabled" in listing
    again = client.post(
        reverse("export-list"), {"kind": "pdf_consolidated", "period": period.pk, "agency": "", **DISPATCH}
    )
    assert again["Location"] == response["Location"] and ExportJob.objects.count() == 1

    # When the render ends, the job is done with its pages, and the button is back
    release.set()
    _wait_for_render(job)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.pages and job.pages > 3
    assert 'data-status="done"' in client.get(response["Location"]).content.decode()
    listing = client.get(reverse("export-list")).content.decode()
    assert 'id="export-pending"' not in listing and "data-busy-label" in listing


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_plan_after_flush")
def test_a_render_that_fails_in_the_background_thread_shows_why(client, settings, monkeypatch):
    from tasks.models import Plan

    settings.EXPORT_RENDER_THREAD = True
    period = f.period(Plan.objects.get(code="808/QĐ-LĐTBXH"), "2025-H1")
    admin = make_user("admin-thread-fail", None, "admin", is_staff=True)
    client.force_login(admin)

    def broken(job):
        raise OSError("Ổ đĩa đầy")

    monkeypatch.setattr(services, "_render", broken)
    response = client.post(reverse("export-list"), {"kind": "xlsx_analyst", "period": period.pk, "agency": ""})
    job = ExportJob.objects.get()
    _wait_for_render(job)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "Ổ đĩa đầy" in job.error
    assert "Ổ đĩa đầy" in client.get(response["Location"]).content.decode()
