"""One definition per figure on the unit pages: 医共体成员单位数 and 核定床位."""

import io

from openpyxl import load_workbook

from healthreport.lib.terms import Term
from tests.fixtures import make_unit
from units.models import APPROVED_BEDS_LABEL, MedicalCommunity, Unit


def _members(community_a, county_a, township_a, n=3):
    return [
        make_unit(township_a, f"卫生院{i}", approved_beds=20, medical_community=community_a)
        for i in range(n)
    ]


def test_list_and_detail_count_the_same_members(client, staff, community_a, county_a, township_a):
    _members(community_a, county_a, township_a)
    client.force_login(staff)
    listed = client.get("/units/communities/").context["communities"][0]
    detail = client.get(f"/units/communities/{community_a.pk}/")
    assert listed.member_count == detail.context["community"].member_count == 4  # lead + 3
    assert len(detail.context["members"]) == 4
    assert listed.member_beds == 600 + 3 * 20
    label = Term.COMMUNITY_MEMBERS.label
    assert label in client.get("/units/communities/").content.decode()
    assert label in detail.content.decode()


def test_a_unit_person_sees_the_whole_count(client, community_a, county_a, township_a):
    """visible_to joins the members to find the person's unit: the count must not use that join."""
    from accounts.models import Role
    from tests.fixtures import make_user

    member = _members(community_a, county_a, township_a)[0]
    clerk = make_user("member_clerk", Role.UNIT_CLERK, unit=member)
    client.force_login(clerk)
    listed = client.get("/units/communities/").context["communities"]
    assert [c.member_count for c in listed] == [4]
    detail = client.get(f"/units/communities/{community_a.pk}/").context
    assert detail["community"].member_count == len(detail["members"]) == 4


def test_a_lead_unit_left_outside_is_still_counted(client, staff, community_a, unit_a):
    Unit.objects.filter(pk=unit_a.pk).update(medical_community=None)
    client.force_login(staff)
    detail = client.get(f"/units/communities/{community_a.pk}/").context
    assert detail["community"].member_count == 1
    assert list(detail["members"]) == [unit_a]


def test_a_community_without_members_counts_zero(client, staff, county_a):
    MedicalCommunity.objects.create(name="空医共体", region=county_a)
    client.force_login(staff)
    (community,) = client.get("/units/communities/").context["communities"]
    assert (community.member_count, community.member_beds) == (0, 0)


def test_beds_are_named_approved_beds_everywhere(client, staff, unit_a, community_a):
    assert APPROVED_BEDS_LABEL == Term.APPROVED_BEDS.label == "核定床位"
    assert Unit._meta.get_field("approved_beds").verbose_name == APPROVED_BEDS_LABEL
    client.force_login(staff)
    for url in (
        "/",
        "/units/",
        f"/units/{unit_a.pk}/",
        "/units/communities/",
        f"/units/communities/{community_a.pk}/",
    ):
        body = client.get(url).content.decode()
        assert APPROVED_BEDS_LABEL in body, url
        assert ">床位<" not in body, url
    export = client.get("/units/export/")
    headers = next(
        load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert APPROVED_BEDS_LABEL in headers
