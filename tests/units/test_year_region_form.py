"""The year and region of a page: one year range, a region within the user's scope."""

import datetime

import pytest
from django.http import Http404

from accounts.models import Role
from tests.fixtures import make_user
from units.forms import FIRST_YEAR, YearRegionForm, year_choices, year_range
from units.models import Region, RegionLevel

TODAY = datetime.date(2026, 6, 15)


def form(user, **data):
    return YearRegionForm(data, user=user, today=TODAY)


def test_the_years_run_from_the_first_year_to_next_year():
    assert year_range(TODAY) == list(range(2027, FIRST_YEAR - 1, -1))
    assert year_choices(TODAY)[0] == (2027, "2027年")
    assert year_range(TODAY)[-1] == 2020


def test_it_reads_an_offered_year(staff):
    assert form(staff, year="2027").selected_year() == 2027
    assert form(staff, year="2020").selected_year() == 2020


@pytest.mark.parametrize("asked", ["", "x", "2019", "2028", "-1"])
def test_any_other_year_is_this_year(staff, asked):
    assert form(staff, year=asked).selected_year() == 2026


def test_a_page_may_default_to_another_year(staff):
    assert YearRegionForm({}, user=staff, today=TODAY, default_year=2025).selected_year() == 2025


def test_it_reads_a_region_by_id_name_or_path(staff, county_a, township_a):
    assert form(staff, region=str(county_a.pk)).selected_region() == county_a
    assert form(staff, region="青山县").selected_region() == county_a
    assert form(staff, region="青山县/城关镇").selected_region() == township_a


@pytest.mark.parametrize("asked", ["city", "county_b", "999999"])
def test_an_id_outside_the_scope_or_unknown_is_404(county_staff, city, county_b, asked):
    region = {"city": str(city.pk), "county_b": str(county_b.pk)}.get(asked, asked)
    with pytest.raises(Http404):
        form(county_staff, region=region).selected_region()
    with pytest.raises(Http404):
        form(county_staff, region=region).selected_region_or_all()


@pytest.mark.parametrize("typed", ["白沙县", "示例市/白沙县", "火星"])
def test_a_name_outside_the_scope_or_unknown_is_an_error_and_the_users_own_region(
    county_staff, county_a, county_b, typed
):
    asked = form(county_staff, region=f" {typed} ")
    assert asked.selected_region() == county_a
    assert asked.selected_region_or_all() == county_a
    # The same words for a region outside the scope and one that is nowhere: nothing leaks.
    assert asked.region_error == f"找不到区划“{typed}”。"


def test_a_name_of_several_regions_is_an_error(staff, city, county_a, county_b, township_a):
    Region.objects.create(name="城关镇", level=RegionLevel.TOWNSHIP, parent=county_b)
    asked = form(staff, region="城关镇")
    assert asked.selected_region() == city
    assert "区划名称“城关镇”不唯一" in asked.region_error
    assert form(staff, region="青山县/城关镇").region_error == ""


def test_a_name_that_names_none_shows_all_to_a_user_without_a_region(city, county_a):
    admin = make_user("admin", Role.STAFF)
    asked = form(admin, region="火星")
    assert asked.selected_region_or_all() is None
    assert asked.selected_region() == city
    assert asked.region_error == "找不到区划“火星”。"


def test_a_region_found_or_not_asked_for_is_no_error(staff, county_a):
    assert form(staff, region="青山县").region_error == ""
    assert form(staff).region_error == ""
    assert YearRegionForm(None, user=staff, today=TODAY).selected_region_or_all() == staff.region


def test_a_download_refuses_a_name_that_names_none(staff, county_a):
    form(staff, region="青山县").refuse_unknown_region()
    with pytest.raises(Http404, match="找不到区划“火星”"):
        form(staff, region="火星").refuse_unknown_region()


@pytest.mark.parametrize("typed", ["青山县", "火星"])
def test_the_region_is_looked_up_once(staff, county_a, typed, django_assert_num_queries):
    asked = form(staff, region=typed)
    with django_assert_num_queries(1):
        asked.selected_region()
        asked.selected_region_or_all()
        assert bool(asked.region_error) == (typed == "火星")


def test_without_a_region_it_is_the_users_own(county_staff, county_a):
    assert form(county_staff).selected_region() == county_a
    assert form(county_staff).selected_region_or_all() == county_a


def test_without_a_region_a_user_with_none_gets_the_top(city, county_a):
    admin = make_user("admin", Role.STAFF)
    assert form(admin).selected_region() == city
    assert form(admin).selected_region_or_all() is None
