"""The documents panel on the leaders' and staff home pages."""

from __future__ import annotations

import datetime

from accounts.models import User
from accounts.policy import access_for
from reports.forms import default_year
from units.lookup import home_region


def home_context(user: User, today: datetime.date) -> dict:
    if not access_for(user).bureau:
        return {}
    region = home_region(user)
    if region is None:
        return {}
    return {"report_region": region, "report_year": default_year(today)}
