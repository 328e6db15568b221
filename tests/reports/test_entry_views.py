import pytest

from reports.models import EntryStatus, Part, WorkEntry, WorkField


@pytest.fixture
def field(db):
    return WorkField.objects.get(name="医共体建设")


def _entry(region, user, field, *, unit=None, status=EntryStatus.ADOPTED, order=10, title="条目"):
    return WorkEntry.objects.create(
        year=2025,
        part=Part.ACHIEVEMENT,
        field=field,
        title=title,
        body="内容",
        region=region,
        unit=unit,
        status=status,
        order=order,
        created_by=user,
    )


def _data(field, region=None, **overrides):
    data = {
        "year": 2025,
        "part": "achievement",
        "field": field.pk,
        "title": "推进医共体建设",
        "body": "全年下沉专家120人次。",
    }
    if region is not None:
        data["region"] = region.pk
    data.update(overrides)
    return data


def test_list_groups_by_part(client, staff, county_a, field):
    _entry(county_a, staff, field, title="亮点一")
    client.force_login(staff)
    response = client.get("/reports/entries/", {"year": 2025})
    assert response.status_code == 200
    assert "亮点一" in response.content.decode()


def test_list_keeps_to_the_scope(client, head_b, head_a, county_a, unit_a, field):
    _entry(county_a, head_a, field, unit=unit_a, status=EntryStatus.PROPOSED, title="甲单位亮点")
    client.force_login(head_b)
    assert "甲单位亮点" not in client.get("/reports/entries/?year=2025").content.decode()


def test_list_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post("/reports/entries/").status_code == 405


@pytest.mark.parametrize("count", [2, 12])
def test_list_query_count_is_constant(
    client, staff, county_a, field, count, django_assert_num_queries
):
    for index in range(count):
        _entry(county_a, staff, field, order=index)
    client.force_login(staff)
    with django_assert_num_queries(5):
        client.get("/reports/entries/", {"year": 2025})


def test_staff_entry_is_adopted(client, staff, county_a, field):
    client.force_login(staff)
    response = client.post("/reports/entries/new/", _data(field, county_a))
    assert response.status_code == 302
    entry = WorkEntry.objects.get()
    assert entry.status == EntryStatus.ADOPTED and entry.created_by == staff


def test_unit_head_proposes_for_own_unit(client, head_a, unit_a, county_a, field):
    client.force_login(head_a)
    response = client.post("/reports/entries/new/", _data(field))
    assert response.status_code == 302
    entry = WorkEntry.objects.get()
    assert entry.status == EntryStatus.PROPOSED
    assert entry.unit == unit_a and entry.region == county_a


def test_empty_title_is_explained_and_nothing_saved(client, staff, county_a, field):
    client.force_login(staff)
    response = client.post("/reports/entries/new/", _data(field, county_a, title=""))
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert not WorkEntry.objects.exists()


def test_county_staff_cannot_file_for_another_county(client, county_staff, county_b, field):
    client.force_login(county_staff)
    response = client.post("/reports/entries/new/", _data(field, county_b))
    assert response.status_code == 400
    assert not WorkEntry.objects.exists()


def test_leader_does_not_write_entries(client, leader, field):
    client.force_login(leader)
    assert client.get("/reports/entries/new/").status_code == 403


def test_create_rejects_put(client, staff):
    client.force_login(staff)
    assert client.put("/reports/entries/new/").status_code == 405


