"""Recording and editing an inspection (bureau staff only)."""

from datetime import date

import pytest

from rectification.models import Inspection, Source
from tests.rectification.conftest import SOON, text, url


@pytest.fixture
def deadline():
    return SOON


def data(**overrides):
    fields = {
        "source": Source.objects.get(name="暗访").pk,
        "title": "夜间暗访",
        "date": "2025-05-01",
        "organiser": "医政科",
    }
    fields.update(overrides)
    return fields


def test_leader_may_not_record_inspections(client, leader):
    client.force_login(leader)
    assert client.get(url("inspection_list")).status_code == 200
    assert client.get(url("inspection_create")).status_code == 403


# Create -------------------------------------------------------------------------------------


def test_county_staff_record_an_inspection_of_their_county(client, county_staff):
    client.force_login(county_staff)
    assert client.get(url("inspection_create")).status_code == 200
    response = client.post(url("inspection_create"), data())
    inspection = Inspection.objects.get()
    assert response.url == url("inspection_detail", inspection.pk)
    assert (inspection.created_by, inspection.region) == (county_staff, county_staff.region)


def test_leader_may_not_post_an_inspection(client, leader):
    client.force_login(leader)
    assert client.post(url("inspection_create"), data()).status_code == 403
    assert not Inspection.objects.exists()


def test_create_without_a_title_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(url("inspection_create"), data(title=""))
    assert response.status_code == 400
    assert "这个字段是必填项" in text(response)
    assert not Inspection.objects.exists()


def test_a_twin_saved_since_the_check_is_refused_in_chinese(client, staff, monkeypatch):
    """The same inspection recorded twice at once (source, title, date): a Chinese error, not
    an IntegrityError (500)."""
    from rectification.forms import InspectionForm
    from tests.races import twin_after_validation

    twin_after_validation(
        monkeypatch,
        InspectionForm,
        lambda: Inspection.objects.create(
            source=Source.objects.get(name="暗访"), title="夜间暗访", date=date(2025, 5, 1)
        ),
    )
    client.force_login(staff)
    response = client.post(url("inspection_create"), data())
    assert response.status_code == 400
    assert "已经存在" in text(response)
    assert Inspection.objects.count() == 1


def test_create_rejects_delete(client, staff):
    client.force_login(staff)
    assert client.delete(url("inspection_create")).status_code == 405


# Edit ---------------------------------------------------------------------------------------


def test_staff_edit_an_inspection(client, staff, inspection, problem_a):
    client.force_login(staff)
    assert client.get(url("inspection_edit", inspection.pk)).status_code == 200
    response = client.post(url("inspection_edit", inspection.pk), data(title="院感防控复查"))
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.title == "院感防控复查"


def test_edit_of_another_county_is_404(client, county_staff, problem_b):
    inspection = problem_b.inspection
    client.force_login(county_staff)
    response = client.post(url("inspection_edit", inspection.pk), data(title="改名"))
    assert response.status_code == 404
    inspection.refresh_from_db()
    assert inspection.title == "院感防控暗访"


def test_leader_may_not_edit(client, leader, inspection, problem_a):
    client.force_login(leader)
    response = client.post(url("inspection_edit", inspection.pk), data(title="改名"))
    assert response.status_code == 403
    inspection.refresh_from_db()
    assert inspection.title == "院感防控暗访"


def test_edit_with_a_bad_date_is_refused(client, staff, inspection, problem_a):
    client.force_login(staff)
    response = client.post(url("inspection_edit", inspection.pk), data(date="2025-13-45"))
    assert response.status_code == 400
    assert "输入一个有效的日期" in text(response)
    inspection.refresh_from_db()
    assert inspection.title == "院感防控暗访"


def test_edit_rejects_delete(client, staff, inspection, problem_a):
    client.force_login(staff)
    assert client.delete(url("inspection_edit", inspection.pk)).status_code == 405


def test_county_staff_may_not_edit_a_city_inspection(client, county_staff, staff, city, problem_a):
    """The city's inspection found a problem in 青山县: the county sees it but does not own it."""
    inspection = problem_a.inspection
    Inspection.objects.filter(pk=inspection.pk).update(region=city)
    client.force_login(county_staff)
    assert client.get(url("inspection_detail", inspection.pk)).status_code == 200
    response = client.post(url("inspection_edit", inspection.pk), data(title="改名"))
    assert response.status_code == 403
    inspection.refresh_from_db()
    assert inspection.title == "院感防控暗访"


def test_county_staff_edit_their_own_inspection(client, county_staff, county_a, problem_a):
    inspection = problem_a.inspection
    Inspection.objects.filter(pk=inspection.pk).update(region=county_a)
    client.force_login(county_staff)
    response = client.post(url("inspection_edit", inspection.pk), data(title="县局复查"))
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.title == "县局复查"
