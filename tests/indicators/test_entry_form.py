"""A unit's (or region's) entry form: save, scope, roles and bad input."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from indicators.models import Period, Value, ValueStatus
from tests.indicators.conftest import (
    YEAR,
    aim,
    full_form,
    later,
    opened_versions,
    put,
    save_as,
    url,
)


def test_it_shows_last_year_and_target(client, head_a, unit_a, city):
    put("BEDS", unit_a, 600, year=YEAR - 1)
    aim("BEDS", city, ">=", 500)
    client.force_login(head_a)
    response = client.get(url("entry", unit_a))
    assert response.status_code == 200
    text = response.content.decode()
    assert "医疗卫生机构实有床位数" in text and "600" in text and "≥500张" in text
    # Only the unit's own input indicators: no region counts, no computed rates.
    assert "v_POPULATION" not in text and "v_ALOS" not in text and "v_VACCINATION" not in text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"v_BEDS": "六百"}, "请填写数字。"),
        ({"v_BEDS": "-5"}, "不能为负数"),
        ({"v_BEDS": "12.5"}, "应填写整数"),
        ({"v_DRUG_REVENUE": "40000"}, "不能大于医疗收入"),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(client, head_a, unit_a, overrides, message):
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Value.objects.exists()


def test_a_percentage_above_100_is_refused(client, county_staff, health_centre):
    client.force_login(county_staff)
    response = client.post(url("entry", health_centre), {"v_VACCINATION": "130"})
    assert response.status_code == 400
    assert "百分比应在0到100之间" in response.content.decode()
    assert not Value.objects.exists()


def test_a_jump_of_more_than_half_needs_a_comment(client, head_a, unit_a):
    put("BEDS", unit_a, 400, year=YEAR - 1)
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form(v_BEDS="620"))
    assert response.status_code == 400
    assert "变化超过50%" in response.content.decode()
    response = client.post(url("entry", unit_a), full_form(v_BEDS="620", c_BEDS="新院区开放"))
    assert response.status_code == 302


def test_other_units_are_out_of_scope(client, head_b, unit_a, county_staff, unit_b):
    client.force_login(head_b)
    assert client.get(url("entry", unit_a)).status_code == 404
    assert client.post(url("submit", unit_a)).status_code == 404
    client.force_login(county_staff)
    assert client.get(url("entry", unit_b)).status_code == 404


def test_leaders_read_but_do_not_enter(client, leader, unit_a):
    client.force_login(leader)
    assert client.get(url("entry", unit_a)).status_code == 200
    assert client.post(url("entry", unit_a), full_form()).status_code == 403
    assert client.post(url("approve", unit_a)).status_code == 403
    assert not Value.objects.exists()


def test_staff_enter_region_figures_as_reported(client, staff, county_a):
    client.force_login(staff)
    entry = reverse("indicators:entry", args=["region", county_a.pk, YEAR])
    response = client.post(entry, {"v_POPULATION": "500000", "v_LIVE_BIRTHS": "4000"})
    assert response.status_code == 302
    assert set(Value.objects.values_list("status", flat=True)) == {ValueStatus.SUBMITTED}


def test_a_unit_saves_drafts(client, head_a, unit_a):
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form())
    assert response.url == url("entry", unit_a)
    assert Value.objects.filter(unit=unit_a, status=ValueStatus.DRAFT).count() == 11


def test_posting_to_another_unit_is_404(client, head_b, unit_a):
    client.force_login(head_b)
    assert client.post(url("entry", unit_a), full_form()).status_code == 404
    assert not Value.objects.exists()


def test_a_region_outside_the_scope_is_404(client, county_staff, county_b):
    client.force_login(county_staff)
    entry = reverse("indicators:entry", args=["region", county_b.pk, YEAR])
    assert client.post(entry, {"v_POPULATION": "300000"}).status_code == 404
    assert not Value.objects.exists()


def test_entry_rejects_put(client, head_a, unit_a):
    client.force_login(head_a)
    assert client.put(url("entry", unit_a)).status_code == 405


def test_a_year_out_of_range_is_404(client, head_a, unit_a):
    client.force_login(head_a)
    # The URL cannot even be reversed for such a year; a hand-typed one finds nothing.
    response = client.post(f"/indicators/entry/unit/{unit_a.pk}/99999/", full_form())
    assert response.status_code == 404
    assert not Value.objects.exists()


# --- no lost updates: the page carries the version of each figure it showed ---------------------


def test_a_stale_page_cannot_overwrite_a_figure_changed_since(client, head_a, staff, unit_a, clock):
    put("BEDS", unit_a, 600, status=ValueStatus.DRAFT)
    client.force_login(head_a)
    versions = opened_versions(client.get(url("entry", unit_a)))
    later(clock)
    save_as(staff, unit_a, "BEDS", 650)
    response = client.post(url("entry", unit_a), {**versions, "v_BEDS": "700", "v_DOCTORS": "400"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "该数值已被刘晓燕于2026-06-15 10:05修改为650张，请刷新后再改" in text
    # All or nothing: the other figure is not saved either, but stays in its cell.
    assert Value.objects.get(unit=unit_a).value == 650
    assert 'name="v_DOCTORS" value="400"' in text and 'name="v_BEDS" value="650"' in text
    # The stale cell now holds the current figure and version: saving again keeps 650.
    again = opened_versions(response)
    response = client.post(url("entry", unit_a), {**again, "v_BEDS": "650", "v_DOCTORS": "400"})
    assert response.status_code == 302
    assert Value.objects.get(unit=unit_a, indicator__code="BEDS").value == 650
    assert Value.objects.get(unit=unit_a, indicator__code="DOCTORS").value == 400


def test_a_stale_page_cannot_delete_a_figure_entered_after_it(client, head_a, staff, unit_a, clock):
    client.force_login(head_a)
    versions = opened_versions(client.get(url("entry", unit_a)))
    assert versions["s_BEDS"] == ""
    later(clock)
    save_as(staff, unit_a, "BEDS", 650)
    # The person leaves 床位数 empty, as the page showed it, and enters 医师数.
    response = client.post(url("entry", unit_a), {**versions, "v_BEDS": "", "v_DOCTORS": "400"})
    assert response.status_code == 302
    assert Value.objects.get(unit=unit_a, indicator__code="BEDS").value == 650
    assert Value.objects.get(unit=unit_a, indicator__code="DOCTORS").value == 400


def test_clearing_a_figure_changed_since_is_refused(client, head_a, staff, unit_a, clock):
    put("BEDS", unit_a, 600, status=ValueStatus.DRAFT)
    client.force_login(head_a)
    versions = opened_versions(client.get(url("entry", unit_a)))
    later(clock)
    save_as(staff, unit_a, "BEDS", 650)
    response = client.post(url("entry", unit_a), {**versions, "v_BEDS": ""})
    assert response.status_code == 409
    assert "修改为650张" in response.content.decode()
    assert Value.objects.get(unit=unit_a).value == 650


def test_saving_over_a_figure_removed_since_is_refused(client, head_a, staff, unit_a, clock):
    put("BEDS", unit_a, 600, status=ValueStatus.DRAFT)
    client.force_login(head_a)
    versions = opened_versions(client.get(url("entry", unit_a)))
    later(clock, 3)
    save_as(staff, unit_a, "BEDS", None)
    response = client.post(url("entry", unit_a), {**versions, "v_BEDS": "700"})
    assert response.status_code == 409
    assert "该数值已被刘晓燕于2026-06-15 10:03删除，请刷新后再改" in response.content.decode()
    assert not Value.objects.exists()


def test_a_submission_since_opening_does_not_block_a_change(client, head_a, unit_a, clock):
    """上报 moves the version, not the figure: the page's figure is still the stored one."""
    put("BEDS", unit_a, 600, status=ValueStatus.DRAFT)
    client.force_login(head_a)
    versions = opened_versions(client.get(url("entry", unit_a)))
    later(clock)
    Value.objects.update(status=ValueStatus.SUBMITTED)
    Value.objects.get().save()  # a status change through save(), as workflow.submit does
    response = client.post(url("entry", unit_a), {**versions, "v_BEDS": "610"})
    assert response.status_code == 302
    assert Value.objects.get().value == 610


