"""The unit search box's suggestions (units:unit_suggest): at most 20, in the person's scope."""

from tests.fixtures import credit_code, make_unit
from units.models import Unit
from units.pickers import SUGGESTIONS, unit_label
from units.status import deactivate

URL = "/units/suggest/"


def names(response) -> list[str]:
    return [result["name"] for result in response.json()["results"]]


def test_it_suggests_units_by_name(client, staff, unit_a, unit_b):
    client.force_login(staff)
    response = client.get(URL, {"q": "青山"})
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "label": unit_label(unit_a),
            "name": "青山县人民医院",
            "detail": f"青山县 · {unit_a.credit_code}",
            "code": unit_a.credit_code,
            "region": "青山县",
        }
    ]


def test_it_suggests_units_by_credit_code(client, staff, unit_a, unit_b):
    client.force_login(staff)
    assert names(client.get(URL, {"q": unit_b.credit_code[-6:].lower()})) == ["白沙县人民医院"]


def test_it_suggests_nothing_for_an_empty_box(client, staff, unit_a):
    client.force_login(staff)
    assert names(client.get(URL, {"q": "  "})) == []


def test_it_never_suggests_another_countys_units(client, county_staff, unit_a, unit_b):
    client.force_login(county_staff)
    assert names(client.get(URL, {"q": "人民医院"})) == ["青山县人民医院"]


def test_a_unit_person_is_offered_only_their_unit(client, head_a, unit_a, unit_b):
    client.force_login(head_a)
    assert names(client.get(URL, {"q": "医院"})) == ["青山县人民医院"]


def test_it_suggests_at_most_twenty(client, staff, county_a):
    Unit.objects.bulk_create(
        Unit(name=f"第{i:02d}卫生室", region=county_a, kind="village_clinic", credit_code=code)
        for i, code in enumerate(credit_code() for _ in range(30))
    )
    client.force_login(staff)
    found = names(client.get(URL, {"q": "卫生室"}))
    assert len(found) == SUGGESTIONS == 20
    assert found == sorted(found)


def test_active_only_leaves_out_deactivated_units(client, staff, county_a, unit_a):
    closed = make_unit(county_a, "青山县老医院")
    deactivate(closed, staff, "已撤并")
    client.force_login(staff)
    assert set(names(client.get(URL, {"q": "青山县"}))) == {"青山县老医院", "青山县人民医院"}
    assert names(client.get(URL, {"q": "青山县", "active": "1"})) == ["青山县人民医院"]


def test_it_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(URL, {"q": "医院"}).status_code == 405


def test_it_requires_login(client, unit_a):
    response = client.get(URL, {"q": "医院"})
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
