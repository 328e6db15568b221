"""The year and region of a page: one year range, a region within the user's scope."""

import datetime

import pytest
from django.http import Http404

from accounts.models import Role
from tests.fixtures import make_user
from units.forms import FIRST_YEAR, YearRegionForm, year_choices, year_range

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


def test_a_region_outside_the_scope_is_404(county_staff, city, county_b):
    for region in (str(city.pk), str(county_b.pk), "白沙县", "火星"):
        with pytest.raises(Http404):
            form(county_staff, region=region).selected_region()


def test_without_a_region_it_is_the_users_own(county_staff, county_a):
    assert form(county_staff).selected_region() == county_a
    assert form(county_staff).selected_region_or_all() == county_a


def test_without_a_region_a_user_with_none_gets_the_top(city, county_a):
    admin = make_user("admin", Role.STAFF)
    assert form(admin).selected_region() == city
    assert form(admin).selected_region_or_all() is None
