"""The target form (设置目标): bureau writers set or change a year's target in their scope, by
the Excel import's rules (indicators.targets) and with the same history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Target
from tests.indicators.conftest import YEAR, aim, ind

URL = reverse("indicators:target_set")


def form(place_field: str, place, **overrides):
    data = {
        "indicator": ind("VACCINATION").pk,
        "year": YEAR,
        place_field: place.pk,
        "operator": ">=",
        "value": "95",
        "source": "免疫规划工作方案",
    }
    data.update(overrides)
    return data


def test_staff_sets_a_target_for_a_region(client, staff, county_a):
    client.force_login(staff)
    response = client.post(URL, form("region", county_a))
    assert response.status_code == 302
    assert response.url == f"{reverse('indicators:scorecard')}?year={YEAR}&region={county_a.pk}"
    target = Target.objects.get()
    assert (target.region, target.unit, target.operator) == (county_a, None, ">=")
    assert target.value == 95 and target.source == "免疫规划工作方案"
    assert target.history.get().history_user == staff


def test_staff_sets_a_target_for_a_unit(client, staff, unit_a):
    client.force_login(staff)
    response = client.post(URL, form("unit", unit_a, value="９２．５"))
    assert response.status_code == 302
    assert Target.objects.get(unit=unit_a).value == Decimal("92.5")


def test_the_form_opens_on_the_stored_target_and_changes_it_with_history(client, staff, county_a):
    stored = aim("VACCINATION", county_a, ">=", 90, source="规划")
    client.force_login(staff)
    query = {"indicator": "VACCINATION", "year": YEAR, "region": county_a.pk}
    response = client.get(URL, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="stored-target"' in page and "现有目标：≥90" in page
    assert response.context["form"]["value"].value() == stored.value
    response = client.post(
        f"{URL}?indicator=VACCINATION&year={YEAR}&region={county_a.pk}",
        form("region", county_a, value="93"),
    )
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.value == 93 and Target.objects.count() == 1
    assert [h.value for h in stored.history.order_by("history_date")] == [90, 93]
    assert stored.history.latest().history_user == staff


def test_it_rejects_other_methods(client, staff):
    client.force_login(staff)
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


def test_a_place_outside_the_scope_is_404(client, county_staff, county_b, unit_b):
    client.force_login(county_staff)
    assert client.get(URL, {"region": county_b.pk}).status_code == 404
    assert (
        client.get(URL, {"unit": unit_b.pk, "indicator": "BEDS", "year": YEAR}).status_code == 404
    )
    assert client.get(URL, {"region": "x"}).status_code == 404


def test_a_place_outside_the_scope_cannot_be_posted(client, county_staff, county_b):
    client.force_login(county_staff)
    response = client.post(URL, form("region", county_b))
    assert response.status_code == 400
    assert "找不到区划" in response.content.decode()  # a search box: outside, nothing is found
    assert not Target.objects.exists()


def test_a_county_does_not_change_the_citys_target(client, county_staff, city, county_a):
    aim("VACCINATION", city, ">=", 90)
    client.force_login(county_staff)
    # The city's target applies to the county, but only the city changes it.
    assert client.get(URL, {"region": city.pk}).status_code == 404


@pytest.mark.parametrize("who", ["leader", "head_a"])
def test_only_bureau_writers_set_targets(client, request, who, county_a):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form("region", county_a)).status_code == 403
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value": "101"}, "百分比应在0到100之间"),
        ({"value": "-1"}, "不能为负数；下降目标请用“较上年下降至少”并填写正数。"),
        ({"value": "abc"}, "请填写数字。"),
        ({"value": "1,5"}, "请填写数字。"),
        ({"value": "1e400"}, "数字位数过多"),
        ({"value": ""}, "请填写目标值。"),
        ({"region": ""}, "请选择目标所在的区划，或选择一个单位。"),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(client, staff, county_a, overrides, message):
    client.force_login(staff)
    response = client.post(URL, form("region", county_a, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Target.objects.exists()


def test_a_region_indicator_is_not_set_at_a_unit(client, staff, unit_a):
    # The import's rule, from the same function (indicators.targets.target_errors).
    client.force_login(staff)
    response = client.post(URL, form("unit", unit_a, indicator=ind("EXERCISE").pk, value="40"))
    assert response.status_code == 400
    assert "按区划评价，目标应设在区划上，而不是单位" in response.content.decode()
    assert not Target.objects.exists()


def test_a_region_and_a_unit_together_are_refused(client, staff, county_a, unit_a):
    client.force_login(staff)
    response = client.post(URL, {**form("region", county_a), "unit": unit_a.pk})
    assert response.status_code == 400
    assert "区划和单位只选一个" in response.content.decode()
    assert not Target.objects.exists()


def test_the_scorecard_links_to_the_form_for_writers_only(client, staff, leader, city):
    client.force_login(staff)
    assert (
        'data-testid="set-target"' in client.get(reverse("indicators:scorecard")).content.decode()
    )
    client.force_login(leader)
    assert (
        'data-testid="set-target"'
        not in client.get(reverse("indicators:scorecard")).content.decode()
    )
