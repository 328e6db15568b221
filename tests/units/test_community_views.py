import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fixtures import make_unit
from units.models import MedicalCommunity, Unit
from units.pickers import unit_label
from units.status import deactivate


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


def test_staff_creates_a_community_with_its_lead_as_first_member(client, staff, county_a, unit_a):
    client.force_login(staff)
    response = client.post(
        "/units/communities/new/",
        {"name": "青山县医共体", "region": county_a.pk, "lead_unit": unit_label(unit_a)},
    )
    assert response.status_code == 302
    community = MedicalCommunity.objects.get()
    assert set(community.members.all()) == {unit_a}


def test_the_form_has_no_select_of_every_unit(client, staff, community_a):
    client.force_login(staff)
    body = client.get(f"/units/communities/{community_a.pk}/edit/").content.decode()
    assert "<select" not in body.split("</form>")[0].split("<form", 1)[-1]
    assert 'name="members"' not in body
    assert 'name="region"' in body and 'data-picker="/units/regions/suggest/?max_level=2"' in body


def add(client, community, value):
    return client.post(f"/units/communities/{community.pk}/members/add/", {"unit": value})


def test_staff_adds_a_member_with_the_search_box(client, staff, community_a, county_a):
    member = make_unit(county_a, "城关镇卫生院")
    client.force_login(staff)
    response = add(client, community_a, unit_label(member))
    assert response.status_code == 302
    assert response.url == f"/units/communities/{community_a.pk}/"
    member.refresh_from_db()
    assert member.medical_community == community_a


def test_without_javascript_a_member_is_added_by_name(client, staff, community_a, county_a):
    member = make_unit(county_a, "城关镇卫生院")
    client.force_login(staff)
    assert add(client, community_a, "城关镇卫生院").status_code == 302
    assert Unit.objects.get(pk=member.pk).medical_community == community_a


def test_a_unit_in_two_communities_is_refused(client, staff, community_a, county_a):
    member = make_unit(county_a, "城关镇卫生院", medical_community=community_a)
    lead = make_unit(county_a, "青山县中医院")
    other = MedicalCommunity.objects.create(name="中医医共体", region=county_a, lead_unit=lead)
    client.force_login(staff)
    response = add(client, other, unit_label(member))
    assert response.status_code == 400
    assert "一个单位只能属于一个医共体" in response.content.decode()
    member.refresh_from_db()
    assert member.medical_community == community_a


def test_a_unit_outside_the_region_is_refused(client, staff, community_a, unit_b):
    client.force_login(staff)
    response = add(client, community_a, unit_label(unit_b))
    assert response.status_code == 400
    assert "不在医共体所属区划（青山县）内" in response.content.decode()
    unit_b.refresh_from_db()
    assert unit_b.medical_community is None


def test_a_closed_unit_is_not_added(client, staff, community_a, county_a):
    closed = make_unit(county_a, "青山县老医院")
    deactivate(closed, staff, "已撤并")
    client.force_login(staff)
    response = add(client, community_a, unit_label(closed))
    assert response.status_code == 400
    assert "找不到单位" in response.content.decode()
    assert Unit.objects.get(pk=closed.pk).medical_community is None


def test_an_unknown_unit_is_told_in_words(client, staff, community_a):
    client.force_login(staff)
    response = add(client, community_a, "不存在的医院")
    assert response.status_code == 400
    assert "找不到单位“不存在的医院”" in response.content.decode()


def test_adding_checks_scope_and_role(client, county_staff, leader, community_a, county_b, unit_b):
    lead = make_unit(county_b, "白沙县中医院")
    other = MedicalCommunity.objects.create(name="白沙县医共体", region=county_b, lead_unit=lead)
    client.force_login(county_staff)
    assert add(client, other, unit_label(unit_b)).status_code == 404
    client.force_login(leader)
    assert add(client, community_a, unit_label(unit_b)).status_code == 403


def test_adding_rejects_get(client, staff, community_a):
    client.force_login(staff)
    assert client.get(f"/units/communities/{community_a.pk}/members/add/").status_code == 405


