"""Today, as the bureau counts it: the one place that views, commands and domain defaults ask.

The date is taken in the bureau's time zone (TIME_ZONE, Asia/Shanghai), not the server's: at
07:00 in Shanghai the UTC date is still yesterday. Tests fix the clock (tests/conftest.py).
"""

from __future__ import annotations

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def now() -> datetime.datetime:
    """This instant (aware): sessions, login times and password ages count from it."""
    return timezone.now()
