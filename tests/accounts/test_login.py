import pytest
from django.test import override_settings

from accounts.models import User


def test_login_page_is_in_chinese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-CN">' in body
    assert "卫健工作报告系统" in body and "用户名" in body and "密码" in body


def test_every_page_requires_login(client, unit_a):
    for url in ["/", "/units/", f"/units/{unit_a.pk}/", "/units/regions/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"], url


def test_it_logs_in_and_goes_home(client, staff):
    response = client.post("/accounts/login/", {"username": "staff", "password": "password"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_is_explained(client, staff):
    response = client.post("/accounts/login/", {"username": "staff", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_account(client, staff):
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3):
        for _ in range(3):
            client.post("/accounts/login/", {"username": "staff", "password": "nope"})
        response = client.post("/accounts/login/", {"username": "staff", "password": "password"})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client, staff):
    client.force_login(staff)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_top_bar_names_the_person_and_scope(client, county_staff):
    client.force_login(county_staff)
    body = client.get("/").content.decode()
    assert "赵永明" in body
    assert "青山县卫健局" in body and "局机关工作人员" in body


def test_inactive_user_cannot_log_in(client, staff):
    User.objects.filter(pk=staff.pk).update(is_active=False)
    response = client.post("/accounts/login/", {"username": "staff", "password": "password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
