import pytest

from units.models import Region, RegionLevel


def test_tree_lists_regions_in_scope(client, county_staff, county_a, county_b, township_a, unit_a):
    client.force_login(county_staff)
    response = client.get("/units/regions/")
    assert response.status_code == 200
    assert list(response.context["regions"]) == [county_a, township_a]
    assert response.context["regions"][0].unit_count == 1


def test_tree_is_for_bureau_people(client, head_a):
    client.force_login(head_a)
    assert client.get("/units/regions/").status_code == 403


def test_tree_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post("/units/regions/").status_code == 405


@pytest.mark.parametrize("count", [2, 12])
def test_tree_query_count_is_constant(client, staff, county_a, count, django_assert_num_queries):
    for index in range(count):
        Region.objects.create(name=f"镇{index}", level=RegionLevel.TOWNSHIP, parent=county_a)
    client.force_login(staff)
    with django_assert_num_queries(5):
        client.get("/units/regions/")


def test_staff_creates_a_township(client, staff, county_a):
    client.force_login(staff)
    response = client.post(
        "/units/regions/new/", {"name": "柳河镇", "level": 3, "parent": county_a.pk, "code": ""}
    )
    assert response.status_code == 302
    assert Region.objects.get(name="柳河镇").path.startswith(county_a.path)


def test_a_cycle_is_refused(client, staff, county_a, township_a):
    client.force_login(staff)
    response = client.post(
        f"/units/regions/{county_a.pk}/edit/",
        {"name": county_a.name, "level": 2, "parent": county_a.pk, "code": ""},
    )
    assert response.status_code == 400
    assert "循环" in response.content.decode()
    county_a.refresh_from_db()
    assert county_a.parent.level == RegionLevel.CITY


def test_a_wrong_level_is_refused(client, staff, city):
    client.force_login(staff)
    response = client.post(
        "/units/regions/new/", {"name": "某镇", "level": 3, "parent": city.pk, "code": ""}
    )
    assert response.status_code == 400
    assert not Region.objects.filter(name="某镇").exists()


def test_duplicate_name_under_parent_is_refused(client, staff, county_a, township_a):
    client.force_login(staff)
    response = client.post(
        "/units/regions/new/", {"name": "城关镇", "level": 3, "parent": county_a.pk, "code": ""}
    )
    assert response.status_code == 400
    assert Region.objects.filter(name="城关镇").count() == 1


def test_edit_out_of_scope_is_404(client, county_staff, county_b):
    client.force_login(county_staff)
    assert client.get(f"/units/regions/{county_b.pk}/edit/").status_code == 404


def test_leader_cannot_edit(client, leader, county_a):
    client.force_login(leader)
    assert client.get(f"/units/regions/{county_a.pk}/edit/").status_code == 403
    assert client.get("/units/regions/new/").status_code == 403


def test_create_rejects_put(client, staff):
    client.force_login(staff)
    assert client.put("/units/regions/new/").status_code == 405


def test_a_twin_saved_since_the_check_is_refused_in_chinese(client, staff, county_a, monkeypatch):
    """Two people adding the same township at once: a Chinese error, not an IntegrityError."""
    from tests.races import twin_after_validation
    from units.forms import RegionForm

    twin_after_validation(
        monkeypatch,
        RegionForm,
        lambda: Region.objects.create(name="柳河镇", level=RegionLevel.TOWNSHIP, parent=county_a),
    )
    client.force_login(staff)
    response = client.post(
        "/units/regions/new/", {"name": "柳河镇", "level": 3, "parent": county_a.pk, "code": ""}
    )
    assert response.status_code == 400
    assert "包含 上级区划 和 名称 的 行政区划 已经存在。" in response.content.decode()
    assert Region.objects.filter(name="柳河镇").count() == 1
