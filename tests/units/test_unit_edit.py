import datetime
import re
import threading

import pytest
from django.db import connection
from django.test import Client

from tests.clock import NOW


def _url(unit):
    return f"/units/{unit.pk}/edit/"


def _data(unit, **overrides):
    data = {
        "name": unit.name,
        "credit_code": unit.credit_code,
        "kind": unit.kind,
        "region": unit.region_id,
        "ownership": unit.ownership,
        "grade": unit.grade,
        "approved_beds": "650",
        "head_name": "新院长",
        "phone": "",
    }
    data.update(overrides)
    return data


def test_it_saves_changes(client, staff, unit_a):
    client.force_login(staff)
    response = client.post(_url(unit_a), _data(unit_a))
    assert response.status_code == 302
    unit_a.refresh_from_db()
    assert unit_a.approved_beds == 650
    assert unit_a.head_name == "新院长"


@pytest.mark.parametrize("typed", ["1,200", "１２００", "１，２００"])
def test_beds_are_taken_as_people_type_them(client, staff, unit_a, typed):
    client.force_login(staff)
    response = client.post(_url(unit_a), _data(unit_a, approved_beds=typed))
    assert response.status_code == 302
    unit_a.refresh_from_db()
    assert unit_a.approved_beds == 1200


def test_county_staff_edits_own_county(client, county_staff, unit_a):
    client.force_login(county_staff)
    assert client.get(_url(unit_a)).status_code == 200


def test_out_of_scope_is_404(client, county_staff, unit_b):
    client.force_login(county_staff)
    assert client.post(_url(unit_b), _data(unit_b)).status_code == 404
    unit_b.refresh_from_db()
    assert unit_b.approved_beds == 500


def test_leader_is_refused(client, leader, unit_a):
    client.force_login(leader)
    assert client.post(_url(unit_a), _data(unit_a)).status_code == 403
    unit_a.refresh_from_db()
    assert unit_a.approved_beds == 600


def test_unit_head_cannot_edit_own_unit(client, head_a, unit_a):
    client.force_login(head_a)
    assert client.get(_url(unit_a)).status_code == 403


def test_negative_beds_are_refused(client, staff, unit_a):
    client.force_login(staff)
    response = client.post(_url(unit_a), _data(unit_a, approved_beds="-5"))
    assert response.status_code == 400
    unit_a.refresh_from_db()
    assert unit_a.approved_beds == 600


def test_joining_a_second_community_as_a_lead_is_refused(client, staff, unit_a, community_a):
    from units.models import MedicalCommunity

    other = MedicalCommunity.objects.create(name="另一医共体", region=unit_a.region)
    client.force_login(staff)
    unit_a.refresh_from_db()
    response = client.post(_url(unit_a), _data(unit_a, medical_community=other.pk))
    assert response.status_code == 400
    assert "牵头单位" in response.content.decode()
    unit_a.refresh_from_db()
    assert unit_a.medical_community == community_a


def test_the_community_is_a_search_box_showing_its_name(client, staff, unit_a, community_a):
    client.force_login(staff)
    body = client.get(_url(unit_a)).content.decode()
    assert "青山县医共体</option>" not in body
    assert 'data-picker="/units/communities/suggest/"' in body
    assert 'value="青山县医共体"' in body


def test_a_community_may_be_typed_by_name(client, staff, unit_a, unit_b, community_a):
    client.force_login(staff)
    response = client.post(_url(unit_b), _data(unit_b, medical_community="青山县医共体"))
    assert response.status_code == 302
    unit_b.refresh_from_db()
    assert unit_b.medical_community == community_a


