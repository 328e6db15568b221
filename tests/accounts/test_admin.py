"""The user admin: a password an administrator sets must be changed by its owner; enabling an
account by hand restarts its idle time."""

import datetime

from accounts.models import User
from tests.clock import NOW

ADD = "/admin/accounts/user/add/"


def test_a_user_created_by_an_administrator_must_change_the_password(client, admin_user, county_a):
    client.force_login(admin_user)
    response = client.post(
        ADD,
        {
            "username": "newstaff",
            "real_name": "钱新",
            "role": "staff",
            "region": county_a.pk,
            "password1": "Qs-2026-first",
            "password2": "Qs-2026-first",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    user = User.objects.get(username="newstaff")
    assert user.must_change_password and user.password_changed_at == NOW


def test_the_administrators_add_form_applies_the_rules(client, admin_user, county_a):
    client.force_login(admin_user)
    response = client.post(
        ADD,
        {
            "username": "newstaff",
            "real_name": "钱新",
            "role": "staff",
            "password1": "qingshan2026",
            "password2": "qingshan2026",
            "usable_password": "true",
        },
    )
    assert "至少包含大写字母、小写字母、数字、符号中的 3 类" in response.content.decode()
    assert not User.objects.filter(username="newstaff").exists()


def test_a_password_reset_by_an_administrator_must_be_changed(client, admin_user, staff):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/accounts/user/{staff.pk}/password/",
        {"password1": "Qs-2026-reset", "password2": "Qs-2026-reset", "usable_password": "true"},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.must_change_password and staff.check_password("Qs-2026-reset")


def test_enabling_by_hand_restarts_the_idle_time(client, admin_user, staff):
    User.objects.filter(pk=staff.pk).update(
        is_active=False,
        disabled_at=NOW - datetime.timedelta(days=3),
        disabled_reason="连续 90 天未登录，系统自动停用",
    )
    client.force_login(admin_user)
    page = client.get(f"/admin/accounts/user/{staff.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(is_active="on", region=staff.region_id, role="staff", date_joined_0="2026-06-15")
    data.update(date_joined_1="10:00:00", last_login_0="", last_login_1="")
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data.pop("groups", None)
    data.pop("user_permissions", None)
    response = client.post(f"/admin/accounts/user/{staff.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    staff.refresh_from_db()
    assert staff.is_active and staff.reactivated_at == NOW and staff.disabled_reason == ""
