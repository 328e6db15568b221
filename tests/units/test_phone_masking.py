"""个人信息保护法: a unit head's phone is shown in full only within the unit's scope; elsewhere
it is masked (area code and last 4 digits), on the pages and in the export, which the audit
trail records as an export of personal data."""

import io

import openpyxl
import pytest

from healthreport.lib.http import personal_data_of
from healthreport.lib.privacy import mask_phone
from units.importer import export_units
from units.models import Unit
from units.privacy import phone_for, reads_contacts


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("0514-86830018", "0514-****0018"),
        ("13912340018", "139****0018"),
        ("(0514)86830018", "(0514)****0018"),
        ("86830018", "****0018"),
        ("0514-123", "0514-****"),
        ("", ""),
    ],
)
def test_it_keeps_the_prefix_and_the_last_four_digits(phone, masked):
    assert mask_phone(phone) == masked


@pytest.fixture
def phones(unit_a, unit_b):
    Unit.objects.filter(pk=unit_a.pk).update(phone="0514-86830018")
    Unit.objects.filter(pk=unit_b.pk).update(phone="0517-82220018")
    unit_a.refresh_from_db()
    unit_b.refresh_from_db()


def test_who_reads_a_phone_in_full(phones, unit_a, unit_b, staff, county_staff, head_a, sys_admin):
    assert reads_contacts(staff, unit_b) and reads_contacts(county_staff, unit_a)
    assert not reads_contacts(county_staff, unit_b)
    assert reads_contacts(head_a, unit_a) and not reads_contacts(head_a, unit_b)
    assert not reads_contacts(sys_admin, unit_a)
    assert reads_contacts(None, unit_b)  # the command line
    assert phone_for(county_staff, unit_b) == "0517-****0018"


def test_the_pages_show_the_phone_in_scope(client, phones, unit_a, county_staff):
    client.force_login(county_staff)
    assert "0514-86830018" in client.get("/units/").content.decode()
    assert "0514-86830018" in client.get(f"/units/{unit_a.pk}/").content.decode()


def test_a_community_page_masks_members_outside_the_scope(
    client, phones, community_a, unit_b, county_staff, staff
):
    Unit.objects.filter(pk=unit_b.pk).update(medical_community=community_a)
    client.force_login(county_staff)
    body = client.get(f"/units/communities/{community_a.pk}/").content.decode()
    assert "0514-86830018" in body
    assert "0517-****0018" in body and "0517-82220018" not in body
    client.force_login(staff)
    assert "0517-82220018" in client.get(f"/units/communities/{community_a.pk}/").content.decode()


def _phones_in(data: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    column = [c.value for c in sheet[1]].index("联系电话")
    return [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_export_masks_phones_outside_the_scope(phones, county_staff):
    assert sorted(_phones_in(export_units(Unit.objects.all(), county_staff))) == [
        "0514-86830018",
        "0517-****0018",
    ]


def test_the_export_is_marked_as_personal_data(client, phones, staff):
    client.force_login(staff)
    response = client.get("/units/export/")
    assert response.status_code == 200
    assert personal_data_of(response) == "机构负责人姓名、联系电话"
    assert "0517-82220018" in _phones_in(response.content)
