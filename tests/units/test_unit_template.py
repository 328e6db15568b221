"""The units import template: drop-downs from the live choices, 填写说明, an example of the
person's own scope, and it imports as downloaded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.excel_templates import drop_downs, example_rows, notes
from units.importer import HEADERS, UnitImporter, template_workbook
from units.models import Grade, Ownership, UnitKind

pytestmark = pytest.mark.django_db


def test_it_offers_each_choice_column(staff, unit_a):
    offered = drop_downs(template_workbook(staff))
    assert offered == {
        "机构类别": list(UnitKind.labels),
        "经营性质": list(Ownership.labels),
        "等级": list(Grade.labels),
        "是否牵头单位": ["是", "否"],
    }


def test_it_explains_every_column(staff, unit_a):
    explained = notes(template_workbook(staff))
    assert list(explained) == HEADERS
    assert explained["单位名称"][0] == "必填" and explained["等级"][0] == "选填"
    assert "不填时为“未定级”" in explained["等级"][2]


def test_the_example_is_a_unit_of_the_persons_scope(county_staff, unit_a, unit_b):
    (row,) = example_rows(template_workbook(county_staff))
    assert row[:4] == ("青山县人民医院", unit_a.credit_code, "综合医院", "青山县")


def test_a_command_gets_the_first_unit_or_the_placeholder(db):
    assert example_rows(template_workbook())[0][0] == "示例县人民医院"


def test_it_imports_as_downloaded(staff, unit_a, community_a):
    preview = UnitImporter(staff).run(template_workbook(staff), commit=True)
    assert preview.ok, preview.errors
    assert preview.summary == "共1行：新增0条，更新1条"


def test_the_download_is_the_persons_template(client, county_staff, unit_a, unit_b):
    client.force_login(county_staff)
    response = client.get(reverse("units:unit_template"))
    assert response.status_code == 200
    assert example_rows(response.content)[0][0] == "青山县人民医院"
    assert "机构类别" in drop_downs(response.content)
