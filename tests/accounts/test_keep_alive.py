"""The keep-alive (继续使用 in the idle warning): a POST that counts as use."""

import datetime

from accounts import sessions
from tests.clock import NOW

URL = "/accounts/keep-alive/"


def test_it_keeps_the_session(client, staff, clock):
    client.force_login(staff)
    clock.move_to(NOW + datetime.timedelta(minutes=29))
    response = client.post(URL)
    assert response.status_code == 200
    assert response.json() == {"remaining": 30 * 60}
    assert (
        client.session[sessions.LAST_ACTIVITY] == (NOW + datetime.timedelta(minutes=29)).timestamp()
    )
    clock.move_to(NOW + datetime.timedelta(minutes=50))
    assert client.get("/").status_code == 200


def test_it_rejects_get(client, staff):
    client.force_login(staff)
    assert client.get(URL).status_code == 405


def test_it_needs_the_csrf_token(staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(URL).status_code == 403


def test_it_cannot_revive_an_ended_session(client, staff, clock):
    client.force_login(staff)
    clock.move_to(NOW + datetime.timedelta(minutes=31))
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_needs_login(client, db):
    assert client.post(URL)["Location"].startswith("/accounts/login/")
