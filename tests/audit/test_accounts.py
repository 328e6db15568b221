"""Password changes and resets, and changes of role, scope and status (audit.signals)."""

from accounts.models import Role
from audit.models import Action, AuditEvent
from tests.audit.conftest import events, last

NEW_PASSWORD = "Qingshan#2026"


def test_a_password_change_is_recorded(client, staff):
    client.force_login(staff)
    response = client.post(
        "/accounts/password/",
        {"old_password": "password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    event = last(Action.PASSWORD_CHANGE)
    assert (event.user, event.object_type) == (staff, "accounts.user")
    assert event.object_id == str(staff.pk)
    # The password itself is never in the trail.
    assert all(NEW_PASSWORD not in f"{e.detail}{e.path}" for e in events())


def test_a_password_set_by_someone_else_is_a_reset(staff):
    staff.set_password("Reset#2026x")
    staff.save()
    event = last(Action.PASSWORD_RESET)
    assert (event.object_id, event.username) == (str(staff.pk), "")  # no request: 命令行


def test_a_role_and_scope_change_is_recorded_with_before_and_after(county_staff, county_b):
    county_staff.role = Role.LEADER
    county_staff.region = county_b
    county_staff.save()
    event = last(Action.ACCOUNT_CHANGE)
    assert event.object_id == str(county_staff.pk)
    assert "角色：局机关工作人员 → 局领导" in event.detail
    assert "管辖区划：青山县 → 白沙县" in event.detail


def test_disabling_an_account_is_recorded(staff):
    staff.is_active = False
    staff.save()
    assert last(Action.ACCOUNT_CHANGE).detail == "启用：是 → 否"


def test_saving_a_user_without_such_a_change_records_nothing(staff):
    staff.real_name = "刘燕"
    staff.save()
    assert AuditEvent.objects.count() == 0
