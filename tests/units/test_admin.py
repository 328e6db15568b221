"""The admin's region and unit fields are search boxes (its autocomplete), not selects of every
region and unit; the 安全管理员, who gives accounts their scope, may search there but opens no
region or unit admin page."""

import pytest

AUTOCOMPLETE = "/admin/autocomplete/"


def lookup(client, field: str, term: str):
    return client.get(
        AUTOCOMPLETE,
        {"app_label": "accounts", "model_name": "user", "field_name": field, "term": term},
    )


@pytest.mark.parametrize("who", ["sec_admin", "sys_admin"])
def test_administrators_look_up_regions_and_units(client, request, who, county_a, unit_a):
    client.force_login(request.getfixturevalue(who))
    regions = lookup(client, "region", "青山")
    assert regions.status_code == 200
    assert [r["text"] for r in regions.json()["results"]] == ["青山县"]
    units = lookup(client, "unit", "人民医院")
    assert [r["text"] for r in units.json()["results"]] == ["青山县人民医院"]


def test_the_security_administrator_opens_no_region_page(client, sec_admin, county_a):
    client.force_login(sec_admin)
    assert client.get("/admin/units/region/").status_code == 403
    assert client.get(f"/admin/units/region/{county_a.pk}/change/").status_code == 403


def test_business_people_look_nothing_up(client, staff, county_a):
    client.force_login(staff)
    assert lookup(client, "region", "青山").status_code in (302, 403)


def test_the_user_form_has_no_select_of_regions(client, sec_admin, staff, county_a, county_b):
    client.force_login(sec_admin)
    body = client.get(f"/admin/accounts/user/{staff.pk}/change/").content.decode()
    assert "admin-autocomplete" in body
    assert "白沙县</option>" not in body  # only the chosen region is an option
