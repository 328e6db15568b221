from tests.fixtures import make_unit
from tests.races import twin_after_validation
from units.credit_code import make_credit_code
from units.forms import UnitForm
from units.models import Unit

URL = "/units/new/"


def _data(region, **overrides):
    data = {
        "name": "城关镇中心卫生院",
        "credit_code": make_credit_code("12329921000000077").lower(),
        "kind": "township_center",
        "region": region.pk,
        "ownership": "public",
        "grade": "1",
        "approved_beds": "80",
        "head_name": "曹强",
        "phone": "0599-8000000",
    }
    data.update(overrides)
    return data


def test_it_creates_a_unit(client, staff, county_a):
    client.force_login(staff)
    response = client.post(URL, _data(county_a))
    unit = Unit.objects.get(name="城关镇中心卫生院")
    assert response.status_code == 302
    assert response["Location"] == f"/units/{unit.pk}/"
    assert unit.credit_code == make_credit_code("12329921000000077")  # upper-cased
    assert unit.history.count() == 1
    assert unit.history.first().history_user == staff


def test_it_joins_a_community_typed_by_name(client, staff, county_a, community_a):
    client.force_login(staff)
    response = client.post(URL, _data(county_a, medical_community="青山县医共体"))
    assert response.status_code == 302
    assert Unit.objects.get(name="城关镇中心卫生院").medical_community == community_a


def test_it_shows_the_form(client, staff, county_a):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "统一社会信用代码" in body
    assert 'data-picker="/units/communities/suggest/"' in body  # not a select of every one


def test_wrong_credit_code_is_explained_and_nothing_saved(client, staff, county_a):
    client.force_login(staff)
    response = client.post(URL, _data(county_a, credit_code="12329921000000077X"))
    assert response.status_code == 400
    assert "校验位不符" in response.content.decode()
    assert not Unit.objects.exists()


def test_duplicate_credit_code_is_refused(client, staff, unit_a, county_a):
    client.force_login(staff)
    response = client.post(URL, _data(county_a, credit_code=unit_a.credit_code))
    assert response.status_code == 400
    assert "已存在" in response.content.decode()
    assert Unit.objects.count() == 1


def test_duplicate_name_in_region_is_refused(client, staff, unit_a, county_a):
    client.force_login(staff)
    response = client.post(URL, _data(county_a, name=unit_a.name))
    assert response.status_code == 400
    assert Unit.objects.count() == 1


def test_text_in_beds_is_refused(client, staff, county_a):
    client.force_login(staff)
    response = client.post(URL, _data(county_a, approved_beds="八十"))
    assert response.status_code == 400
    assert "整数" in response.content.decode()


def test_county_staff_cannot_create_in_another_county(client, county_staff, county_b):
    client.force_login(county_staff)
    response = client.post(URL, _data(county_b))
    assert response.status_code == 400
    assert not Unit.objects.exists()


def test_leader_is_refused(client, leader, county_a):
    client.force_login(leader)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(county_a)).status_code == 403
    assert not Unit.objects.exists()


def test_unit_head_is_refused(client, head_a, county_a):
    client.force_login(head_a)
    assert client.post(URL, _data(county_a)).status_code == 403


def test_it_rejects_put(client, staff):
    client.force_login(staff)
    assert client.put(URL).status_code == 405


def test_a_twin_saved_since_the_check_is_refused_in_chinese(
    client, staff, county_a, county_b, monkeypatch
):
    """Two people adding the same unit at once: the second gets the form's own message, not an
    IntegrityError (500)."""
    code = make_credit_code("12329921000000077")
    twin_after_validation(
        monkeypatch,
        UnitForm,
        lambda: Unit.objects.create(
            name="另一家卫生院", region=county_b, kind="general_hospital", credit_code=code
        ),
    )
    client.force_login(staff)
    response = client.post(URL, _data(county_a))
    assert response.status_code == 400
    assert response.context["form"].errors["credit_code"] == [
        "具有 统一社会信用代码 的 医疗卫生机构 已存在。"
    ]
    assert list(Unit.objects.values_list("name", flat=True)) == ["另一家卫生院"]


def test_a_twin_by_name_saved_since_the_check_is_refused(client, staff, county_a, monkeypatch):
    twin_after_validation(monkeypatch, UnitForm, lambda: make_unit(county_a, "城关镇中心卫生院"))
    client.force_login(staff)
    response = client.post(URL, _data(county_a))
    assert response.status_code == 400
    assert "包含 所属区划 和 单位名称 的 医疗卫生机构 已经存在。" in response.content.decode()
    assert Unit.objects.count() == 1
