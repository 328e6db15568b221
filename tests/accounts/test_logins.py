"""accounts.logins: each login keeps the previous one's time and address, shown after login."""

import datetime

from accounts.logins import client_ip
from tests.clock import NOW


def log_in(client, **extra):
    return client.post(
        "/accounts/login/", {"username": "staff", "password": "password"}, follow=True, **extra
    )


def test_the_first_login_says_so(client, staff):
    body = log_in(client).content.decode()
    assert "这是您第一次登录本系统。" in body
    staff.refresh_from_db()
    assert (staff.last_login, staff.last_login_ip) == (NOW, "127.0.0.1")
    assert staff.previous_login_at is None


def test_the_next_login_shows_the_previous_one(client, staff, clock):
    log_in(client, REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/logout/")
    clock.move_to(NOW + datetime.timedelta(days=1, hours=2))
    body = log_in(client, REMOTE_ADDR="10.9.9.9").content.decode()
    assert "上次登录：2026年6月15日 10:00，地址 10.1.2.3" in body
    staff.refresh_from_db()
    assert staff.previous_login_ip == "10.1.2.3" and staff.last_login_ip == "10.9.9.9"
    assert staff.last_login == NOW + datetime.timedelta(days=1, hours=2)


def test_the_proxy_header_is_ignored_unless_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert client_ip(request) == "127.0.0.1"
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(request) == "203.0.113.7"


def test_forwarded_for_takes_the_address_the_proxy_added(rf, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.4")
    assert client_ip(request) == "198.51.100.4"


def test_a_malformed_address_is_not_stored(rf, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    request = rf.get("/", REMOTE_ADDR="", HTTP_X_REAL_IP="<script>")
    assert client_ip(request) is None
    assert client_ip(None) is None
