"""year_figures on a small year worked out by hand (see the table in `year`)."""

from decimal import Decimal

import pytest

from rectification.metrics import SanctionLine, UnitRectification, year_figures
from rectification.models import Sanction, SanctionKind, Severity, Status
from tests.rectification.conftest import D, make_inspection, make_problem

AS_OF = D(2025, 6, 15)


@pytest.fixture
def year(unit_a, unit_b):
    """
    I1 2025-03-10 暗访     p1 unit_a closed 04-09 (orig 04-30: on time, 30 days)
                           p2 unit_a closed 06-10 (orig 05-31, extended 06-30: late, 92 days)
                           p3 unit_a in progress, deadline 06-01 → overdue 14 days
    I2 2025-04-01 专项检查 p4 unit_a cancelled
                           p5 unit_b open, deadline 07-31
    I4 2025-05-01 局督查   p6 unit_b submitted, deadline 03-01 → overdue 106 days, 重大
    I3 2024-12-20 暗访     p7 unit_a open, overdue (another year: left out)
    """
    i1 = make_inspection("院感暗访", D(2025, 3, 10), "暗访")
    i2 = make_inspection("医疗废物专项检查", D(2025, 4, 1), "专项检查")
    i3 = make_inspection("年末暗访", D(2024, 12, 20), "暗访")
    i4 = make_inspection("消防督查", D(2025, 5, 1), "局督查")
    make_problem(i1, unit_a, deadline=D(2025, 4, 30), status=Status.CLOSED, closed_on=D(2025, 4, 9))
    make_problem(
        i1,
        unit_a,
        original_deadline=D(2025, 5, 31),
        deadline=D(2025, 6, 30),
        status=Status.CLOSED,
        closed_on=D(2025, 6, 10),
    )
    make_problem(i1, unit_a, deadline=D(2025, 6, 1), status=Status.IN_PROGRESS)
    make_problem(i2, unit_a, status=Status.CANCELLED, category_name="医疗废物")
    make_problem(i2, unit_b, deadline=D(2025, 7, 31), category_name="医疗废物")
    make_problem(
        i4,
        unit_b,
        deadline=D(2025, 3, 1),
        status=Status.SUBMITTED,
        severity=Severity.MAJOR,
        category_name="安全生产与消防",
    )
    make_problem(i3, unit_a, deadline=D(2025, 1, 31))
    fine = SanctionKind.FINE
    Sanction.objects.create(unit=unit_a, kind=fine, amount=5000, date=D(2025, 5, 1))
    Sanction.objects.create(unit=unit_b, kind=fine, amount=3000, date=D(2025, 6, 1))
    Sanction.objects.create(unit=unit_b, kind=SanctionKind.WARNING, date=D(2025, 6, 1))
    Sanction.objects.create(unit=unit_a, kind=fine, amount=1000, date=D(2024, 12, 1))


def test_whole_system(year, unit_a, unit_b, django_assert_num_queries):
    # the totals by source and category, the two unit rankings and their names, inspections,
    # sanctions
    with django_assert_num_queries(7):
        f = year_figures(2025, None, as_of=AS_OF)
    assert (f.inspections, f.problems, f.cancelled, f.closed, f.open, f.overdue) == (
        3,
        6,
        1,
        2,
        3,
        2,
    )
    assert f.completion_rate == Decimal("40.0")  # 2 / (6 − 1)
    assert f.on_time_rate == Decimal("50.0")  # p1 on time, p2 late against the original deadline
    assert f.avg_days_to_close == Decimal("61.0")  # (30 + 92) / 2
    assert f.extended == 1
    assert f.by_status == {
        "open": 1,
        "in_progress": 1,
        "submitted": 1,
        "closed": 2,
        "cancelled": 1,
    }
    assert f.by_source == {"暗访": 3, "专项检查": 2, "局督查": 1}
    assert f.by_category == {"院感防控": 3, "医疗废物": 2, "安全生产与消防": 1}
    assert f.by_severity == {"一般": 5, "较重": 0, "重大": 1}
    assert f.by_unit == [
        UnitRectification(unit_a.pk, "青山县人民医院", 4, 2, 1, 1),
        UnitRectification(unit_b.pk, "白沙县人民医院", 2, 0, 1, 2),
    ]
    assert f.overdue_by_unit == [("白沙县人民医院", 1), ("青山县人民医院", 1)]
    assert f.ageing == {"未到期": 1, "逾期1-30天": 1, "逾期31-90天": 0, "逾期90天以上": 1}
    assert f.sanctions_count == 3
    assert f.sanctions == [
        SanctionLine("warning", entries=1, units=1),
        SanctionLine("fine", entries=2, units=2, amount=Decimal("8000")),
    ]
    assert f.sanctioned_units == 2
    assert f.sanctions_fine_total == Decimal("8000")
    assert f.region_name == "全部"


def test_one_county(year, county_a):
    f = year_figures(2025, county_a, as_of=AS_OF)
    assert (f.inspections, f.problems, f.cancelled, f.closed, f.open, f.overdue) == (
        2,
        4,
        1,
        2,
        1,
        1,
    )
    assert f.completion_rate == Decimal("66.7")  # 2 / 3
    assert f.sanctions_count == 1
    assert f.sanctions_fine_total == Decimal("5000")
    assert f.region_name == "青山县"


