"""accounts.idle and `manage.py disable_idle_accounts`: accounts unused for ACCOUNT_IDLE_DAYS."""

import datetime
import io

import pytest
from django.core.management import call_command

from accounts import idle
from accounts.models import User
from tests.clock import NOW

DAY = datetime.timedelta(days=1)


@pytest.fixture
def people(staff, leader, head_a, admin_user):
    """staff last logged in 91 days ago, leader 89; head_a never, joined 100 days ago;
    the superuser has not logged in for a year."""
    User.objects.filter(pk=staff.pk).update(last_login=NOW - 91 * DAY)
    User.objects.filter(pk=leader.pk).update(last_login=NOW - 89 * DAY)
    User.objects.filter(pk=head_a.pk).update(date_joined=NOW - 100 * DAY)
    User.objects.filter(pk=admin_user.pk).update(last_login=NOW - 365 * DAY)
    return staff, leader, head_a, admin_user


def usernames(users):
    return sorted(u.username for u in users)


def test_it_finds_accounts_unused_for_the_period(people):
    assert usernames(idle.idle_accounts()) == ["head_a", "staff"]


def test_it_disables_them_with_the_reason(people):
    disabled = idle.disable_idle_accounts()
    assert usernames(disabled) == ["head_a", "staff"]
    staff, leader, head_a, admin_user = people
    staff.refresh_from_db()
    assert not staff.is_active
    assert staff.disabled_at == NOW
    assert staff.disabled_reason == "连续 90 天未登录，系统自动停用"
    leader.refresh_from_db()
    admin_user.refresh_from_db()
    assert leader.is_active and admin_user.is_active


def test_a_reenabled_account_starts_afresh(people, clock):
    staff = people[0]
    idle.disable_idle_accounts()
    staff.refresh_from_db()
    idle.reactivate(staff)
    staff.refresh_from_db()
    assert staff.is_active and staff.disabled_at is None and staff.disabled_reason == ""
    assert "staff" not in usernames(idle.idle_accounts())
    clock.move_to(NOW + 91 * DAY)
    assert "staff" in usernames(idle.idle_accounts())


def test_the_period_is_a_setting_and_zero_turns_it_off(people, settings):
    settings.ACCOUNT_IDLE_DAYS = 80
    assert usernames(idle.idle_accounts()) == ["head_a", "leader", "staff"]
    settings.ACCOUNT_IDLE_DAYS = 0
    assert usernames(idle.idle_accounts()) == []


def test_the_command_disables_and_lists(people):
    out = io.StringIO()
    call_command("disable_idle_accounts", stdout=out)
    assert "已停用 2 个连续 90 天未登录的账号" in out.getvalue()
    assert "staff" in out.getvalue() and "head_a" in out.getvalue()
    assert User.objects.filter(is_active=False).count() == 2


def test_the_command_dry_run_changes_nothing(people):
    out = io.StringIO()
    call_command("disable_idle_accounts", "--dry-run", stdout=out)
    assert "将停用 2 个" in out.getvalue()
    assert not User.objects.filter(is_active=False).exists()


def test_the_command_with_the_rule_off(people, settings):
    settings.ACCOUNT_IDLE_DAYS = 0
    out = io.StringIO()
    call_command("disable_idle_accounts", stdout=out)
    assert "不停用任何账号" in out.getvalue()
    assert not User.objects.filter(is_active=False).exists()