def test_an_unknown_community_is_told_in_words(client, staff, unit_a, community_a):
    client.force_login(staff)
    response = client.post(_url(unit_a), _data(unit_a, medical_community="火星医共体"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "找不到医共体“火星医共体”" in body and 'value="火星医共体"' in body


def test_a_community_outside_the_scope_is_not_found(client, county_staff, unit_a, county_b, unit_b):
    from units.models import MedicalCommunity

    other = MedicalCommunity.objects.create(name="白沙县医共体", region=county_b, lead_unit=unit_b)
    client.force_login(county_staff)
    for asked in (other.pk, other.name):
        response = client.post(_url(unit_a), _data(unit_a, medical_community=asked))
        assert response.status_code == 400
        assert "找不到医共体" in response.content.decode()
    unit_a.refresh_from_db()
    assert unit_a.medical_community is None


def test_it_rejects_delete(client, staff, unit_a):
    client.force_login(staff)
    assert client.delete(_url(unit_a)).status_code == 405


# --- no lost updates: the form carries the version it was opened at ----------------------------


def _opened(response) -> str:
    found = re.search(r'name="version" value="([^"]*)"', response.content.decode())
    assert found, "the edit form carries its version"
    return found.group(1)


def test_a_stale_form_cannot_overwrite_a_change_made_since(
    client, staff, county_staff, unit_a, clock
):
    client.force_login(staff)
    version = _opened(client.get(_url(unit_a)))
    clock.move_to(NOW + datetime.timedelta(minutes=5))
    other = Client()
    other.force_login(county_staff)
    changed = _data(unit_a, phone="0571-1234567", head_name="王院长")
    assert other.post(_url(unit_a), changed).status_code == 302
    response = client.post(_url(unit_a), {**_data(unit_a), "version": version})
    assert response.status_code == 400
    text = response.content.decode()
    assert "该单位已被赵永明于2026-06-15 10:05修改，您的修改未保存" in text
    assert 'value="新院长"' in text  # the person's input is kept
    unit_a.refresh_from_db()
    assert (unit_a.phone, unit_a.head_name) == ("0571-1234567", "王院长")
    # Having read the message, saving again is a deliberate decision and goes through.
    response = client.post(_url(unit_a), {**_data(unit_a), "version": _opened(response)})
    assert response.status_code == 302


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers on one database lock and has no row locks "
    "(SELECT … FOR UPDATE): the race is run in the PostgreSQL leg.",
)
@pytest.mark.django_db(transaction=True)
def test_two_stale_edits_at_once_have_one_winner(staff, county_staff, unit_a, clock):
    version = unit_a.updated.isoformat()
    clock.move_to(NOW + datetime.timedelta(minutes=5))
    barrier = threading.Barrier(2)
    outcomes: list[int | str] = ["not run", "not run"]

    def edit(index, person, head_name):
        from django.db import connection as thread_connection

        try:
            browser = Client()
            browser.force_login(person)
            barrier.wait()
            data = {**_data(unit_a, head_name=head_name), "version": version}
            outcomes[index] = browser.post(_url(unit_a), data).status_code
        except Exception as error:  # a 500: recorded for the assertion
            outcomes[index] = repr(error)
        finally:
            thread_connection.close()

    people = [(staff, "甲"), (county_staff, "乙")]
    threads = [
        threading.Thread(target=edit, args=(i, person, name))
        for i, (person, name) in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [302, 400]
    unit_a.refresh_from_db()
    assert unit_a.head_name == people[outcomes.index(302)][1]


def test_a_twin_saved_since_the_check_is_refused_in_chinese(client, staff, unit_a, monkeypatch):
    """Renaming to a name another person gives a new unit at the same moment: the form's own
    message (inside save_if_current's transaction), not an IntegrityError (500)."""
    from tests.fixtures import make_unit
    from tests.races import twin_after_validation
    from units.forms import UnitForm

    twin_after_validation(
        monkeypatch, UnitForm, lambda: make_unit(unit_a.region, "青山县妇幼保健院")
    )
    client.force_login(staff)
    response = client.post(_url(unit_a), _data(unit_a, name="青山县妇幼保健院"))
    assert response.status_code == 400
    assert "包含 所属区划 和 单位名称 的 医疗卫生机构 已经存在。" in response.content.decode()
    name = unit_a.name
    unit_a.refresh_from_db()
    assert (unit_a.name, unit_a.approved_beds) == (name, 600)
