import pytest

from tests.fixtures import make_unit
from units.models import MedicalCommunity, Unit


def test_list_shows_communities_in_scope(client, county_staff, community_a, county_b, unit_b):
    MedicalCommunity.objects.create(name="白沙县医共体", region=county_b, lead_unit=unit_b)
    client.force_login(county_staff)
    response = client.get("/units/communities/")
    assert response.status_code == 200
    assert list(response.context["communities"]) == [community_a]
    assert response.context["communities"][0].member_count == 1


def test_list_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post("/units/communities/").status_code == 405


@pytest.mark.parametrize("count", [2, 12])
def test_list_query_count_is_constant(client, staff, county_a, count, django_assert_num_queries):
    for index in range(count):
        lead = make_unit(county_a, f"医院{index}")
        MedicalCommunity.objects.create(name=f"医共体{index}", region=county_a, lead_unit=lead)
    client.force_login(staff)
    # session, user, the user's region (scope), unread reminders (menu), the communities
    with django_assert_num_queries(5):
        client.get("/units/communities/")


def test_detail_lists_members(client, staff, community_a, county_a):
    member = make_unit(county_a, "城关镇卫生院", medical_community=community_a)
    client.force_login(staff)
    response = client.get(f"/units/communities/{community_a.pk}/")
    assert response.status_code == 200
    assert set(response.context["members"]) == {community_a.lead_unit, member}


def test_detail_out_of_scope_is_404(client, head_b, community_a):
    client.force_login(head_b)
    assert client.get(f"/units/communities/{community_a.pk}/").status_code == 404


def test_detail_rejects_post(client, staff, community_a):
    client.force_login(staff)
    assert client.post(f"/units/communities/{community_a.pk}/").status_code == 405


def test_staff_creates_a_community_with_members(client, staff, county_a, unit_a):
    member = make_unit(county_a, "城关镇卫生院")
    client.force_login(staff)
    response = client.post(
        "/units/communities/new/",
        {
            "name": "青山县医共体",
            "region": county_a.pk,
            "lead_unit": unit_a.pk,
            "members": [member.pk],
        },
    )
    assert response.status_code == 302
    community = MedicalCommunity.objects.get()
    assert set(community.members.all()) == {unit_a, member}


def test_a_unit_in_two_communities_is_refused(client, staff, community_a, county_a):
    member = make_unit(county_a, "城关镇卫生院", medical_community=community_a)
    lead = make_unit(county_a, "青山县中医院")
    client.force_login(staff)
    response = client.post(
        "/units/communities/new/",
        {"name": "中医医共体", "region": county_a.pk, "lead_unit": lead.pk, "members": [member.pk]},
    )
    assert response.status_code == 400
    assert "一个单位只能属于一个医共体" in response.content.decode()
    assert MedicalCommunity.objects.count() == 1
    member.refresh_from_db()
    assert member.medical_community == community_a


def test_editing_removes_members(client, staff, community_a, county_a, unit_a):
    member = make_unit(county_a, "城关镇卫生院", medical_community=community_a)
    client.force_login(staff)
    response = client.post(
        f"/units/communities/{community_a.pk}/edit/",
        {"name": community_a.name, "region": county_a.pk, "lead_unit": unit_a.pk, "members": []},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.medical_community is None
    assert Unit.objects.get(pk=unit_a.pk).medical_community == community_a


def test_lead_is_required(client, staff, county_a):
    client.force_login(staff)
    response = client.post("/units/communities/new/", {"name": "无牵头", "region": county_a.pk})
    assert response.status_code == 400
    assert not MedicalCommunity.objects.exists()


def test_leader_cannot_create(client, leader):
    client.force_login(leader)
    assert client.get("/units/communities/new/").status_code == 403


def test_edit_out_of_scope_is_404(client, head_b, community_a):
    client.force_login(head_b)
    assert client.get(f"/units/communities/{community_a.pk}/edit/").status_code == 404


def test_unit_head_cannot_edit_own_community(client, head_a, community_a):
    client.force_login(head_a)
    assert client.get(f"/units/communities/{community_a.pk}/edit/").status_code == 403


def test_create_rejects_put(client, staff):
    client.force_login(staff)
    assert client.put("/units/communities/new/").status_code == 405


def test_a_unit_person_sees_the_other_members_by_name_only(
    client, head_b, county_a, unit_b, community_a
):
    unit_b.medical_community = community_a
    unit_b.approved_beds = 4321
    unit_b.save()
    lead = community_a.lead_unit
    lead.head_name, lead.phone = "何振华", "0571-7654321"
    lead.save()
    client.force_login(head_b)
    body = client.get(f"/units/communities/{community_a.pk}/").content.decode()
    assert lead.name in body and unit_b.name in body
    for detail in ("何振华", "0571-7654321", "600", "4,321"):
        assert detail not in body
    assert f"/units/{lead.pk}/" not in body and f"/units/{unit_b.pk}/" in body
    listing = client.get("/units/communities/").content.decode()
    assert "4,921" not in listing and "核定床位" not in listing


def test_bureau_people_see_the_members_details(client, staff, community_a):
    lead = community_a.lead_unit
    lead.head_name = "何振华"
    lead.save()
    client.force_login(staff)
    body = client.get(f"/units/communities/{community_a.pk}/").content.decode()
    assert "何振华" in body and "600" in body and f"/units/{lead.pk}/" in body


def test_a_twin_saved_since_the_check_is_refused_in_chinese(
    client, staff, county_a, unit_a, monkeypatch
):
    """Two people adding the same 医共体 at once: a Chinese error, and no member moved."""
    from tests.races import twin_after_validation
    from units.forms import MedicalCommunityForm

    twin_after_validation(
        monkeypatch,
        MedicalCommunityForm,
        lambda: MedicalCommunity.objects.create(name="青山县医共体", region=county_a),
    )
    client.force_login(staff)
    response = client.post(
        "/units/communities/new/",
        {"name": "青山县医共体", "region": county_a.pk, "lead_unit": unit_a.pk},
    )
    assert response.status_code == 400
    assert "具有 医共体名称 的 医共体 已存在。" in response.content.decode()
    assert MedicalCommunity.objects.count() == 1
    unit_a.refresh_from_db()
    assert unit_a.medical_community is None
