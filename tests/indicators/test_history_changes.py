"""indicators/history.py: a place's changes of a year, newest first, each with its old side."""

from decimal import Decimal as D

from indicators.history import changes
from indicators.workflow import save_values
from tests.indicators.conftest import YEAR, ind


def enter(place, code, number, user, year=YEAR):
    value = None if number is None else D(number)
    save_values(place, year, [(ind(code), value, "")], user)


def test_each_change_has_the_record_before_it(staff, unit_a):
    enter(unit_a, "BEDS", "600", staff)
    enter(unit_a, "DOCTORS", "400", staff)
    enter(unit_a, "BEDS", "610", staff)
    enter(unit_a, "BEDS", None, staff)
    found = changes(unit_a, YEAR)
    assert [(c.record.indicator.code, c.record.history_type) for c in found] == [
        ("BEDS", "-"),
        ("BEDS", "~"),
        ("DOCTORS", "+"),
        ("BEDS", "+"),
    ]
    assert [c.before.value if c.before else None for c in found] == [D(610), D(600), None, None]
    assert found[0].record.history_user == staff


def test_only_the_places_year_is_shown(staff, unit_a, unit_b, county_a):
    enter(unit_a, "BEDS", "600", staff)
    enter(unit_a, "BEDS", "580", staff, year=YEAR - 1)
    enter(unit_b, "BEDS", "500", staff)
    enter(county_a, "POPULATION", "500000", staff)
    assert [c.record.value for c in changes(unit_a, YEAR)] == [D(600)]
    assert [c.record.value for c in changes(county_a, YEAR)] == [D(500000)]


def test_it_shows_the_latest_changes_only(staff, unit_a):
    for beds in range(600, 605):
        enter(unit_a, "BEDS", str(beds), staff)
    found = changes(unit_a, YEAR, limit=3)
    assert [c.record.value for c in found] == [D(604), D(603), D(602)]
    assert found[-1].before is None  # its predecessor is beyond the limit
