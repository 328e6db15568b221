"""The 审计管理员 and a look at the trail."""

from __future__ import annotations

import pytest

from accounts.models import Role
from audit.models import AuditEvent
from tests.fixtures import make_user

# The problems and the year of records other apps' tests use, for the events they lead to.
from tests.rectification.conftest import deadline, inspection, problem_a, with_photo  # noqa: F401
from tests.reports.conftest import year_record  # noqa: F401


@pytest.fixture
def auditor(city):
    return make_user("auditor", Role.AUDIT_ADMIN, real_name="李审计")


def events(action: str | None = None) -> list[AuditEvent]:
    """The trail in the order it was written (oldest first)."""
    queryset = AuditEvent.objects.order_by("id")
    return list(queryset.filter(action=action) if action else queryset)


def last(action: str) -> AuditEvent:
    found = events(action)
    assert found, f"no {action} event in {[e.action for e in events()]}"
    return found[-1]
