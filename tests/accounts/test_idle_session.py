"""IdleSessionMiddleware (accounts.sessions): a session unused for SESSION_IDLE_MINUTES ends."""

import datetime

from accounts import sessions
from tests.clock import NOW


def test_an_idle_session_ends_with_the_reason_on_the_login_page(client, staff, clock):
    client.force_login(staff)
    assert client.get("/").status_code == 200
    clock.move_to(NOW + datetime.timedelta(minutes=30))
    response = client.get("/units/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/units/"
    assert "_auth_user_id" not in client.session
    body = client.get(response["Location"]).content.decode()
    assert "长时间未操作，已自动退出，请重新登录。" in body


def test_use_keeps_the_session(client, staff, clock):
    client.force_login(staff)
    for minutes in (20, 40, 60):
        clock.move_to(NOW + datetime.timedelta(minutes=minutes))
        assert client.get("/").status_code == 200


def test_background_requests_do_not_count_as_use(client, staff, clock):
    client.force_login(staff)
    clock.move_to(NOW + datetime.timedelta(minutes=20))
    assert client.get("/", headers={"X-Background": "1"}).status_code == 200
    clock.move_to(NOW + datetime.timedelta(minutes=30))
    assert client.get("/").status_code == 302


def test_the_timeout_is_a_setting(client, staff, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(staff)
    clock.move_to(NOW + datetime.timedelta(minutes=5))
    assert client.get("/").status_code == 302


def test_zero_turns_it_off(client, staff, clock, settings):
    settings.SESSION_IDLE_MINUTES = 0
    client.force_login(staff)
    clock.move_to(NOW + datetime.timedelta(hours=5))
    response = client.get("/")
    assert response.status_code == 200
    assert "data-session-remaining" not in response.content.decode()


def test_the_page_knows_how_long_is_left(client, staff, clock):
    client.force_login(staff)
    clock.move_to(NOW + datetime.timedelta(seconds=30))
    response = client.get("/")
    # Written at most once a minute: the page counts from the time written, never longer.
    assert response["X-Session-Remaining"] == str(30 * 60 - 30)
    body = response.content.decode()
    assert 'data-session-remaining="1770"' in body and 'data-session-warn="120"' in body
    assert 'data-session-keepalive="/accounts/keep-alive/"' in body
    assert "js/session-timeout.js" in body


def test_the_session_is_not_written_on_every_request(client, staff, clock):
    client.force_login(staff)
    client.get("/")
    stamp = client.session[sessions.LAST_ACTIVITY]
    clock.move_to(NOW + datetime.timedelta(seconds=59))
    client.get("/")
    assert client.session[sessions.LAST_ACTIVITY] == stamp
    clock.move_to(NOW + datetime.timedelta(seconds=60))
    client.get("/")
    assert client.session[sessions.LAST_ACTIVITY] == stamp + 60


def test_anonymous_pages_are_left_alone(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "data-session-remaining" not in response.content.decode()
