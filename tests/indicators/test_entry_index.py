"""数据填报 in the menu: each person to their own entry page."""

from django.urls import reverse


def test_entry_index_sends_people_to_their_page(client, head_a, staff, leader, unit_a):
    client.force_login(head_a)
    response = client.get(reverse("indicators:entry_index"))
    assert response.url.startswith(f"/indicators/entry/unit/{unit_a.pk}/")
    client.force_login(staff)
    assert client.get(reverse("indicators:entry_index")).url == reverse("indicators:grid")
    client.force_login(leader)
    assert client.get(reverse("indicators:entry_index")).status_code == 403


def test_entry_index_rejects_post(client, head_a):
    client.force_login(head_a)
    assert client.post(reverse("indicators:entry_index")).status_code == 405
