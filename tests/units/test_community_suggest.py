"""The 医共体 search box's suggestions (units:community_suggest): at most 20, in the person's
scope."""

from tests.fixtures import make_unit
from units.models import MedicalCommunity
from units.pickers import SUGGESTIONS

URL = "/units/communities/suggest/"


def names(response) -> list[str]:
    assert response.status_code == 200
    return [result["name"] for result in response.json()["results"]]


def test_it_suggests_communities_by_name(client, staff, community_a):
    client.force_login(staff)
    response = client.get(URL, {"q": "青山"})
    assert response.json()["results"] == [
        {"label": "青山县医共体", "name": "青山县医共体", "detail": "青山县"}
    ]


def test_it_suggests_nothing_for_an_empty_box(client, staff, community_a):
    client.force_login(staff)
    assert names(client.get(URL, {"q": "  "})) == []
    assert names(client.get(URL)) == []


def test_it_never_suggests_another_countys_community(
    client, county_staff, community_a, county_b, unit_b
):
    MedicalCommunity.objects.create(name="白沙县医共体", region=county_b, lead_unit=unit_b)
    client.force_login(county_staff)
    assert names(client.get(URL, {"q": "医共体"})) == ["青山县医共体"]
    assert names(client.get(URL, {"q": "白沙"})) == []


def test_a_unit_person_is_offered_only_their_units_community(client, head_a, community_a, county_a):
    MedicalCommunity.objects.create(
        name="青山县第二医共体", region=county_a, lead_unit=make_unit(county_a, "青山县中医院")
    )
    client.force_login(head_a)
    assert names(client.get(URL, {"q": "医共体"})) == ["青山县医共体"]


def test_it_suggests_at_most_twenty_in_one_query(
    client, staff, county_a, django_assert_num_queries
):
    MedicalCommunity.objects.bulk_create(
        MedicalCommunity(name=f"第{i:02d}医共体", region=county_a) for i in range(30)
    )
    client.force_login(staff)
    # session, user, the user's region (scope), the communities with their regions
    with django_assert_num_queries(4):
        found = names(client.get(URL, {"q": "医共体"}))
    assert len(found) == SUGGESTIONS == 20
    assert found == sorted(found)


def test_odd_input_is_no_error(client, staff, community_a):
    client.force_login(staff)
    for typed in ("%", "_", "'; --", "x" * 500):
        assert names(client.get(URL, {"q": typed})) == []


def test_it_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(URL, {"q": "医共体"}).status_code == 405


def test_it_requires_login(client, community_a):
    response = client.get(URL, {"q": "医共体"})
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
