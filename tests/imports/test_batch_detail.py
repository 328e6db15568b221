"""One import's page: what happened, the original file, the records it created or changed."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from imports.models import ImportBatch, Outcome
from indicators.models import Target, Value
from rectification.models import Problem
from tests.fixtures import make_unit
from tests.imports.conftest import import_through_page
from tests.indicators.conftest import ind
from tests.rectification.conftest import text
from tests.units.excel_helpers import xlsx_bytes
from tests.units.test_importer import row as unit_row
from units.credit_code import make_credit_code
from units.importer import HEADERS as UNIT_HEADERS

pytestmark = pytest.mark.django_db


def test_it_shows_the_batch_and_its_records(client, staff, imported):
    client.force_login(staff)
    response = client.get(imported.get_absolute_url())
    assert response.status_code == 200
    body = text(response)
    assert "已导入" in body and "刘晓燕" in body and "下载原始文件" in body
    assert f"/rectification/?batch={imported.pk}" in response.content.decode()


def test_the_records_link_lists_the_batchs_problems(client, staff, imported, unit_a):
    from tests.rectification.conftest import make_inspection, make_problem

    make_problem(make_inspection(title="另一次检查"), unit_a)
    client.force_login(staff)
    response = client.get(imported.records_url)
    assert response.status_code == 200
    assert [p.import_batch_id for p in response.context["page"]] == [imported.pk]
    assert Problem.objects.count() == 2


def test_it_rejects_post(client, staff, imported):
    client.force_login(staff)
    assert client.post(imported.get_absolute_url()).status_code == 405


def test_it_is_not_found_outside_the_scope(client, head_b, county_staff, imported):
    imported.region = imported.user.region  # the city: above the county
    client.force_login(county_staff)
    assert client.get(imported.get_absolute_url()).status_code == 404
    client.force_login(head_b)
    assert client.get(imported.get_absolute_url()).status_code == 404


def test_an_unknown_batch_is_not_found(client, staff):
    client.force_login(staff)
    assert client.get("/imports/999/").status_code == 404


def test_a_refused_batch_has_no_file_and_no_records(client, staff, city):
    batch = ImportBatch.objects.create(
        kind="ledger", title="整改台账", filename="坏.xlsx", region=city, outcome=Outcome.REFUSED
    )
    client.force_login(staff)
    body = text(client.get(batch.get_absolute_url()))
    assert "有错误，未导入" in body and "下载原始文件" not in body and "查看这次导入" not in body


# --- the records of the kinds that do not remember their batch (imports.records) ------------

UNIT_CODE = make_credit_code("12329921000000101")
VALUE_HEADERS = ["年度", "指标编码", "指标名称", "区划或单位", "数值", "备注"]
TARGET_HEADERS = ["年度", "指标编码", "区划或单位", "目标类型", "目标值", "依据"]


def unit_file() -> bytes:
    row = unit_row(单位名称="城关镇中心卫生院", 统一社会信用代码=UNIT_CODE)
    return xlsx_bytes(UNIT_HEADERS, [row])


def value_file(population=500000) -> bytes:
    return xlsx_bytes(
        VALUE_HEADERS,
        [
            [2025, "BEDS", None, "青山县人民医院", 600, ""],
            [2025, "POPULATION", None, "青山县", population, ""],
        ],
    )


def target_file() -> bytes:
    return xlsx_bytes(TARGET_HEADERS, [[2025, "MMR", "示例市", "≤", 14.5, "十四五规划"]])


# kind: (import page, command, file, what the batch page shows of its records)
KINDS = {
    "units": (
        "units:unit_import",
        "import_units",
        unit_file,
        ["城关镇中心卫生院", UNIT_CODE, "/units/"],
    ),
    "indicator-values": (
        "indicators:import_values",
        "import_indicator_values",
        value_file,
        ["青山县人民医院", "青山县", "600", "500,000", "/indicators/entry/unit/"],
    ),
    "indicator-targets": (
        "indicators:import_targets",
        "import_targets",
        target_file,
        ["孕产妇死亡率", "示例市", "≤14.5", "十四五规划", "/indicators/MMR/"],
    ),
}


def records_table(response) -> str:
    body = text(response)
    assert 'data-testid="records"' in body
    return body[body.index('data-testid="records"') :]


@pytest.mark.parametrize("kind", KINDS)
def test_it_lists_the_records_of_a_web_import(client, staff, unit_a, kind):
    page, _, data, shown = KINDS[kind]
    client.force_login(staff)
    batch = import_through_page(client, reverse(page), data())
    assert batch.kind == kind and batch.records["created"] and not batch.records["updated"]
    response = client.get(batch.get_absolute_url())
    table = records_table(response)
    assert all(part in table for part in shown), table
    assert "新增" in table and "更新" not in table
    assert batch.records_url == f"{batch.get_absolute_url()}#records"


@pytest.mark.parametrize("kind", KINDS)
def test_it_lists_the_records_of_a_command_import(client, admin_user, unit_a, tmp_path, kind):
    _, command, data, shown = KINDS[kind]
    path = tmp_path / "导入.xlsx"
    path.write_bytes(data())
    call_command(command, str(path), stdout=io.StringIO())
    batch = ImportBatch.objects.get()
    assert batch.by_label == "命令行" and batch.outcome == Outcome.IMPORTED
    client.force_login(admin_user)  # a command's batch is seen by those who see everything
    table = records_table(client.get(batch.get_absolute_url()))
    assert all(part in table for part in shown), table


def test_a_second_import_lists_what_it_changed(client, staff, unit_a):
    client.force_login(staff)
    page = reverse("indicators:import_values")
    first = import_through_page(client, page, value_file())
    second = import_through_page(client, page, value_file(population=510000))
    assert sorted(second.records["updated"]) == sorted(first.records["created"])
    table = records_table(client.get(second.get_absolute_url()))
    assert "510,000" in table and "更新" in table and "新增" not in table


def test_a_dry_run_and_a_refused_import_keep_no_records(staff, county_a, tmp_path):
    path = tmp_path / "机构.xlsx"
    path.write_bytes(unit_file())
    call_command("import_units", str(path), "--dry-run", stdout=io.StringIO())
    assert not ImportBatch.objects.exists()
    path.write_bytes(xlsx_bytes(UNIT_HEADERS, [unit_row(机构类别="?")]))
    with pytest.raises(CommandError):
        call_command("import_units", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert ImportBatch.objects.get().records == {}


def records_batch(kind, keys, *, region, created=True) -> ImportBatch:
    return ImportBatch.objects.create(
        kind=kind,
        title="导入",
        filename="导入.xlsx",
        region=region,
        outcome=Outcome.IMPORTED,
        records={"created": keys, "updated": []} if created else {"created": [], "updated": keys},
    )


def test_it_lists_only_the_records_in_the_viewers_scope(client, county_staff, unit_a, unit_b):
    """A unit moved out of the county since its import: counted, not shown."""
    batch = records_batch("units", [unit_a.pk, unit_b.pk], region=unit_a.region)
    client.force_login(county_staff)
    response = client.get(batch.get_absolute_url())
    assert [u.pk for u in response.context["page"]] == [unit_a.pk]
    assert "另有1条不在您的查看范围内" in text(response)


@pytest.mark.parametrize("kind", KINDS)
def test_a_batch_of_records_is_not_found_outside_the_scope(
    client, head_b, county_staff, staff, unit_a, kind
):
    client.force_login(staff)
    batch = import_through_page(client, reverse(KINDS[kind][0]), KINDS[kind][2]())
    for outsider in (county_staff, head_b):  # the batch sits in the city, above them
        client.force_login(outsider)
        assert client.get(batch.get_absolute_url()).status_code == 404


def test_the_original_file_is_refused_to_readers(client, leader, staff, unit_a):
    client.force_login(staff)
    batch = import_through_page(client, reverse("indicators:import_targets"), target_file())
    client.force_login(leader)
    response = client.get(batch.get_absolute_url())
    assert response.status_code == 200 and "下载原始文件" not in text(response)
    assert client.get(reverse("imports:batch_file", args=[batch.pk])).status_code == 403


# The session, the user and their region, the unread notifications (the menu), the batch, the
# records' count and their page with what it shows of them.
QUERIES = 7


def test_the_page_takes_as_many_queries_for_few_units_as_for_many(
    client, staff, county_a, django_assert_num_queries
):
    client.force_login(staff)
    for n in (3, 60):
        units = [make_unit(county_a, f"卫生院{n}-{i}") for i in range(n)]
        batch = records_batch("units", [u.pk for u in units], region=county_a)
        with django_assert_num_queries(QUERIES):
            assert client.get(batch.get_absolute_url()).status_code == 200


def test_the_page_takes_as_many_queries_for_few_values_as_for_many(
    client, staff, unit_a, django_assert_num_queries
):
    client.force_login(staff)
    for years in (range(2000, 2003), range(2010, 2070)):  # few, many
        values = [
            Value.objects.create(indicator=ind("BEDS"), unit=unit_a, year=year, value=year)
            for year in years
        ]
        batch = records_batch("indicator-values", [v.pk for v in values], region=unit_a.region)
        with django_assert_num_queries(QUERIES):
            assert client.get(batch.get_absolute_url()).status_code == 200


def test_the_page_takes_as_many_queries_for_few_targets_as_for_many(
    client, staff, city, unit_a, django_assert_num_queries
):
    client.force_login(staff)
    for years in (range(2000, 2003), range(2010, 2070)):  # few, many
        targets = [
            Target.objects.create(
                indicator=ind("MMR"), region=city, year=year, operator="<=", value=14
            )
            for year in years
        ]
        batch = records_batch("indicator-targets", [t.pk for t in targets], region=city)
        with django_assert_num_queries(QUERIES):
            assert client.get(batch.get_absolute_url()).status_code == 200
