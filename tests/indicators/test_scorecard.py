"""The scorecard (指标完成情况) of a region and year, for bureau people."""

from django.urls import reverse

from tests.clock import TODAY
from tests.fixtures import make_unit
from tests.indicators.conftest import YEAR, put


def test_scorecard(client, staff, city, figures):
    client.force_login(staff)
    response = client.get(reverse("indicators:scorecard"), {"year": YEAR})
    text = response.content.decode()
    assert response.status_code == 200
    assert "示例市2025年指标完成情况" in text
    assert "1.38" in text and "≥1.4张" in text and "略低于预期" in text  # 1100 / 800000 × 1000
    assert 'data-chart="chart-status"' in text


def test_scorecard_query_count_is_flat(
    client, staff, city, county_a, figures, django_assert_num_queries
):
    client.force_login(staff)
    page = reverse("indicators:scorecard")
    client.get(page, {"year": YEAR})
    with django_assert_num_queries(9):
        client.get(page, {"year": YEAR})
    for n in range(20):
        put("BEDS", make_unit(county_a, f"诊所{n}"), 10)
    with django_assert_num_queries(9):
        client.get(page, {"year": YEAR})


def test_scorecard_scope_and_roles(client, county_staff, head_a, city, county_a, figures):
    client.force_login(county_staff)
    assert client.get(reverse("indicators:scorecard"), {"region": city.pk}).status_code == 404
    response = client.get(reverse("indicators:scorecard"), {"year": YEAR})
    assert "青山县2025年" in response.content.decode()
    client.force_login(head_a)
    assert client.get(reverse("indicators:scorecard")).status_code == 403
    assert client.post(reverse("indicators:scorecard")).status_code == 405


def test_a_region_may_be_named_as_the_commands_name_it(client, staff, figures):
    client.force_login(staff)
    response = client.get(reverse("indicators:scorecard"), {"year": YEAR, "region": "青山县"})
    assert "青山县2025年" in response.content.decode()


def test_a_name_that_names_no_region_is_told_beside_the_box(client, staff, figures):
    client.force_login(staff)
    response = client.get(reverse("indicators:scorecard"), {"year": YEAR, "region": "火星"})
    assert response.status_code == 200
    text = response.content.decode()
    assert '<div class="invalid-feedback d-block" id="f-region-error"' in text
    assert "找不到区划“火星”。" in text
    assert "示例市2025年指标完成情况" in text  # the staff member's own region meanwhile
    assert 'value="示例市"' in text and "1.38" in text


def test_a_region_named_outside_the_scope_is_not_found(client, county_staff, figures):
    client.force_login(county_staff)
    response = client.get(reverse("indicators:scorecard"), {"year": YEAR, "region": "白沙县"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "找不到区划“白沙县”。" in text and "青山县2025年" in text


def test_a_bad_year_shows_this_year(client, staff, figures):
    client.force_login(staff)
    for year in ("明年", "1900"):
        response = client.get(reverse("indicators:scorecard"), {"year": year})
        assert response.status_code == 200
        assert response.context["year"] == TODAY.year


def test_the_scorecard_reads_down_the_page_without_an_inner_scroll_box(client, staff, figures):
    client.force_login(staff)
    body = client.get(reverse("indicators:scorecard")).content.decode()
    wrapper = body[: body.index('data-testid="scorecard"')].rsplit("<div", 1)[1]
    # app-table-wrap caps a table at 70vh and scrolls inside it, hiding the last categories.
    assert "app-table-wrap" not in wrapper and "table-responsive" in wrapper
