def test_it_shows_the_unit(client, staff, unit_a, community_a):
    client.force_login(staff)
    response = client.get(f"/units/{unit_a.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert unit_a.credit_code in body
    assert "青山县医共体" in body and "牵头单位" in body
    assert "编辑" in body


def test_unit_head_sees_own_unit_without_edit(client, head_a, unit_a):
    client.force_login(head_a)
    response = client.get(f"/units/{unit_a.pk}/")
    assert response.status_code == 200
    assert f"/units/{unit_a.pk}/edit/" not in response.content.decode()


def test_another_units_page_is_404_for_a_unit_head(client, head_a, unit_b):
    client.force_login(head_a)
    assert client.get(f"/units/{unit_b.pk}/").status_code == 404


def test_another_countys_unit_is_404_for_county_staff(client, county_staff, unit_b):
    client.force_login(county_staff)
    assert client.get(f"/units/{unit_b.pk}/").status_code == 404


def test_it_rejects_post(client, staff, unit_a):
    client.force_login(staff)
    assert client.post(f"/units/{unit_a.pk}/").status_code == 405


def test_leader_sees_no_edit_link(client, leader, unit_a):
    client.force_login(leader)
    response = client.get(f"/units/{unit_a.pk}/")
    assert f"/units/{unit_a.pk}/edit/" not in response.content.decode()


def test_it_links_to_the_units_problems(client, staff, unit_a):
    client.force_login(staff)
    body = client.get(f"/units/{unit_a.pk}/").content.decode()
    assert f"/rectification/?unit={unit_a.pk}&amp;year=" in body
