"""The 安全管理员's page of idle accounts, and re-enabling one."""

import datetime

import pytest

from accounts import idle
from accounts.models import Role, User
from tests.clock import NOW
from tests.fixtures import make_user

URL = "/accounts/idle/"
DAY = datetime.timedelta(days=1)


@pytest.fixture
def security_admin(city):
    return make_user("secadmin", Role.SEC_ADMIN, real_name="钱安全")


def make_idle(n, county_a):
    start = User.objects.count()
    for i in range(start, start + n):
        user = make_user(f"idle{i}", Role.STAFF, region=county_a, real_name=f"闲置{i}")
        User.objects.filter(pk=user.pk).update(last_login=NOW - 100 * DAY)


def test_it_lists_due_and_disabled_accounts(client, security_admin, staff, county_staff):
    User.objects.filter(pk__in=[staff.pk, county_staff.pk]).update(last_login=NOW - 100 * DAY)
    idle.disable_idle_accounts()
    User.objects.filter(pk=security_admin.pk).update(date_joined=NOW - 100 * DAY)
    client.force_login(security_admin)
    body = client.get(URL).content.decode()
    assert "长期未登录账号" in body
    assert "下次运行时将停用（0）" in body  # secadmin logged in just now
    assert "已停用（2）" in body and "刘晓燕" in body and "赵永明" in body
    assert "连续 90 天未登录，系统自动停用" in body


def test_it_shows_accounts_due(client, security_admin, staff):
    User.objects.filter(pk=staff.pk).update(last_login=NOW - 100 * DAY)
    client.force_login(security_admin)
    body = client.get(URL).content.decode()
    assert "下次运行时将停用（1）" in body and "刘晓燕" in body


@pytest.mark.parametrize("n", [2, 20])
def test_its_queries_do_not_grow_with_the_rows(
    client, security_admin, county_a, n, django_assert_num_queries
):
    make_idle(n, county_a)
    idle.disable_idle_accounts()
    make_idle(n, county_a)  # and as many due
    client.force_login(security_admin)
    with django_assert_num_queries(4):
        assert client.get(URL).status_code == 200


def test_it_is_in_the_administrators_menu(client, security_admin, staff):
    client.force_login(security_admin)
    assert URL in client.get("/").content.decode()
    client.force_login(staff)
    assert URL not in client.get("/").content.decode()


def test_it_rejects_post(client, security_admin):
    client.force_login(security_admin)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("who", ["staff", "leader", "head_a", "sys_admin", "audit_admin"])
def test_it_is_for_administrators_only(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_it_reenables_an_account(client, security_admin, staff):
    User.objects.filter(pk=staff.pk).update(last_login=NOW - 100 * DAY)
    idle.disable_idle_accounts()
    client.force_login(security_admin)
    response = client.post(f"/accounts/idle/{staff.pk}/enable/", follow=True)
    assert "账号 staff（刘晓燕）已重新启用。" in response.content.decode()
    staff.refresh_from_db()
    assert staff.is_active and staff.reactivated_at == NOW and staff.disabled_reason == ""


def test_enabling_rejects_get(client, security_admin, staff):
    client.force_login(security_admin)
    assert client.get(f"/accounts/idle/{staff.pk}/enable/").status_code == 405


def test_enabling_is_for_administrators_only(client, staff, county_staff):
    User.objects.filter(pk=county_staff.pk).update(is_active=False, disabled_at=NOW)
    client.force_login(staff)
    assert client.post(f"/accounts/idle/{county_staff.pk}/enable/").status_code == 403
    county_staff.refresh_from_db()
    assert not county_staff.is_active


def test_enabling_an_active_account_is_explained(client, security_admin, staff):
    client.force_login(security_admin)
    response = client.post(f"/accounts/idle/{staff.pk}/enable/", follow=True)
    assert "账号 staff 未停用，无需启用。" in response.content.decode()
    staff.refresh_from_db()
    assert staff.reactivated_at is None


def test_enabling_an_unknown_account_is_404(client, security_admin):
    client.force_login(security_admin)
    assert client.post("/accounts/idle/999999/enable/").status_code == 404