def remove(client, community, unit):
    return client.post(f"/units/communities/{community.pk}/members/{unit.pk}/remove/")


def test_staff_removes_a_member(client, staff, community_a, county_a, unit_a):
    member = make_unit(county_a, "城关镇卫生院", medical_community=community_a)
    client.force_login(staff)
    assert remove(client, community_a, member).status_code == 302
    member.refresh_from_db()
    assert member.medical_community is None
    assert Unit.objects.get(pk=unit_a.pk).medical_community == community_a


def test_the_lead_unit_is_not_removed(client, staff, community_a, unit_a):
    client.force_login(staff)
    response = remove(client, community_a, unit_a)
    assert response.status_code == 302
    assert "是牵头单位，不能移出" in client.get(response.url).content.decode()
    assert Unit.objects.get(pk=unit_a.pk).medical_community == community_a


def test_removing_checks_membership_role_and_method(client, staff, leader, community_a, unit_b):
    client.force_login(staff)
    assert remove(client, community_a, unit_b).status_code == 404  # not a member
    client.force_login(leader)
    assert remove(client, community_a, community_a.lead_unit).status_code == 403
    client.force_login(staff)
    url = f"/units/communities/{community_a.pk}/members/{unit_b.pk}/remove/"
    assert client.get(url).status_code == 405


def test_the_detail_page_offers_adding_and_removing_to_writers_only(
    client, staff, leader, community_a, county_a
):
    member = make_unit(county_a, "城关镇卫生院", medical_community=community_a)
    client.force_login(staff)
    body = client.get(f"/units/communities/{community_a.pk}/").content.decode()
    assert 'data-picker="/units/suggest/?active=1"' in body
    assert f"/members/{member.pk}/remove/" in body
    assert f"/members/{community_a.lead_unit_id}/remove/" not in body  # the lead stays
    client.force_login(leader)
    body = client.get(f"/units/communities/{community_a.pk}/").content.decode()
    assert "data-picker" not in body and "/remove/" not in body


def test_a_closed_lead_unit_is_kept_when_the_community_is_edited(
    client, staff, community_a, unit_a
):
    deactivate(unit_a, staff, "已撤并")
    client.force_login(staff)
    url = f"/units/communities/{community_a.pk}/edit/"
    assert f'value="{unit_label(unit_a)}"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "青山县医共体（新）",
            "region": community_a.region_id,
            "lead_unit": unit_label(unit_a),
        },
    )
    assert response.status_code == 302
    community_a.refresh_from_db()
    assert community_a.lead_unit == unit_a and community_a.name == "青山县医共体（新）"


def test_a_closed_unit_is_not_chosen_as_a_new_lead(client, staff, county_a):
    closed = make_unit(county_a, "青山县老医院")
    deactivate(closed, staff, "已撤并")
    client.force_login(staff)
    response = client.post(
        "/units/communities/new/",
        {"name": "新医共体", "region": county_a.pk, "lead_unit": unit_label(closed)},
    )
    assert response.status_code == 400
    assert not MedicalCommunity.objects.filter(name="新医共体").exists()


def measure(client, path) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(response.content), len(queries)


@pytest.mark.parametrize("page", ["detail", "edit", "new"])
def test_pages_do_not_grow_with_the_units_of_the_scope(client, staff, community_a, county_a, page):
    path = {
        "detail": f"/units/communities/{community_a.pk}/",
        "edit": f"/units/communities/{community_a.pk}/edit/",
        "new": "/units/communities/new/",
    }[page]
    client.force_login(staff)
    for i in range(2):
        make_unit(county_a, f"青山县第{i:03d}卫生室", kind="village_clinic")
    few = measure(client, path)
    for i in range(2, 300):
        make_unit(county_a, f"青山县第{i:03d}卫生室", kind="village_clinic")
    many = measure(client, path)
    assert many[1] == few[1], f"queries at 3 units: {few[1]}, at 300: {many[1]}"
    assert abs(many[0] - few[0]) <= 64, f"HTML at 3 units: {few[0]} bytes, at 300: {many[0]}"


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