def test_unit_head_edits_own_proposal(client, head_a, unit_a, county_a, field):
    entry = _entry(county_a, head_a, field, unit=unit_a, status=EntryStatus.PROPOSED)
    client.force_login(head_a)
    response = client.post(f"/reports/entries/{entry.pk}/edit/", _data(field, title="改过的"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "改过的"


def test_unit_head_cannot_edit_once_adopted(client, head_a, unit_a, county_a, field):
    entry = _entry(county_a, head_a, field, unit=unit_a, status=EntryStatus.ADOPTED)
    client.force_login(head_a)
    assert client.post(f"/reports/entries/{entry.pk}/edit/", _data(field)).status_code == 403


def test_another_units_entry_is_404(client, head_b, head_a, unit_a, county_a, field):
    entry = _entry(county_a, head_a, field, unit=unit_a, status=EntryStatus.PROPOSED)
    client.force_login(head_b)
    assert client.get(f"/reports/entries/{entry.pk}/edit/").status_code == 404


def test_staff_adopts_and_sets_aside(client, staff, head_a, unit_a, county_a, field):
    entry = _entry(county_a, head_a, field, unit=unit_a, status=EntryStatus.PROPOSED)
    client.force_login(staff)
    assert client.get(f"/reports/entries/{entry.pk}/adopt/").status_code == 405
    client.post(f"/reports/entries/{entry.pk}/adopt/")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ADOPTED
    client.post(f"/reports/entries/{entry.pk}/set-aside/")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SET_ASIDE


def test_unit_head_cannot_adopt(client, head_a, unit_a, county_a, field):
    entry = _entry(county_a, head_a, field, unit=unit_a, status=EntryStatus.PROPOSED)
    client.force_login(head_a)
    assert client.post(f"/reports/entries/{entry.pk}/adopt/").status_code == 403


def test_adopt_out_of_scope_is_404(client, county_staff, staff, county_b, field):
    entry = _entry(county_b, staff, field)
    client.force_login(county_staff)
    assert client.post(f"/reports/entries/{entry.pk}/adopt/").status_code == 404


def test_moving_swaps_with_the_neighbour(client, staff, county_a, field):
    first = _entry(county_a, staff, field, order=10, title="一")
    second = _entry(county_a, staff, field, order=20, title="二")
    client.force_login(staff)
    assert client.post(f"/reports/entries/{second.pk}/up/").status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.order, first.order) == (10, 20)
    assert client.get(f"/reports/entries/{first.pk}/down/").status_code == 405


def test_leader_cannot_move(client, leader, staff, county_a, field):
    entry = _entry(county_a, staff, field)
    client.force_login(leader)
    assert client.post(f"/reports/entries/{entry.pk}/up/").status_code == 403


def test_delete(client, staff, county_a, field):
    entry = _entry(county_a, staff, field)
    client.force_login(staff)
    assert client.get(f"/reports/entries/{entry.pk}/delete/").status_code == 405
    assert client.post(f"/reports/entries/{entry.pk}/delete/").status_code == 302
    assert not WorkEntry.objects.exists()


def test_leader_cannot_delete(client, leader, staff, county_a, field):
    entry = _entry(county_a, staff, field)
    client.force_login(leader)
    assert client.post(f"/reports/entries/{entry.pk}/delete/").status_code == 403
    assert WorkEntry.objects.exists()


def test_htmx_move_returns_the_list_in_place(client, staff, county_a, field):
    first = _entry(county_a, staff, field, order=10, title="一")
    second = _entry(county_a, staff, field, order=20, title="二")
    client.force_login(staff)
    response = client.post(f"/reports/entries/{second.pk}/up/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<div id="entry-groups">')
    assert body.index("二") < body.index("一")
    first.refresh_from_db()
    assert first.order == 20


def test_htmx_adopt_shows_the_message_in_the_list(client, staff, head_a, unit_a, county_a, field):
    entry = _entry(county_a, head_a, field, unit=unit_a, status=EntryStatus.PROPOSED)
    client.force_login(staff)
    response = client.post(f"/reports/entries/{entry.pk}/adopt/", headers={"HX-Request": "true"})
    assert "已采用“条目”" in response.content.decode()


def test_an_entry_keeps_its_unit_closed_since(client, staff, county_a, unit_a, field):
    from units.pickers import unit_label
    from units.status import deactivate

    entry = _entry(county_a, staff, field, unit=unit_a)
    deactivate(unit_a, staff, "已撤并")
    client.force_login(staff)
    url = f"/reports/entries/{entry.pk}/edit/"
    assert f'value="{unit_label(unit_a)}"' in client.get(url).content.decode()
    data = _data(field, county_a, unit=unit_label(unit_a), title="改过的标题")
    assert client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.unit == unit_a and entry.title == "改过的标题"


def test_a_new_entry_names_no_closed_unit(client, staff, county_a, unit_a, field):
    from units.pickers import unit_label
    from units.status import deactivate

    deactivate(unit_a, staff, "已撤并")
    client.force_login(staff)
    body = client.get("/reports/entries/new/").content.decode()
    assert 'data-picker="/units/suggest/?active=1"' in body
    response = client.post("/reports/entries/new/", _data(field, county_a, unit=unit_label(unit_a)))
    assert response.status_code == 400
    assert not WorkEntry.objects.exists()
