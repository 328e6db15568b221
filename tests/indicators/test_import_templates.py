"""The value and target import templates: drop-downs (the indicator lists on the hidden sheet),
填写说明, examples of the person's own region and unit, and they import as downloaded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators.evaluation import TargetOperator
from indicators.exports import targets_template, values_template
from indicators.importers import TARGET_HEADERS, VALUE_HEADERS, TargetImporter, ValueImporter
from indicators.models import Indicator
from tests.excel_templates import drop_downs, example_rows, notes

pytestmark = pytest.mark.django_db


def test_the_values_template_offers_the_indicators_entered(staff, unit_a):
    offered = drop_downs(values_template(staff))
    entered = Indicator.objects.active().inputs()
    assert offered["指标编码"] == list(entered.values_list("code", flat=True))
    assert "PRIMARY_VISIT_RATE" not in offered["指标编码"]  # computed
    # The 填写说明 lists every column, the optional 报告期 too; the sheet keeps its columns.
    assert list(notes(values_template(staff))) == ValueImporter.headers
    assert "报告期" in ValueImporter.headers and "报告期" not in VALUE_HEADERS


def test_the_targets_template_offers_operators_and_codes(staff, unit_a):
    data = targets_template(staff)
    offered = drop_downs(data)
    assert offered["目标类型"] == list(TargetOperator.labels)
    assert "PRIMARY_VISIT_RATE" in offered["指标编码"]
    assert list(notes(data)) == TARGET_HEADERS


def test_the_examples_are_of_the_persons_scope(county_staff, unit_a, unit_b):
    rows = example_rows(values_template(county_staff))
    assert [row[3] for row in rows] == ["青山县人民医院", "青山县"]
    assert {row[2] for row in example_rows(targets_template(county_staff))} == {"青山县"}


@pytest.mark.parametrize(
    ("name", "importer"),
    [("values_template", ValueImporter), ("targets_template", TargetImporter)],
)
def test_they_import_as_downloaded(client, county_staff, unit_a, name, importer):
    client.force_login(county_staff)
    data = client.get(reverse(f"indicators:{name}")).content
    preview = importer(county_staff).run(data, commit=True)
    assert preview.ok, preview.errors
