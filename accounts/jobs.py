"""Celery jobs of the accounts app."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="accounts.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Delete the sessions that have expired (beat, nightly).

    Django never deletes an expired session row by itself; without this the session table grows by
    every login, for ever.
    """
    call_command("clearsessions")
