"""The documents panel on the leaders' and staff home pages."""

from __future__ import annotations

import datetime

from accounts.models import User
from reports.forms import default_year
from units.models import Region


def home_context(user: User, today: datetime.date) -> dict:
    if not user.is_bureau:
        return {}
    region = user.region or Region.objects.filter(parent__isnull=True).first()
    if region is None:
        return {}
    return {"report_region": region, "report_year": default_year(today)}
