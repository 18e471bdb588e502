"""The clock of Hà Nội: every "today", due day and deadline of the portal is a day there.

A server may run in UTC; 16:59 UTC on 5 June is still 5 June in Hà Nội, 17:00 UTC is 6 June.
"""

import datetime
import zoneinfo

from django.utils import timezone

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def hanoi_today() -> datetime.date:
    """Today in Hà Nội, whatever the server's clock zone."""
    return timezone.localdate(timezone=HANOI)


def hanoi_start_of_day(day: datetime.date) -> datetime.datetime:
    """00:00 in Hà Nội on ``day``: the first instant of that day there."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=HANOI)