def test_overdue_is_counted_as_of_the_day_asked(year):
    assert year_figures(2025, None, as_of=D(2025, 2, 1)).overdue == 0
    assert year_figures(2025, None, as_of=D(2025, 8, 1)).overdue == 3


def test_empty_year_has_no_rates(db):
    f = year_figures(2030, None, as_of=AS_OF)
    assert f.problems == 0
    assert f.completion_rate is None and f.on_time_rate is None and f.avg_days_to_close is None
    assert f.sanctions_fine_total == Decimal(0)


def test_an_inspection_the_county_organised_counts_even_without_problems(year, county_a, county_b):
    make_inspection("县局自查", D(2025, 8, 1), "局督查", region=county_a)
    # Organised by 白沙县 but found a problem in 青山县: counted once, with its problem.
    elsewhere = make_inspection("交叉检查", D(2025, 8, 2), "相互查", region=county_b)
    from tests.fixtures import make_unit

    make_problem(elsewhere, make_unit(county_a, "青山县中医院"), deadline=D(2025, 9, 1))
    assert year_figures(2025, county_a, as_of=AS_OF).inspections == 4  # I1, I2, 自查, 交叉
    assert year_figures(2025, county_b, as_of=AS_OF).inspections == 3  # I2, I4, 交叉


def test_the_root_counts_every_inspection_its_bureau_sees(year, city, county_a, staff):
    from rectification.models import Inspection

    make_inspection("县局自查", D(2025, 8, 1), "局督查", region=county_a)
    make_inspection("市局督查", D(2025, 9, 1), "局督查")  # 市级 (no region), nothing found
    make_inspection("下一年", D(2026, 1, 5), "局督查")
    # I1, I2, I4, 县局自查 and the 市级 one: the inspection list of a bureau at the root.
    seen = Inspection.objects.visible_to(staff).filter(date__year=2025).count()
    assert year_figures(2025, city, as_of=AS_OF).inspections == seen == 5
    assert year_figures(2025, None, as_of=AS_OF).inspections == 5
    # A county counts those it organised and those that found problems there, not the city's.
    assert year_figures(2025, county_a, as_of=AS_OF).inspections == 3  # I1, I2, 县局自查


def test_a_tie_at_the_cut_keeps_the_older_unit_and_the_list_reads_by_name(city, monkeypatch):
    from rectification import metrics
    from tests.fixtures import make_unit
    from units.models import Region, RegionLevel

    monkeypatch.setattr(metrics, "UNITS_LISTED", 2)
    county = Region.objects.create(name="并列县", level=RegionLevel.COUNTY, parent=city)
    inspection = make_inspection("并列检查", date=D(2025, 2, 1))
    # Created 甲, 乙, 丙, each with two problems; by name (code point) 丙 < 乙 < 甲.
    for name in ["甲卫生院", "乙卫生院", "丙卫生院"]:
        unit = make_unit(county, name)
        for n in range(2):
            make_problem(inspection, unit, description=f"并列问题{n}", deadline=D(2025, 3, 1))
    f = year_figures(2025, county, as_of=AS_OF)
    # The cut keeps the two older units (not 丙, first by name); the list then reads by name.
    assert [(u.name, u.problems) for u in f.by_unit] == [("乙卫生院", 2), ("甲卫生院", 2)]
    assert f.overdue_by_unit == [("乙卫生院", 2), ("甲卫生院", 2)]
    assert f.units_with_problems == 3


def test_sanctions_count_entries_in_qi_and_distinct_units_in_jia(year, unit_a):
    fine = SanctionKind.FINE
    Sanction.objects.create(unit=unit_a, kind=fine, amount=2000, date=D(2025, 7, 1))
    f = year_figures(2025, None, as_of=AS_OF)
    fines = next(line for line in f.sanctions if line.kind == fine)
    # unit_a is fined twice in 2025, unit_b once: 3 entries at 2 units.
    assert (fines.entries, fines.units) == (3, 2)
    assert (f.sanctions_count, f.sanctioned_units) == (4, 2)


def test_voided_sanctions_are_not_counted(year, unit_a):
    from django.utils import timezone

    Sanction.objects.filter(unit=unit_a, date__year=2025).update(
        voided_at=timezone.now(), void_reason="录入错误"
    )
    f = year_figures(2025, None, as_of=AS_OF)
    assert f.sanctions_fine_total == Decimal("3000")
    assert f.sanctions_count == 2


def test_the_units_are_ranked_and_cut_in_the_database(city, monkeypatch):
    from rectification import metrics
    from tests.fixtures import make_unit
    from units.models import Region, RegionLevel

    monkeypatch.setattr(metrics, "UNITS_LISTED", 2)
    county = Region.objects.create(name="排名县", level=RegionLevel.COUNTY, parent=city)
    inspection = make_inspection("排名检查", date=D(2025, 2, 1))
    for index, count in enumerate([1, 3, 2]):
        unit = make_unit(county, f"排名卫生院{index}")
        for n in range(count):
            make_problem(inspection, unit, description=f"排名问题{n}", deadline=D(2025, 3, 1))
    f = year_figures(2025, county, as_of=AS_OF)
    assert [u.name for u in f.by_unit] == ["排名卫生院1", "排名卫生院2"]
    assert f.overdue_by_unit == [("排名卫生院1", 3), ("排名卫生院2", 2)]
    assert f.units_with_problems == 3
