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


def test_it_rejects_delete(client, staff, unit_a):
    client.force_login(staff)
    assert client.delete(_url(unit_a)).status_code == 405
