"""The shipped indicator catalogue: indicators/fixtures/catalogue.csv, loaded by a data migration.

The CSV lists each indicator with its category, unit, direction, level, decimals and the published
national target; its baseline_2020 column (the plans' 2020 figure) is kept for reference and not
loaded. Which kinds of unit report a unit-level indicator is the bureau's own knowledge and lives
here (UNIT_KINDS); the admin can change both afterwards.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from units.models import HOSPITAL_KINDS

CSV_PATH = Path(__file__).resolve().parent / "fixtures" / "catalogue.csv"

CATEGORIES = {
    "健康水平": "health",
    "疾病防治": "disease",
    "妇幼健康": "maternal_child",
    "医疗服务": "medical_service",
    "计划生育": "population",
    "医疗卫生服务体系": "system",
    "医疗卫生保障": "security",
}

HOSPITALS = [kind.value for kind in HOSPITAL_KINDS]
PRIMARY_CENTRES = ["township_center", "community_center"]
PRIMARY = [*PRIMARY_CENTRES, "community_station", "village_clinic", "clinic"]
WITH_BEDS = [*HOSPITALS, *PRIMARY_CENTRES]

UNIT_KINDS: dict[str, list[str]] = {
    "DOCTORS": [*HOSPITALS, *PRIMARY, "emergency"],
    "NURSES": [*HOSPITALS, *PRIMARY, "emergency"],
    "GPS": ["general_hospital", *PRIMARY],
    "BEDS": WITH_BEDS,
    "PRIMARY_VISITS": PRIMARY,
    "ALL_VISITS": [*HOSPITALS, *PRIMARY],
    "INPATIENT_DAYS": WITH_BEDS,
    "DISCHARGES": WITH_BEDS,
    "DRUG_REVENUE": WITH_BEDS,
    "MEDICAL_REVENUE": WITH_BEDS,
    "ALOS": WITH_BEDS,
    "DRUG_SHARE": WITH_BEDS,
    "VACCINATION": PRIMARY_CENTRES,
    "HYPERTENSION_MGMT": PRIMARY_CENTRES,
    "ELDERLY_MGMT": PRIMARY_CENTRES,
    "TB_MGMT": PRIMARY_CENTRES,
    "MENTAL_MGMT": PRIMARY_CENTRES,
    "MATERNAL_MGMT": ["maternal_child", *PRIMARY_CENTRES],
    "ANTIBIOTIC_DDDS": HOSPITALS,
    "EMR_LEVEL": HOSPITALS,
}

# Ratios whose numerator may exceed the denominator (bed days over discharges).
UNBOUNDED_RATIOS = {"ALOS"}

# Names a catalogue indicator had before, still accepted in imports (a bureau's old files).
# BEDS was renamed so that it never reads as the registry's 核定床位 (healthreport.lib.terms).
FORMER_NAMES: dict[str, tuple[str, ...]] = {"BEDS": ("医疗卫生机构床位数",)}


def former_names(code: str) -> tuple[str, ...]:
    return FORMER_NAMES.get(code, ())


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text and text.strip() else None


def read_rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_catalogue(indicator_model=None) -> int:
    """Create or update every catalogue indicator; returns how many rows were read.

    `indicator_model` is the historical model inside a migration, the real one elsewhere.
    """
    if indicator_model is None:
        from indicators.models import Indicator as indicator_model
    rows = read_rows()
    # Inputs first, so that computed indicators can point at their operands.
    ordered = sorted(enumerate(rows), key=lambda pair: pair[1]["kind"] == "computed")
    by_code: dict[str, Any] = {}
    for index, row in ordered:
        fields = {
            "name": row["name"],
            "category": CATEGORIES[row["category"]],
            "unit_label": row["unit"],
            "direction": row["direction"],
            "decimals": int(row["decimals"] or 0),
            "level": row["level"],
            "kind": row["kind"],
            "factor": _decimal(row["factor"]),
            "numerator": by_code.get(row["numerator"]) if row["numerator"] else None,
            "denominator": by_code.get(row["denominator"]) if row["denominator"] else None,
            "numerator_not_above_denominator": row["code"] not in UNBOUNDED_RATIOS,
            "unit_kinds": UNIT_KINDS.get(row["code"], []),
            "national_operator": row["target_op"] or "",
            "national_target": _decimal(row["target_2025"]),
            "source": row["source"],
            "note": row["note"],
            "order": index + 1,
        }
        indicator, _ = indicator_model.objects.update_or_create(code=row["code"], defaults=fields)
        by_code[row["code"]] = indicator
    return len(rows)
