"""The facts a document is built from, and their JSON-safe snapshot.

`reports.builders.collect` reads the record into these small frozen classes; the outline builders
read nothing else. So a document can be stored with its facts (定稿) and built again from them,
years later, to the same text, whatever has happened to the record since.

The snapshot is plain JSON: a dataclass is an object tagged with its class name, a Decimal a
string tagged "$decimal", a date an ISO string tagged "$date". Only the classes registered below
are restored, so a snapshot cannot name arbitrary code.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

SNAPSHOT_VERSION = 1


@dataclasses.dataclass(frozen=True)
class RegionFacts:
    pk: int
    name: str
    level: int  # a units.models.RegionLevel code
    path: str


@dataclasses.dataclass(frozen=True)
class FieldFacts:
    """A field of work (工作领域) as the documents use it."""

    pk: int
    name: str
    categories: tuple[str, ...]  # indicators.models.Category codes told under this field
    data_role: str  # a reports.models.DataRole code
    # The indicator codes placed under this field (reports.models.FieldIndicator); an indicator
    # placed under no field is told under the field listing its category. Snapshots taken
    # before the placement existed have none, and are rebuilt as they were issued.
    indicators: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class EntryFacts:
    """An adopted work entry."""

    pk: int
    part: str  # a reports.models.Part code
    field_id: int
    title: str
    body: str
    highlight: str = ""  # a reports.models.HighlightKind code, "" when not a highlight


@dataclasses.dataclass(frozen=True)
class MeetingFacts:
    """The work conference the speech is given at (reports.models.MeetingContext)."""

    name: str
    date: datetime.date | None
    approved_by: str  # "经市委、市政府同意", "" when not recorded
    preceded_by: str  # "刚才，王建华同志作了工作报告", "" when not recorded


def _registry() -> dict[str, type]:
    from rectification.metrics import (
        OverdueProblem,
        PeriodFigures,
        PeriodRow,
        RectificationFigures,
        SanctionLine,
        UnitRectification,
    )
    from reports.builders import ReportData
    from reports.bulletin import BulletinData
    from reports.phrases import IndicatorFacts

    classes = (
        ReportData,
        RegionFacts,
        FieldFacts,
        EntryFacts,
        MeetingFacts,
        IndicatorFacts,
        RectificationFigures,
        UnitRectification,
        SanctionLine,
        BulletinData,
        PeriodFigures,
        PeriodRow,
        OverdueProblem,
    )
    return {cls.__name__: cls for cls in classes}


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        encoded = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$type": type(value).__name__, **encoded}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {"$dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot snapshot {type(value).__name__}")


def _decode(value: Any, registry: dict[str, type]) -> Any:
    if isinstance(value, list):
        return [_decode(item, registry) for item in value]
    if not isinstance(value, dict):
        return value
    if "$decimal" in value:
        return Decimal(value["$decimal"])
    if "$date" in value:
        return datetime.date.fromisoformat(value["$date"])
    if "$dict" in value:
        return {_decode(k, registry): _decode(v, registry) for k, v in value["$dict"]}
    cls = registry[value["$type"]]
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in value:
            decoded = _decode(value[f.name], registry)
            # Tuples are stored as lists; give the fields their tuples back.
            if isinstance(decoded, list) and str(f.type).startswith("tuple"):
                decoded = tuple(decoded)
            elif isinstance(decoded, list) and str(f.type).startswith("list[tuple"):
                decoded = [tuple(item) for item in decoded]
            kwargs[f.name] = decoded
    return cls(**kwargs)


def snapshot(data) -> dict:
    """`data` (a reports.builders.ReportData) as JSON-safe data."""
    return {"version": SNAPSHOT_VERSION, "data": _encode(data)}


def restore(stored: dict):
    """The ReportData a snapshot was taken of."""
    if stored.get("version") != SNAPSHOT_VERSION:
        raise ValueError(f"无法识别的数据快照版本：{stored.get('version')}")
    return _decode(stored["data"], _registry())
