"""导入记录: every import, newest first, in the viewer's scope."""

import pytest
from django.urls import reverse

from imports.models import ImportBatch, Outcome
from tests.rectification.conftest import text

URL = reverse("imports:batch_list")

pytestmark = pytest.mark.django_db


def batch(filename, *, region=None, unit=None, user=None, **fields):
    fields.setdefault("outcome", Outcome.IMPORTED)
    return ImportBatch.objects.create(
        kind="ledger",
        title="整改台账",
        filename=filename,
        region=region,
        unit=unit,
        user=user,
        **fields,
    )


def test_it_lists_newest_first(client, staff, county_a, clock):
    batch("一月.xlsx", region=county_a, user=staff)
    clock.shift(60)
    batch("二月.xlsx", region=county_a, rows_created=3)
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert [b.filename for b in response.context["page"]] == ["二月.xlsx", "一月.xlsx"]
    body = text(response)
    assert "刘晓燕" in body and "命令行" in body and "查看导入的记录" in body


def test_it_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(URL).status_code == 405


def test_county_staff_see_their_county_only(client, county_staff, county_a, county_b, city):
    batch("青山.xlsx", region=county_a)
    batch("白沙.xlsx", region=county_b)
    batch("全市.xlsx", region=city)
    batch("命令行.xlsx")
    client.force_login(county_staff)
    assert [b.filename for b in client.get(URL).context["page"]] == ["青山.xlsx"]


def test_command_imports_are_seen_by_those_who_see_everything(client, admin_user, county_a):
    batch("命令行.xlsx")
    client.force_login(admin_user)
    assert [b.filename for b in client.get(URL).context["page"]] == ["命令行.xlsx"]


def test_a_unit_person_sees_their_units_only(client, head_a, unit_a, unit_b, county_a):
    batch("本单位.xlsx", region=county_a, unit=unit_a)
    batch("县里.xlsx", region=county_a)
    batch("别的单位.xlsx", region=unit_b.region, unit=unit_b)
    client.force_login(head_a)
    assert [b.filename for b in client.get(URL).context["page"]] == ["本单位.xlsx"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_queries_do_not_grow_with_the_rows(
    client, staff, county_a, django_assert_num_queries, count
):
    for n in range(count):
        batch(f"{n}.xlsx", region=county_a, user=staff)
    client.force_login(staff)
    # session, user, the user's region (scope), count, page with the uploaders, unread reminders
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert len(response.context["page"]) == count


def test_it_is_paginated(client, staff, county_a):
    for n in range(51):
        batch(f"{n}.xlsx", region=county_a)
    client.force_login(staff)
    assert len(client.get(URL).context["page"]) == 50
    assert len(client.get(URL, {"page": 2}).context["page"]) == 1
    assert client.get(URL, {"page": "x"}).status_code == 200  # a bad page is the first


def test_the_menu_shows_it_to_those_who_import(client, staff, leader):
    client.force_login(staff)
    assert "导入记录" in text(client.get("/"))
    client.force_login(leader)
    assert "导入记录" not in text(client.get("/"))
