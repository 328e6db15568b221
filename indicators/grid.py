"""The grid: one input indicator across every unit (or region) of a region, the staff's fast entry.

A grid is saved whole or not at all: a wrong figure in any cell, or a place whose figures may not
change, saves nothing, so that the page's "未保存任何数据" is true.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from accounts.policy import NotAllowed, WorkflowError
from healthreport.lib.excel import parse_decimal
from healthreport.lib.versions import version_of
from indicators import workflow
from indicators.checks import check_value
from indicators.evaluation import plain_number
from indicators.models import Indicator, Kind, Level, Value
from indicators.workflow import Place
from units.models import Region, Unit


class GridError(Exception):
    """The grid was not saved; the message is for the user, the rows carry each cell's error."""


@dataclass
class GridRow:
    """One place's cell: the stored figure, or what was posted for it."""

    place: Place
    value: Value | None  # this year's stored value
    previous: Decimal | None  # last year's figure
    text: str  # the figure as shown in the cell
    comment: str
    locked: bool  # approved: shown, not editable
    version: str = ""  # of the figure shown (healthreport.lib.versions), posted back as s_<pk>
    error: str = ""
    stale: bool = False  # someone else changed the figure since the page was opened


def input_indicators() -> list[Indicator]:
    """The indicators the grid can enter, in catalogue order."""
    return list(Indicator.objects.active().filter(kind=Kind.INPUT))


def load_grid(indicator: Indicator, region: Region, year: int) -> list[GridRow]:
    """A row for each unit of the region's subtree that reports the indicator (a unit-level
    one), or for each region of the subtree (a region-level one)."""
    places: list[Place]
    if indicator.level == Level.UNIT:
        places = [
            u
            for u in Unit.objects.in_region(region).active().select_related("region")
            if indicator.applies_to_kind(u.kind)
        ]
        key = "unit_id"
        stored = Value.objects.filter(
            indicator=indicator, unit__region__path__startswith=region.path
        )
    else:
        places = list(Region.objects.subtree_of(region))
        key = "region_id"
        stored = Value.objects.filter(indicator=indicator, region__path__startswith=region.path)
    current = {getattr(v, key): v for v in stored.filter(year=year)}
    previous = {getattr(v, key): v.value for v in stored.filter(year=year - 1)}
    rows = []
    for place in places:
        value = current.get(place.pk)
        rows.append(
            GridRow(
                place=place,
                value=value,
                previous=previous.get(place.pk),
                text=plain_number(value.value) if value else "",
                comment=value.comment if value else "",
                locked=bool(value and value.is_locked),
                version=version_of(value.updated if value else None),
            )
        )
    return rows


def save_grid(
    indicator: Indicator,
    year: int,
    rows: list[GridRow],
    data: Mapping[str, str],
    user: User,
) -> int:
    """Read every open cell from `data` (the posted grid, v_<pk> and c_<pk>), check it and save
    the whole grid in one transaction; returns how many places changed.

    Raises GridError, having saved nothing, when any cell is wrong or its place refuses the
    figure (e.g. its year is approved); each such row then carries its error.
    """
    entries = []
    for row in rows:
        if row.locked:
            continue
        row.text = data.get(f"v_{row.place.pk}", "").strip()
        row.comment = data.get(f"c_{row.place.pk}", "").strip()
        number, row.error = _parse(indicator, row)
        # Shown again on a refusal: the cell keeps the version the person's page had.
        row.version = data.get(f"s_{row.place.pk}", row.version)
        if not row.error and (number is not None or row.value is not None):
            entries.append((row, number))
    if errors := _count_errors(rows):
        raise GridError(f"有{errors}处填写有误，未保存任何数据。请修改标红的格子。")
    with transaction.atomic():
        changed = 0
        for row, number in entries:
            posted = data.get(f"s_{row.place.pk}")
            versions = None if posted is None else {indicator.pk: posted}
            try:
                changed += workflow.save_values(
                    row.place, year, [(indicator, number, row.comment)], user, versions
                )
            except NotAllowed:
                raise
            except workflow.StaleValues as error:
                _refresh(row, error.current[indicator.pk], error.conflicts[indicator.pk])
            except WorkflowError as error:
                row.error = str(error)
        if errors := _count_errors(rows):
            # Raised inside the transaction: the places saved before are rolled back too.
            raise GridError(f"有{errors}处不能保存，未保存任何数据。请查看标红的格子。")
    return changed


def _parse(indicator: Indicator, row: GridRow) -> tuple[Decimal | None, str]:
    """The cell's number (None when empty) and what is wrong with it ("" when nothing)."""
    if not row.text:
        return None, ""
    try:
        number = parse_decimal(row.text)
    except ValueError as error:
        return None, str(error)
    problems = check_value(indicator, number, row.previous, row.comment)
    return number, "；".join(problems)


def _refresh(row: GridRow, current: Value | None, error: str) -> None:
    """A stale cell shows what is stored now, and why the person's figure was not saved."""
    row.value = current
    row.text = plain_number(current.value) if current else ""
    row.comment = current.comment if current else ""
    row.version = version_of(current.updated if current else None)
    row.error = error
    row.stale = True


def _count_errors(rows: list[GridRow]) -> int:
    return sum(bool(row.error) for row in rows)
