"""The indicator catalogue (指标目录), for bureau people; the same for every region."""

from django.urls import reverse


def test_progress_and_catalogue_are_for_the_bureau(client, head_a, leader):
    client.force_login(head_a)
    assert client.get(reverse("indicators:progress")).status_code == 403
    assert client.get(reverse("indicators:catalogue")).status_code == 403
    client.force_login(leader)
    response = client.get(reverse("indicators:catalogue"))
    assert "孕产妇死亡率" in response.content.decode()
    assert client.post(reverse("indicators:catalogue")).status_code == 405


def test_county_staff_see_the_whole_catalogue(client, county_staff):
    client.force_login(county_staff)
    response = client.get(reverse("indicators:catalogue"))
    assert response.status_code == 200
    assert "孕产妇死亡率" in response.content.decode()
