"""The ledger import template: drop-downs from the live lists and choices, 填写说明, an example
of the person's own scope, and it imports as downloaded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rectification.ledger import HEADERS, LedgerImporter, template_workbook
from rectification.models import Category, Kind, Problem, Severity, Source, Status
from tests.excel_templates import drop_downs, example_rows, notes

pytestmark = pytest.mark.django_db


def test_it_offers_the_live_lists_and_the_choices(staff, unit_a):
    Source.objects.filter(name="暗访").update(active=False)
    Category.objects.create(name="新设类别", order=999)
    offered = drop_downs(template_workbook(staff))
    assert offered["问题来源"] == list(
        Source.objects.filter(active=True).values_list("name", flat=True)
    )
    assert "暗访" not in offered["问题来源"]
    assert offered["问题类别"][-1] == "新设类别"
    assert offered["严重程度"] == list(Severity.labels)
    assert offered["整改类型"] == list(Kind.labels)
    assert offered["整改状态"] == list(Status.labels)


def test_it_explains_every_column(staff, unit_a):
    explained = notes(template_workbook(staff))
    assert list(explained) == HEADERS
    assert explained["整改时限"] == [
        "必填",
        "应完成整改的日期，不早于检查日期",
        "日期，如 2025-12-31",
    ]


def test_the_example_names_a_unit_of_the_persons_scope(county_staff, unit_a, unit_b):
    (row,) = example_rows(template_workbook(county_staff))
    first_source = Source.objects.filter(active=True).first()
    assert (row[1], row[4]) == (first_source.name, "青山县人民医院")


def test_it_imports_as_downloaded(client, county_staff, unit_a, unit_b):
    client.force_login(county_staff)
    data = client.get(reverse("rectification:ledger_template")).content
    preview = LedgerImporter(county_staff).run(data, commit=True)
    assert preview.ok, preview.errors
    assert Problem.objects.get().unit == unit_a
