"""The audit trail: django-simple-history with the client's IP address beside who and when.

Every audited model declares ``history = audit_history()`` (m2m_fields where memberships matter).
The historical rows get an ``ip_address`` column from ``HistoryIPAddress``; the one receiver below,
simple-history's own pre-save hook, fills it from the request that the HistoryRequestMiddleware keeps.
"""

from axes.helpers import get_client_ip_address
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

REASON_MAX_LENGTH = 1000


class HistoryIPAddress(models.Model):
    """Abstract base of every historical model: where the change came from."""

    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        abstract = True


def audit_history(**options) -> HistoricalRecords:
    """``HistoricalRecords`` for a portal model: IP address, and a change reason longer than 100 characters."""
    options.setdefault("bases", [HistoryIPAddress])
    # simple-history's default reason column is CharField(100); a reason for changing a target's
    # threshold is a sentence or two, so keep it as text.
    options.setdefault("history_change_reason_field", models.TextField(null=True))
    return HistoricalRecords(**options)


def current_request():
    """The request being served, as the HistoryRequestMiddleware recorded it (None in commands and jobs)."""
    return getattr(HistoricalRecords.context, "request", None)


def current_ip_address() -> str | None:
    """The client's address of the request being served; the bulk history helpers take it explicitly."""
    request = current_request()
    if request is None:
        return None
    # The same address that django-axes locks out, so a proxy setting applies to both.
    return get_client_ip_address(request) or None


@receiver(pre_create_historical_record, dispatch_uid="accounts.history.record_ip_address")
def record_ip_address(sender, history_instance, **kwargs) -> None:
    if not hasattr(history_instance, "ip_address") or history_instance.ip_address:
        return
    history_instance.ip_address = current_ip_address()
