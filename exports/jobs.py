"""Celery jobs of the exports app (thin: take the id, call the service)."""

from celery import shared_task

from exports.services import RENDER_JOB, export_run


# acks_late: a worker that dies while rendering leaves the message for another; export_run takes a
# job only while it is queued (or left "running" by a dead worker), so a redelivery never renders twice at once.
@shared_task(name=RENDER_JOB, acks_late=True, reject_on_worker_lost=True)
def render_export(job_id: int) -> str:
    return export_run(job_id=job_id).status
