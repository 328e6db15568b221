import pytest
from django.core.exceptions import ValidationError

from tests.fixtures import make_unit
from units.models import MedicalCommunity, Unit


def test_unit_visible_to_each_role(unit_a, unit_b, staff, county_staff, head_a, leader, admin_user):
    assert set(Unit.objects.visible_to(staff)) == {unit_a, unit_b}
    assert set(Unit.objects.visible_to(leader)) == {unit_a, unit_b}
    assert set(Unit.objects.visible_to(admin_user)) == {unit_a, unit_b}
    assert list(Unit.objects.visible_to(county_staff)) == [unit_a]
    assert list(Unit.objects.visible_to(head_a)) == [unit_a]


def test_full_clean_rejects_a_bad_credit_code(county_a):
    unit = Unit(name="某医院", credit_code="123", kind="general_hospital", region=county_a)
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "应为18位" in str(error.value)


def test_full_clean_rejects_a_duplicate_name_in_the_region(unit_a, county_a):
    twin = Unit(name=unit_a.name, credit_code=unit_a.credit_code, kind="clinic", region=county_a)
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "统一社会信用代码" in str(error.value)


def test_lead_unit_becomes_a_member(community_a, unit_a):
    unit_a.refresh_from_db()
    assert unit_a.medical_community == community_a
    assert unit_a.is_community_lead


def test_lead_of_one_community_cannot_join_another(community_a, unit_a, county_a):
    other = MedicalCommunity.objects.create(name="另一医共体", region=county_a)
    unit_a.refresh_from_db()
    unit_a.medical_community = other
    with pytest.raises(ValidationError, match="只能属于一个医共体|牵头单位"):
        unit_a.clean()


def test_community_lead_already_member_elsewhere_is_rejected(community_a, county_a):
    member = make_unit(county_a, "城关镇卫生院", medical_community=community_a)
    other = MedicalCommunity(name="另一医共体", region=county_a, lead_unit=member)
    with pytest.raises(ValidationError, match="一个单位只能属于一个医共体"):
        other.clean()