def test_a_first_save_that_loses_the_race_is_refused_cleanly(
    client, head_a, staff, unit_a, clock, monkeypatch
):
    """Another first save inserted the figure after this one looked (the PostgreSQL race of
    tests/indicators/test_races.py, made deterministic): a refusal, not an IntegrityError."""
    from indicators import workflow

    client.force_login(head_a)
    versions = opened_versions(client.get(url("entry", unit_a)))
    later(clock)
    save_as(staff, unit_a, "BEDS", 650)
    real = workflow.values_of
    looked: list[bool] = []

    def values_of(place, year, period=Period.ANNUAL):
        # The first look (under the lock) misses the row the other save has just inserted.
        looked.append(True)
        return real(place, year, period) if len(looked) > 1 else Value.objects.none()

    monkeypatch.setattr(workflow, "values_of", values_of)
    response = client.post(url("entry", unit_a), {**versions, "v_BEDS": "700"})
    assert response.status_code == 409
    assert "修改为650张" in response.content.decode()
    assert Value.objects.get().value == 650


# --- races on PostgreSQL: each thread its own connection, both posts at once -------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers on one database lock and has no row locks "
    "(SELECT … FOR UPDATE): the races are run in the PostgreSQL leg.",
)


def _post_at_once(people, place, posts) -> list[int | str]:
    """Each person posts their form in their own thread and connection, at the same moment;
    returns each one's status code (or the exception a 500 would have been)."""
    barrier = threading.Barrier(len(people))
    outcomes: list[int | str] = ["not run"] * len(people)

    def post(index, person, data):
        from django.db import connection as thread_connection

        try:
            browser = Client()
            browser.force_login(person)
            barrier.wait()
            outcomes[index] = browser.post(url("entry", place), data).status_code
        except Exception as error:  # a 500: recorded for the assertion
            outcomes[index] = repr(error)
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=post, args=(i, person, data))
        for i, (person, data) in enumerate(zip(people, posts, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_first_saves_at_once_give_one_figure_and_no_500(head_a, staff, unit_a):
    posts = [{"s_BEDS": "", "v_BEDS": "700"}, {"s_BEDS": "", "v_BEDS": "650"}]
    outcomes = _post_at_once([head_a, staff], unit_a, posts)
    assert sorted(outcomes, key=str) == [302, 409]
    winner = posts[outcomes.index(302)]["v_BEDS"]
    assert Value.objects.get(unit=unit_a, indicator__code="BEDS").value == int(winner)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_stale_edits_at_once_have_one_winner(head_a, staff, unit_a, clock):
    stored = put("BEDS", unit_a, 600, status=ValueStatus.DRAFT)
    opened = stored.updated.isoformat()
    later(clock)
    posts = [{"s_BEDS": opened, "v_BEDS": "700"}, {"s_BEDS": opened, "v_BEDS": "650"}]
    outcomes = _post_at_once([head_a, staff], unit_a, posts)
    assert sorted(outcomes, key=str) == [302, 409]
    winner = posts[outcomes.index(302)]["v_BEDS"]
    assert Value.objects.get(unit=unit_a).value == int(winner)
