"""The facts snapshot: JSON-safe, restored exactly, and closed to anything unregistered."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from reports import builders, facts
from tests.reports.conftest import AS_OF, YEAR


def test_a_snapshot_survives_json_and_restores_equal(year_record):
    data = builders.collect(YEAR, year_record, as_of=AS_OF)
    stored = json.loads(json.dumps(facts.snapshot(data)))
    assert facts.restore(stored) == data


def test_decimals_and_dates_keep_their_type(year_record):
    data = builders.collect(YEAR, year_record, as_of=AS_OF)
    restored = facts.restore(json.loads(json.dumps(facts.snapshot(data))))
    assert restored.as_of == datetime.date(2026, 1, 15)
    mmr = next(r for r in restored.indicators if r.code == "MMR")
    assert isinstance(mmr.value, Decimal) and mmr.value == Decimal(20)
    assert isinstance(restored.fields[0].categories, tuple)


def test_an_unknown_class_is_refused():
    stored = {"version": facts.SNAPSHOT_VERSION, "data": {"$type": "os.system"}}
    with pytest.raises(KeyError):
        facts.restore(stored)


def test_an_unknown_version_is_refused():
    with pytest.raises(ValueError, match="版本"):
        facts.restore({"version": 99, "data": {}})


def test_only_plain_values_are_snapshotted():
    with pytest.raises(TypeError):
        facts.snapshot(object())
