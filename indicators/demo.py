"""Three years of indicator figures and targets for the demo city 示例市.

The figures are made up but plausible, and chosen so that the scorecard shows every outcome: some
indicators met or exceeded, some slightly below, some missed; in the current year a few units have
not reported yet and a few only have drafts. They are recorded under a dedicated account that
cannot log in (`demo_author`), never under a person. Running it twice writes nothing.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from accounts.models import Role, User
from healthreport.lib import clock
from indicators.catalogue import load_catalogue
from indicators.models import Indicator, Target, Value, ValueStatus
from units.demo import UNITS, demo_city, demo_units
from units.models import Region, RegionLevel, Unit

# City-wide figures entered directly, for (two years ago, last year, this year).
CITY_FIGURES = {
    "LIFE_EXP": ("78.62", "78.85", "79.10"),  # ≥78.93 exceeded
    "HEALTH_LITERACY": ("21.8", "23.1", "24.2"),  # ≥25 slightly below
    "SMOKING_15": ("24.6", "23.8", "22.9"),  # ≤23.3 exceeded
    "EXERCISE": ("37.4", "38.0", "38.5"),  # ≥38.5 met
    "CHRONIC_PREMATURE": ("16.2", "15.9", "15.6"),  # ≤15 slightly below
    "OOP_SHARE": ("29.8", "29.3", "28.9"),  # ≤27 missed
    "COUNTY_RETENTION": ("88.5", "90.1", "91.2"),  # ≥90 exceeded
    "EHR_COVERAGE": ("58.0", "61.5", "65.0"),  # ≥62 exceeded
}
# Per county/district: population, live births, and deaths (maternal, infant, under 5, neonatal).
COUNTY_COUNTS = {
    "东湖区": (310000, 2600, (0, 9, 16, 8)),
    "青山县": (420000, 3300, (1, 15, 23, 12)),
    "白沙县": (230000, 1900, (0, 9, 14, 7)),
}
CHILDCARE_PER_1000 = {"东湖区": "4.9", "青山县": "3.6", "白沙县": "3.9"}
# City targets set locally for the computed indicators (the national ones come from the catalogue).
LOCAL_TARGETS = {
    "BEDS_PER_1000": (">=", "7.2"),
    "DOCTORS_PER_1000": (">=", "2.6"),
    "NURSES_PER_1000": (">=", "3.4"),
    "GP_PER_10000": (">=", "2.2"),
    "PRIMARY_VISIT_RATE": (">=", "55"),
    "ALOS": ("<=", "8.5"),
    "DRUG_SHARE": ("<=", "30"),
    "CHILDCARE_PER_1000": (">=", "4.5"),
    "EMR_LEVEL": (">=", "3"),
    "ANTIBIOTIC_DDDS": ("<=", "40"),
}
# In the current year: these units have not reported at all, these only have drafts.
LATE = {"示例市口腔医院", "青山县康宁医院", "新港镇渔港村卫生室"}
DRAFTS = {"柳河镇卫生院", "白沙县中医院", "东关街道社区卫生服务中心"}
# The figures are recorded under this account (see `demo_author`).
AUTHOR = "demo_data"
AUTHOR_NAME = "演示数据（系统生成）"


def _unit_figures(unit: Unit, rng: random.Random, growth: float) -> dict[str, Decimal]:
    """Plausible counts and rates for one unit; `growth` lifts capacity year by year."""
    beds = max(unit.approved_beds, 0)
    kind = unit.kind
    hospital = kind.endswith("hospital") or kind == "maternal_child"
    size = beds if beds else (8 if kind in ("village_clinic", "clinic") else 20)
    doctors = round(size * (0.42 if hospital else 0.55) * growth * rng.uniform(0.9, 1.1)) + 2
    figures: dict[str, Any] = {  # counts (int) and rates (Decimal)
        "BEDS": round(beds * growth * 1.08),
        "DOCTORS": doctors,
        "NURSES": round(doctors * (1.45 if hospital else 0.9) * rng.uniform(0.95, 1.1)),
        "GPS": max(1, round(doctors * 0.35)) if not hospital else round(doctors * 0.04),
        "ALL_VISITS": round(size * (260 if hospital else 2600) * growth * rng.uniform(0.9, 1.1)),
        "DISCHARGES": round(beds * 30 * rng.uniform(0.9, 1.1)),
        "MEDICAL_REVENUE": round(beds * 52 * growth * rng.uniform(0.9, 1.1)) + 50,
        "ANTIBIOTIC_DDDS": Decimal(str(round(rng.uniform(34, 45), 1))),
        "EMR_LEVEL": rng.choice([2, 3, 3, 4, 4, 5]),
        "VACCINATION": Decimal(str(round(rng.uniform(87.5, 99.2), 2))),
        "HYPERTENSION_MGMT": Decimal(str(round(rng.uniform(70, 82), 2))),
        "ELDERLY_MGMT": Decimal(str(round(rng.uniform(58, 68), 2))),
        "TB_MGMT": Decimal(str(round(rng.uniform(88, 97), 2))),
        "MENTAL_MGMT": Decimal(str(round(rng.uniform(91, 98), 2))),
        "MATERNAL_MGMT": Decimal(str(round(rng.uniform(86, 96), 2))),
    }
    figures["PRIMARY_VISITS"] = figures["ALL_VISITS"]
    figures["INPATIENT_DAYS"] = round(figures["DISCHARGES"] * rng.uniform(6.8, 9.6))
    figures["DRUG_REVENUE"] = round(figures["MEDICAL_REVENUE"] * rng.uniform(0.24, 0.34))
    return {code: Decimal(value) for code, value in figures.items()}


def demo_author(city: Region) -> User:
    """The account the demo's figures are recorded under: not a person, and it cannot log in.

    Figures the demo makes up must not read as entered or approved by someone real (they reach
    the documents), so they carry this account in 填报人 and in their history.
    """
    author = User.objects.filter(username=AUTHOR).first()
    if author is None:
        author = User(
            username=AUTHOR,
            real_name=AUTHOR_NAME,
            role=Role.STAFF,
            region=city,
            is_active=False,
        )
        author.set_unusable_password()
        author.save()
    return author


def load(today=None) -> int:
    """Create the demo's figures and targets once; returns how many values were created.

    Only the demo's own places get figures: its city and counties, and the units the demo
    created (`units.demo.demo_units`); units users added get none. Once any figure of those
    places exists (the demo ran before, or people entered figures there) nothing is written, in
    any year: a figure people cleared, reopened or added stays as they left it.
    """
    year = (today or clock.today()).year
    years = [year - 2, year - 1, year]
    if not Indicator.objects.exists():
        # A flushed database (e.g. after live-server tests) lost the migration's catalogue.
        load_catalogue()
    indicators = {i.code: i for i in Indicator.objects.all()}
    city = demo_city()
    if city is None or not indicators:
        return 0
    counties = {
        r.name: r
        for r in Region.objects.filter(
            parent=city, level=RegionLevel.COUNTY, name__in=COUNTY_COUNTS
        )
    }
    units = demo_units()
    if Value.objects.filter(
        Q(region__in=[city, *counties.values()]) | Q(unit__in=units.values())
    ).exists():
        return 0
    author = demo_author(city)
    new: list[Value] = []

    def add(code, year_, value, *, region=None, unit=None, status=ValueStatus.APPROVED) -> None:
        new.append(
            Value(
                indicator=indicators[code],
                year=year_,
                region=region,
                unit=unit,
                value=Decimal(value),
                status=status,
                updated_by=author,
            )
        )

    for index, year_ in enumerate(years):
        current = year_ == year
        region_status = ValueStatus.SUBMITTED if current else ValueStatus.APPROVED
        for code, series in CITY_FIGURES.items():
            add(code, year_, series[index], region=city, status=region_status)
        for name, (population, births, deaths) in COUNTY_COUNTS.items():
            county = counties.get(name)
            if county is None:
                continue
            step = 2 - index  # two years ago the counts were a little different
            add("POPULATION", year_, population - step * 1500, region=county, status=region_status)
            add("LIVE_BIRTHS", year_, births + step * 120, region=county, status=region_status)
            for code, count in zip(
                ("MAT_DEATHS", "INFANT_DEATHS", "U5_DEATHS", "NEONATAL_DEATHS"),
                deaths,
                strict=True,
            ):
                add(
                    code,
                    year_,
                    count + (step if code != "MAT_DEATHS" else 0),
                    region=county,
                    status=region_status,
                )
            places = (
                Decimal(CHILDCARE_PER_1000[name]) * population / 1000 * Decimal(1 - 0.08 * step)
            )
            add("CHILDCARE_PLACES", year_, round(places), region=county, status=region_status)

        for seq, (name, *_rest) in enumerate(UNITS, 1):
            unit = units.get(name)
            if unit is None or (current and name in LATE):
                continue
            rng = random.Random(f"{name}-{year_}")
            figures = _unit_figures(unit, rng, 1 + 0.03 * index)
            if current:
                status = (
                    ValueStatus.DRAFT
                    if name in DRAFTS
                    else ValueStatus.APPROVED
                    if seq % 2
                    else ValueStatus.SUBMITTED
                )
            else:
                status = ValueStatus.APPROVED
            for code, value in figures.items():
                indicator = indicators[code]
                if indicator.applies_to_kind(unit.kind):
                    add(code, year_, value, unit=unit, status=status)

    if new:
        bulk_create_with_history(new, Value, batch_size=1000, default_user=author)
    _targets(city, years + [year + 1], indicators)
    return len(new)


def _targets(city: Region, years: list[int], indicators: dict[str, Indicator]) -> None:
    wanted = {}
    for code, indicator in indicators.items():
        if indicator.national_operator and indicator.national_target is not None:
            wanted[code] = (
                indicator.national_operator,
                indicator.national_target,
                indicator.source,
            )
    for code, (operator, value) in LOCAL_TARGETS.items():
        wanted[code] = (operator, Decimal(value), "示例市卫生健康事业发展规划")
    existing = set(
        Target.objects.filter(region=city, year__in=years).values_list("indicator_id", "year")
    )
    new = [
        Target(
            indicator=indicators[code],
            year=year,
            region=city,
            operator=operator,
            value=value,
            source=source,
        )
        for year in years
        for code, (operator, value, source) in wanted.items()
        if (indicators[code].pk, year) not in existing
    ]
    # A change target for next year, as the plans write them.
    if (indicators["OOP_SHARE"].pk, years[-1]) not in existing:
        for target in new:
            if target.indicator.code == "OOP_SHARE" and target.year == years[-1]:
                target.operator, target.value = "decrease_by", Decimal(1)
                target.source = "示例市深化医改重点工作任务"
    Target.objects.bulk_create(new)
