"""Logins, failed logins, lockouts and logouts in the trail (audit.signals)."""

import datetime

import pytest
from django.test import override_settings

from audit.models import Action, Result
from tests.audit.conftest import events, last
from tests.clock import NOW

LOGIN = "/accounts/login/"


def test_a_login_is_recorded_with_ip_role_and_scope(client, county_staff):
    client.post(LOGIN, {"username": "county", "password": "password"}, REMOTE_ADDR="10.1.2.3")
    event = last(Action.LOGIN)
    assert (event.username, event.user_name, event.user) == ("county", "赵永明", county_staff)
    assert (event.role, event.scope, event.ip) == ("局机关工作人员", "青山县（含下级）", "10.1.2.3")
    assert event.result == Result.SUCCESS
    # The login is the request's one event: no second "write" for the same POST.
    assert [e.action for e in events() if e.path == LOGIN] == [Action.LOGIN]


def test_the_proxy_header_gives_the_address_when_configured(client, settings, staff):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    client.post(
        LOGIN,
        {"username": "staff", "password": "password"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.9",
    )
    assert last(Action.LOGIN).ip == "203.0.113.9"


def test_a_failed_login_is_recorded_with_the_name_tried(client, staff):
    client.post(LOGIN, {"username": "staff", "password": "nope"}, REMOTE_ADDR="10.9.9.9")
    event = last(Action.LOGIN_FAILED)
    assert (event.username, event.user, event.ip) == ("staff", None, "10.9.9.9")
    assert event.result == Result.REFUSED
    assert "用户名或密码不正确" in event.reason


@pytest.mark.django_db
def test_a_lockout_is_recorded(client, staff):
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3):
        for _ in range(3):
            client.post(LOGIN, {"username": "staff", "password": "nope"})
        response = client.post(LOGIN, {"username": "staff", "password": "password"})
    assert response.status_code == 429
    event = last(Action.LOCKOUT)
    assert (event.username, event.result) == ("staff", Result.REFUSED)
    assert "连续登录失败 3 次" in event.reason
    assert Action.LOGIN not in [e.action for e in events()]


def test_a_logout_is_recorded(client, staff):
    client.force_login(staff)
    client.post("/accounts/logout/", REMOTE_ADDR="10.1.1.1")
    event = last(Action.LOGOUT)
    assert (event.user, event.ip, event.detail) == (staff, "10.1.1.1", "")


def test_an_idle_logout_says_so(client, staff, settings, clock):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(staff)
    client.get("/")
    clock.move_to(NOW + datetime.timedelta(minutes=31))
    client.get("/")
    assert last(Action.LOGOUT).detail == "会话闲置超时，自动退出"
