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


def add_townships(county, count: int) -> None:
    for i in range(count):
        Region.objects.create(name=f"第{i:03d}镇", level=RegionLevel.TOWNSHIP, parent=county)


def test_tree_shows_the_top_and_the_level_below_only(client, staff, city, county_a, township_a):
    client.force_login(staff)
    response = client.get("/units/regions/")
    assert list(response.context["regions"]) == [city, county_a]  # the town comes on demand
    body = response.content.decode()
    # Without JavaScript, the toggle opens the tree rooted at the county.
    assert f'href="?root={county_a.pk}"' in body
    assert f'data-tree-children="/units/regions/{county_a.pk}/children/"' in body
    assert "城关镇" not in body


def test_a_node_with_no_lower_region_has_no_toggle(client, county_staff, county_a, township_a):
    client.force_login(county_staff)
    body = client.get("/units/regions/").content.decode()
    assert f'data-tree-children="/units/regions/{county_a.pk}/children/"' in body
    assert f"/units/regions/{township_a.pk}/children/" not in body


def test_tree_rooted_at_a_region(client, staff, city, county_a, township_a, unit_a):
    client.force_login(staff)
    response = client.get("/units/regions/", {"root": county_a.pk})
    assert list(response.context["regions"]) == [county_a, township_a]
    assert response.context["regions"][0].unit_count == 1
    body = response.content.decode()
    assert f'href="?root={city.pk}"' in body and "上一级" in body


def test_tree_rooted_outside_the_scope_is_404(client, county_staff, county_a, county_b):
    client.force_login(county_staff)
    assert client.get("/units/regions/", {"root": county_b.pk}).status_code == 404
    assert client.get("/units/regions/", {"root": "x"}).status_code == 404


def test_a_county_person_rooted_at_their_county_has_no_way_up(client, county_staff, county_a):
    client.force_login(county_staff)
    body = client.get("/units/regions/", {"root": county_a.pk}).content.decode()
    assert "上一级" not in body


def test_children_are_rows_with_their_unit_counts(client, staff, county_a, township_a):
    from tests.fixtures import make_unit

    make_unit(township_a, "城关镇卫生院")
    client.force_login(staff)
    response = client.get(f"/units/regions/{county_a.pk}/children/")
    assert response.status_code == 200
    assert list(response.context["regions"]) == [township_a]
    assert response.context["regions"][0].unit_count == 1
    body = response.content.decode()
    assert body.lstrip().startswith("<tr") and "<html" not in body


@pytest.mark.parametrize("towns", [3, 300])
def test_children_take_the_same_queries_for_few_and_many(
    client, staff, county_a, towns, django_assert_num_queries
):
    add_townships(county_a, towns)
    client.force_login(staff)
    # session, user, the user's region (scope), the region, its children with their counts;
    # a fragment prints no menu, so the unread reminders are not counted
    with django_assert_num_queries(5):
        response = client.get(f"/units/regions/{county_a.pk}/children/")
    assert len(response.context["regions"]) == towns


def test_children_check_scope_role_and_method(client, county_staff, head_a, county_a, county_b):
    client.force_login(county_staff)
    assert client.get(f"/units/regions/{county_b.pk}/children/").status_code == 404
    assert client.post(f"/units/regions/{county_a.pk}/children/").status_code == 405
    client.force_login(head_a)
    assert client.get(f"/units/regions/{county_a.pk}/children/").status_code == 403


def test_the_parent_is_a_search_box_of_cities_and_counties(client, staff, county_a):
    client.force_login(staff)
    body = client.get("/units/regions/new/").content.decode()
    assert 'data-picker="/units/regions/suggest/?max_level=2"' in body and "<select" in body
    assert 'name="parent"' in body and "青山县</option>" not in body


def test_a_township_is_not_a_parent(client, staff, township_a):
    client.force_login(staff)
    response = client.post(
        "/units/regions/new/",
        {"name": "某村", "level": 3, "parent": "示例市/青山县/城关镇", "code": ""},
    )
    assert response.status_code == 400
    assert "找不到区划" in response.content.decode()
