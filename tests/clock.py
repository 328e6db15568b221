"""The tests' fixed clock: every test starts at NOW (the `clock` fixture of tests/conftest.py).

A test that needs another day moves the clock: `clock.move_to(at(datetime.date(2025, 6, 30)))`.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Mid-June, mid-morning in the bureau: the year's reports are not yet due (reports default to
# last year until December) and the UTC date is the same as the bureau's.
NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=SHANGHAI)
TODAY = NOW.date()


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """An instant of `day` in the bureau's time zone."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)
