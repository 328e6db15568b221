"""The statistics page and its ledger export, for bureau people."""

import pytest

from tests.clock import TODAY
from tests.rectification.conftest import SOON, sheet_rows, text, url


@pytest.fixture
def deadline():
    return SOON


def test_stats_page_and_export(client, leader, problem_a, county_a):
    client.force_login(leader)
    response = client.get(url("stats"), {"year": 2025})
    assert response.status_code == 200
    assert "整改完成率" in text(response)
    response = client.get(url("stats_export"), {"year": 2025, "region": county_a.pk})
    assert response.status_code == 200


def test_stats_of_a_region_outside_the_scope_is_404(client, county_staff, county_b):
    client.force_login(county_staff)
    assert client.get(url("stats"), {"region": county_b.pk}).status_code == 404


# Page ---------------------------------------------------------------------------------------


def test_stats_offer_the_shared_years_and_read_a_region_by_name(client, leader, county_a):
    client.force_login(leader)
    response = client.get(url("stats"), {"year": TODAY.year + 1, "region": "青山县"})
    assert response.context["year"] == TODAY.year + 1
    assert response.context["region"] == county_a
    assert [y for y, _ in response.context["years"]][-1] == 2020


def test_stats_of_an_unknown_region_name_say_so(client, leader, city, problem_a):
    client.force_login(leader)
    response = client.get(url("stats"), {"region": "火星"})
    assert response.status_code == 200
    assert response.context["region"] == city  # the leader's own meanwhile
    assert response.context["region_error"] == "找不到区划“火星”。"
    assert 'data-testid="region-error">找不到区划“火星”。</div>' in text(response)
    assert "整改完成率" in text(response)


def test_stats_of_a_region_named_outside_the_scope_say_so(client, county_staff, county_a):
    client.force_login(county_staff)
    response = client.get(url("stats"), {"region": "白沙县"})
    assert response.status_code == 200
    assert response.context["region"] == county_a
    assert "找不到区划“白沙县”。" in text(response)


def test_stats_are_for_the_bureau(client, head_a):
    client.force_login(head_a)
    assert client.get(url("stats")).status_code == 403


def test_stats_reject_post(client, leader):
    client.force_login(leader)
    assert client.post(url("stats")).status_code == 405


def test_a_bad_year_shows_this_year(client, leader, problem_a):
    client.force_login(leader)
    response = client.get(url("stats"), {"year": "明年"})
    assert response.status_code == 200
    assert response.context["year"] == TODAY.year


# Export -------------------------------------------------------------------------------------


def test_export_holds_the_problems_of_the_region(client, staff, problem_a, problem_b, county_a):
    client.force_login(staff)
    year = problem_a.inspection.date.year
    response = client.get(url("stats_export"), {"year": year, "region": county_a.pk})
    assert [r[7] for r in sheet_rows(response.content)[1:]] == [problem_a.description]


def test_export_of_a_region_outside_the_scope_is_404(client, county_staff, county_b):
    client.force_login(county_staff)
    assert client.get(url("stats_export"), {"region": county_b.pk}).status_code == 404


def test_export_of_an_unknown_region_name_is_404(client, leader, problem_a):
    # A download has no page to say it on, and a ledger of another region would mislead.
    client.force_login(leader)
    assert client.get(url("stats_export"), {"region": "火星"}).status_code == 404


def test_export_is_for_the_bureau(client, head_a):
    client.force_login(head_a)
    assert client.get(url("stats_export")).status_code == 403


def test_export_rejects_post(client, leader):
    client.force_login(leader)
    assert client.post(url("stats_export")).status_code == 405


def test_export_with_a_bad_year_is_not_a_server_error(client, leader, problem_a):
    client.force_login(leader)
    response = client.get(url("stats_export"), {"year": "明年"})
    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("units", [2, 20])
def test_the_page_query_count_does_not_grow_with_the_record(
    client, leader, county_a, units, django_assert_num_queries
):
    from tests.fixtures import make_unit
    from tests.rectification.conftest import D, make_inspection, make_problem

    inspection = make_inspection(date=D(TODAY.year, 3, 1))
    for index in range(units):
        unit = make_unit(county_a, f"卫生室{index}")
        make_problem(inspection, unit, description="消防通道堆放杂物")
        make_problem(inspection, unit, description="已销号", status="closed")
    client.force_login(leader)
    # No list of regions any more: the region filter is a search box (units.pickers).
    with django_assert_num_queries(11):
        response = client.get(url("stats"), {"year": TODAY.year})
    assert response.context["figures"].problems == 2 * units


def test_the_page_lists_the_units_with_the_most_problems(client, leader, county_a, monkeypatch):
    from rectification import views
    from tests.fixtures import make_unit
    from tests.rectification.conftest import D, make_inspection, make_problem

    monkeypatch.setattr(views, "STATS_UNITS", 2)
    inspection = make_inspection(date=D(TODAY.year, 3, 1))
    for index, count in enumerate([1, 3, 2]):
        unit = make_unit(county_a, f"卫生院{index}")
        for n in range(count):
            make_problem(inspection, unit, description=f"问题{n}")
    client.force_login(leader)
    response = client.get(url("stats"), {"year": TODAY.year})
    assert [u.name for u in response.context["units_shown"]] == ["卫生院1", "卫生院2"]
    assert "共 3 家单位有问题，这里列出问题最多的 2 家" in text(response)
