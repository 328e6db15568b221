"""Every page that chooses a region does it with a search box (units.pickers): its HTML and
queries stay the same at 3 regions and at 300 (a province has about 1,600), and a region in the
URL shows its full path in the box."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from units.models import Region, RegionLevel

YEAR = 2025


def add_townships(county, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        Region.objects.create(name=f"第{i:03d}镇", level=RegionLevel.TOWNSHIP, parent=county)


def measure(client, path: str, data: dict) -> tuple[int, int, str]:
    """The HTML length, the query count and the body of one page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, data)
    assert response.status_code == 200, path
    return len(response.content), len(queries), response.content.decode()


# Pages and their query strings; the region asked for is county_b, away from the towns added
# under county_a, so that only a picker listing regions could grow.
PAGES = {
    "unit list": ("units:unit_list", [], {"region": "B"}),
    "new unit": ("units:unit_create", [], {}),
    "new region": ("units:region_create", [], {}),
    "new community": ("units:community_create", [], {}),
    "region tree": ("units:region_tree", [], {}),
    "problem list": ("rectification:problem_list", [], {"region": "B"}),
    "statistics": ("rectification:stats", [], {"region": "B", "year": YEAR}),
    "scorecard": ("indicators:scorecard", [], {"region": "B", "year": YEAR}),
    "indicator detail": ("indicators:indicator_detail", ["BEDS"], {"region": "B", "year": YEAR}),
    "grid": ("indicators:grid", [], {"indicator": "BEDS", "region": "B", "year": YEAR}),
    "progress": ("indicators:progress", [], {"region": "B", "year": YEAR}),
    "target": ("indicators:target_set", [], {}),
    "documents": ("reports:index", [], {}),
    "work entry": ("reports:entry_create", [], {}),
    "issued documents": ("reports:issued_list", [], {"region": "B"}),
    "notes": ("reports:note_list", [], {"region": "B", "year": YEAR}),
}


@pytest.mark.parametrize("page", PAGES)
def test_html_and_queries_do_not_depend_on_the_number_of_regions(
    client, staff, city, county_a, county_b, unit_a, unit_b, page
):
    name, args, query = PAGES[page]
    data = {key: county_b.pk if value == "B" else value for key, value in query.items()}
    client.force_login(staff)
    add_townships(county_a, 1)  # 3 regions under the city with the two counties
    few = measure(client, reverse(name, args=args), data)
    add_townships(county_a, 297, start=1)  # 300
    many = measure(client, reverse(name, args=args), data)
    assert many[1] == few[1], f"queries at 3 regions: {few[1]}, at 300: {many[1]}"
    assert abs(many[0] - few[0]) <= 64, f"HTML at 3 regions: {few[0]} bytes, at 300: {many[0]}"
    if page != "region tree":
        assert 'data-picker="/units/regions/suggest/' in many[2]
    if "region" in data:
        assert 'value="示例市 / 白沙县"' in many[2]  # the region asked for, by its path
    assert "第150镇" not in many[2]


@pytest.mark.parametrize(
    "typed",
    ["示例市 / 白沙县", "白沙县", "示例市/白沙县", "B"],
    ids=["label", "name", "path", "id"],
)
def test_without_javascript_the_box_takes_a_path_a_name_or_an_id(
    client, staff, county_a, county_b, unit_a, unit_b, typed
):
    client.force_login(staff)
    value = str(county_b.pk) if typed == "B" else typed
    body = client.get(reverse("units:unit_list"), {"region": value}).content.decode()
    assert unit_b.name in body and unit_a.name not in body
    assert 'value="示例市 / 白沙县"' in body


def test_an_unknown_region_is_told_in_words(client, staff, county_a, unit_a):
    client.force_login(staff)
    body = client.get(reverse("units:unit_list"), {"region": "黑水县"}).content.decode()
    assert "找不到区划“黑水县”" in body and 'value="黑水县"' in body


def test_another_countys_region_is_not_found(client, county_staff, county_b, unit_a, unit_b):
    client.force_login(county_staff)
    body = client.get(reverse("units:unit_list"), {"region": county_b.pk}).content.decode()
    assert "找不到区划" in body and unit_b.name not in body


# The pages whose ?region= is read by YearRegionForm.
YEAR_REGION_PAGES = {
    page: PAGES[page]
    for page in ("statistics", "scorecard", "indicator detail", "grid", "progress", "notes")
}


def status_queries_body(client, path: str, data: dict) -> tuple[int, int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, data)
    return response.status_code, len(queries), response.content.decode()


@pytest.mark.parametrize("page", YEAR_REGION_PAGES)
def test_a_typed_name_that_names_no_region_is_told_beside_the_box(
    client, county_staff, county_a, county_b, unit_a, unit_b, page
):
    name, args, query = YEAR_REGION_PAGES[page]
    client.force_login(county_staff)
    found = status_queries_body(client, reverse(name, args=args), {**query, "region": "青山县"})
    for typed in ("火星", "白沙县"):  # nowhere, and outside the county: the same words
        status, queries, body = status_queries_body(
            client, reverse(name, args=args), {**query, "region": typed}
        )
        assert status == 200
        assert f'data-testid="region-error">找不到区划“{typed}”。</div>' in body
        assert 'value="示例市 / 青山县"' in body  # the person's own county meanwhile
        assert 'aria-invalid="true"' in body
        assert queries == found[1], f"{queries} queries for {typed}, {found[1]} for 青山县"
    assert found[0] == 200 and "region-error" not in found[2]


@pytest.mark.parametrize("page", YEAR_REGION_PAGES)
def test_an_id_outside_the_scope_or_unknown_is_404(
    client, county_staff, city, county_a, county_b, page
):
    name, args, query = YEAR_REGION_PAGES[page]
    client.force_login(county_staff)
    for region in (county_b.pk, city.pk, 999999):
        response = client.get(reverse(name, args=args), {**query, "region": region})
        assert response.status_code == 404, region
