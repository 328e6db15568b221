"""PasswordChangeRequiredMiddleware: a first-login or expired password leads to the change form,
which (with logout and the keep-alive) is all the person can open until it is changed."""

import datetime

import pytest

from accounts.models import Role
from tests.clock import NOW
from tests.fixtures import make_user

CHANGE = "/accounts/password/"


@pytest.fixture
def newcomer(county_a):
    return make_user("newcomer", Role.STAFF, region=county_a, must_change_password=True)


@pytest.mark.parametrize("url", ["/", "/units/", "/rectification/", "/admin/", "/reports/"])
def test_every_page_leads_to_the_change_form(client, newcomer, url):
    client.force_login(newcomer)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == CHANGE


def test_first_login_lands_on_the_change_form_with_the_reason(client, newcomer):
    response = client.post(
        "/accounts/login/", {"username": "newcomer", "password": "password"}, follow=True
    )
    assert response.redirect_chain[-1][0] == CHANGE
    body = response.content.decode()
    assert "首次登录须先修改为只有您自己知道的新密码" in body


def test_an_expired_password_leads_to_the_change_form(client, staff, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 30
    staff.password_changed_at = NOW - datetime.timedelta(days=31)
    staff.save()
    client.force_login(staff)
    assert client.get("/")["Location"] == CHANGE
    assert "已超过 30 天未修改" in client.get(CHANGE).content.decode()


def test_the_change_form_logout_and_keep_alive_stay_open(client, newcomer):
    client.force_login(newcomer)
    assert client.get(CHANGE).status_code == 200
    assert client.post("/accounts/keep-alive/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_people_with_a_current_password_are_not_stopped(client, staff):
    client.force_login(staff)
    assert client.get("/").status_code == 200
    assert 'data-testid="change-reason"' not in client.get(CHANGE).content.decode()
