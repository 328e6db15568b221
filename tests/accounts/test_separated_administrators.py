"""三员分立 (MLPS 2.0): each administrator opens the pages of their own job and gets 403 on the
other two's and on every business page; the user form is split between them."""

import pytest

from accounts.models import Role, User
from tests.fixtures import make_user

# Both open the admin site's index and the list of accounts (each changes other fields).
SHARED_PAGES = ["/admin/", "/admin/accounts/user/"]
SYSTEM_PAGES = [
    *SHARED_PAGES,
    "/admin/accounts/user/add/",
    "/admin/units/region/",
    "/admin/units/unit/",
    "/admin/units/medicalcommunity/",
    "/admin/rectification/source/",
    "/admin/rectification/category/",
    "/admin/reports/workfield/",
    "/admin/indicators/indicator/",
]
SECURITY_PAGES = [
    *SHARED_PAGES,
    "/admin/axes/accessattempt/",
    "/accounts/idle/",
]
BUSINESS_PAGES = [
    "/units/",
    "/units/communities/",
    "/units/regions/",
    "/units/export/",
    "/rectification/",
    "/rectification/inspections/",
    "/rectification/stats/",
    "/rectification/notifications/",
    "/indicators/",
    "/indicators/catalogue/",
    "/reports/",
    "/reports/download/",
    "/reports/issued/",
    "/reports/entries/",
    "/rectification/export/",
    "/imports/",
    "/admin/rectification/problem/",
    "/admin/indicators/value/",
    "/admin/reports/issuedreport/",
]
PAGES = {
    "sys_admin": SYSTEM_PAGES,
    "sec_admin": SECURITY_PAGES,
    "audit_admin": [],  # the audit page is the audit app's (tests/audit)
}


def _refused(response) -> bool:
    # The admin site sends someone it does not open to its login page; a model page the role
    # may not use is a 403.
    return response.status_code == 403 or (
        response.status_code == 302 and "/admin/login/" in response["Location"]
    )


@pytest.mark.parametrize("who", list(PAGES))
def test_each_administrator_opens_their_own_pages(client, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in PAGES[who]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", list(PAGES))
def test_no_administrator_opens_another_ones_or_a_business_page(client, who, request, unit_a):
    client.force_login(request.getfixturevalue(who))
    others = [url for other, urls in PAGES.items() if other != who for url in urls]
    for url in others + BUSINESS_PAGES:
        if url in PAGES[who]:
            continue
        response = client.get(url)
        assert _refused(response), (url, response.status_code)


@pytest.mark.parametrize("who", list(PAGES))
def test_no_administrator_reads_a_unit(client, who, request, unit_a):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/units/{unit_a.pk}/").status_code == 403


@pytest.mark.parametrize("who", list(PAGES))
def test_the_home_page_shows_only_their_own_entries(client, who, request):
    client.force_login(request.getfixturevalue(who))
    body = client.get("/").content.decode()
    assert 'data-testid="admin-entries"' in body
    assert "问题清单" not in body and "医疗卫生机构" not in body
    own = {"sys_admin": "用户与基础数据", "sec_admin": "长期未登录账号", "audit_admin": None}[who]
    if own:
        assert own in body
    for label in {"用户与基础数据", "长期未登录账号", "登录锁定"} - {own}:
        if who != "sec_admin" or label != "登录锁定":
            assert label not in body


def test_the_audit_administrator_has_no_admin_site(client, audit_admin):
    client.force_login(audit_admin)
    assert _refused(client.get("/admin/"))


def test_a_pending_account_sees_nothing(client, db):
    user = make_user("new", Role.PENDING)
    client.force_login(user)
    assert "请联系安全管理员授权" in client.get("/").content.decode()
    assert client.get("/rectification/").status_code == 403


def test_business_people_keep_their_pages_and_have_no_admin(client, staff):
    client.force_login(staff)
    assert client.get("/units/").status_code == 200
    assert _refused(client.get("/admin/"))
    assert client.get("/accounts/idle/").status_code == 403


def test_the_system_administrator_creates_an_account_without_a_role(client, sys_admin, county_a):
    client.force_login(sys_admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newstaff",
            "real_name": "钱新",
            "phone": "0514-86830018",
            "role": "staff",  # not on the form: ignored
            "region": county_a.pk,
            "password1": "Qs-2026-first",
            "password2": "Qs-2026-first",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    user = User.objects.get(username="newstaff")
    assert user.role == Role.PENDING and user.region is None and user.must_change_password


def test_the_system_administrator_cannot_give_a_role(client, sys_admin, county_staff, county_b):
    client.force_login(sys_admin)
    page = client.get(f"/admin/accounts/user/{county_staff.pk}/change/").content.decode()
    assert 'name="real_name"' in page and 'name="role"' not in page
    assert client.get(f"/admin/accounts/user/{county_staff.pk}/password/").status_code == 403


def test_the_security_administrator_gives_role_and_scope(client, sec_admin, county_staff, county_b):
    client.force_login(sec_admin)
    url = f"/admin/accounts/user/{county_staff.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="role"' in page and 'name="real_name"' not in page
    response = client.post(
        url, {"role": "leader", "region": county_b.pk, "is_active": "on"}, follow=True
    )
    assert response.status_code == 200
    county_staff.refresh_from_db()
    assert county_staff.role == Role.LEADER and county_staff.region == county_b
    assert county_staff.real_name == "赵永明"
    assert client.get("/admin/accounts/user/add/").status_code == 403


def test_the_security_administrator_resets_a_password(client, sec_admin, staff):
    client.force_login(sec_admin)
    response = client.post(
        f"/admin/accounts/user/{staff.pk}/password/",
        {"password1": "Qs-2026-reset", "password2": "Qs-2026-reset", "usable_password": "true"},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.must_change_password


def test_nobody_changes_their_own_role(client, sec_admin):
    client.force_login(sec_admin)
    page = client.get(f"/admin/accounts/user/{sec_admin.pk}/change/").content.decode()
    assert 'name="role"' not in page


def test_no_administrator_changes_the_superuser(client, sec_admin, admin_user):
    client.force_login(sec_admin)
    assert client.post(f"/admin/accounts/user/{admin_user.pk}/password/").status_code == 403
    response = client.post(f"/admin/accounts/user/{admin_user.pk}/change/", {"role": "secadmin"})
    assert response.status_code == 403
