import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import Role, User
from units.models import Region


def test_unit_people_need_a_unit(db):
    user = User(username="x", real_name="x", role=Role.UNIT_HEAD)
    with pytest.raises(ValidationError, match="必须指定所在单位"):
        user.clean()


def test_bureau_people_carry_no_unit(unit_a):
    user = User(username="x", real_name="x", role=Role.STAFF, unit=unit_a)
    with pytest.raises(ValidationError, match="不属于某个单位"):
        user.clean()


def test_the_database_refuses_a_unit_head_without_unit(db):
    with pytest.raises(IntegrityError):
        User.objects.create(username="x", real_name="x", role=Role.UNIT_HEAD)


def test_roles_and_scopes(staff, leader, county_staff, head_a, clerk_a, admin_user):
    assert staff.can_write and staff.is_bureau and not staff.sees_everything
    assert not leader.can_write and leader.is_bureau
    assert not head_a.can_write and head_a.is_unit_person
    assert not clerk_a.can_write
    assert admin_user.sees_everything and admin_user.can_write
    assert county_staff.scope_label == "青山县卫健局"
    assert head_a.scope_label == "青山县人民医院"


def test_region_visibility(staff, county_staff, head_a, city, county_a, county_b, unit_a):
    assert set(Region.objects.visible_to(staff)) == {city, county_a, county_b}
    assert set(Region.objects.visible_to(county_staff)) == {county_a}
    assert set(Region.objects.visible_to(head_a)) == {county_a}
