"""会议背景: the speech's meeting, recorded from the reports page, per region and year."""

from __future__ import annotations

import datetime

import pytest

from reports.models import MeetingContext

YEAR = 2025


def url(region, year=YEAR):
    return f"/reports/meeting/{region.pk}/{year}/"


DATA = {
    "name": "2026年全县卫生健康工作会议",
    "date": "2026-02-10",
    "approved_by": "经县委、县政府同意",
    "preceded_by": "刚才，王建华同志作了工作报告",
}


def test_it_records_the_meeting(client, county_staff, county_a):
    client.force_login(county_staff)
    assert client.get(url(county_a)).status_code == 200
    response = client.post(url(county_a), DATA)
    assert response.status_code == 302
    assert "kind=speech" in response["Location"]
    meeting = MeetingContext.objects.get()
    assert (meeting.region, meeting.year, meeting.approved_by) == (
        county_a,
        YEAR,
        "经县委、县政府同意",
    )
    assert meeting.date == datetime.date(2026, 2, 10)
    assert meeting.updated_by == county_staff


def test_it_updates_the_one_meeting_of_the_year(client, county_staff, county_a):
    client.force_login(county_staff)
    client.post(url(county_a), DATA)
    client.post(url(county_a), {**DATA, "preceded_by": ""})
    meeting = MeetingContext.objects.get()
    assert meeting.preceded_by == ""


def test_everything_may_be_left_empty(client, county_staff, county_a):
    client.force_login(county_staff)
    assert client.post(url(county_a), {}).status_code == 302


def test_it_refuses_a_date_outside_the_two_years(client, county_staff, county_a):
    client.force_login(county_staff)
    response = client.post(url(county_a), {**DATA, "date": "2024-12-01"})
    assert response.status_code == 400
    assert "会议日期应在2025年或2026年。" in response.content.decode()
    assert not MeetingContext.objects.exists()


def test_it_refuses_a_name_too_long(client, county_staff, county_a):
    client.force_login(county_staff)
    response = client.post(url(county_a), {**DATA, "name": "会" * 61})
    assert response.status_code == 400
    assert not MeetingContext.objects.exists()


def test_it_rejects_put(client, county_staff, county_a):
    client.force_login(county_staff)
    assert client.put(url(county_a)).status_code == 405


@pytest.mark.parametrize("year", [YEAR, 2019])
def test_it_checks_scope_and_year(client, county_staff, county_a, county_b, year):
    client.force_login(county_staff)
    place = county_b if year == YEAR else county_a
    assert client.post(url(place, year), DATA).status_code == 404
    assert not MeetingContext.objects.exists()


def test_it_requires_a_writer(client, leader, city):
    client.force_login(leader)
    assert client.post(url(city), DATA).status_code == 403
    assert not MeetingContext.objects.exists()


def test_the_reports_page_offers_the_form_and_the_speech_uses_it(client, staff, city, unit_a):
    from tests.indicators.conftest import put

    put("POPULATION", city, 100000)  # some record, so the speech has a body
    client.force_login(staff)
    query = {"kind": "speech", "year": YEAR, "region": city.pk}
    page = client.get("/reports/", query)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="meeting-form"' in body and "未填写，讲话开头不写" in body
    client.post(url(city), {**DATA, "approved_by": "经市委、市政府同意"})
    body = client.get("/reports/", query).content.decode()
    assert "经市委、市政府同意，今天，我们召开2026年全县卫生健康工作会议" in body
    assert "刚才，王建华同志作了工作报告，我完全同意" in body


def test_leaders_see_the_meeting_but_get_no_form(client, leader, city):
    client.force_login(leader)
    body = client.get("/reports/", {"kind": "speech", "year": YEAR, "region": city.pk})
    assert 'data-testid="meeting-form"' not in body.content.decode()
