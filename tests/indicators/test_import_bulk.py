"""The value import's bulk writes (issue 13): new figures and their history rows as
bulk_create_with_history wrote them, stored figures looked up a year at a time."""

from decimal import Decimal as D

import pytest

from healthreport.lib import imports
from indicators.models import Value, ValueStatus
from tests.indicators.test_import import YEAR, run

pytestmark = pytest.mark.django_db


def test_new_figures_have_their_history(places, staff):
    preview = run([[YEAR, "BEDS", None, "青山县人民医院", 600, "新建病区"]], staff)
    assert preview.written
    value = Value.objects.get()
    assert (value.value, value.comment, value.status, value.updated_by) == (
        D(600),
        "新建病区",
        ValueStatus.SUBMITTED,
        staff,
    )
    history = value.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+",
        staff,
        "",
    )
    assert (history.value, history.unit_id, history.updated) == (
        D(600),
        value.unit_id,
        value.updated,
    )


def test_a_later_chunk_of_another_year_checks_against_the_year_before(places, staff, monkeypatch):
    assert run([[YEAR - 1, "BEDS", None, "青山县人民医院", 600, ""]], staff).written
    monkeypatch.setattr(imports, "CHUNK_ROWS", 1)
    preview = run(
        [
            [YEAR - 1, "BEDS", None, "青山县人民医院", 610, ""],  # an update, looked up
            [YEAR, "BEDS", None, "青山县人民医院", 6000, ""],  # ten times the year before
        ],
        staff,
    )
    assert preview.count("更新") == 1
    assert any(error.row == 3 and error.column == "数值" for error in preview.errors)
