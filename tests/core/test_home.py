import pytest

from tests.clock import TODAY
from tests.fixtures import make_unit


def test_staff_home_shows_real_figures(client, staff, unit_a, unit_b, community_a):
    client.force_login(staff)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["unit_count"] == 2
    assert response.context["bed_total"] == 1100
    assert {r["label"]: r["count"] for r in response.context["by_area"]} == {
        "青山县": 1,
        "白沙县": 1,
    }
    assert '"series"' in response.content.decode()  # the chart options are on the page


def test_county_staff_sees_townships(client, county_staff, township_a, unit_a):
    make_unit(township_a, "城关镇卫生院")
    client.force_login(county_staff)
    by_area = client.get("/").context["by_area"]
    assert {r["label"]: r["count"] for r in by_area} == {"青山县直属": 1, "城关镇": 1}


def test_leader_home(client, leader, unit_a):
    client.force_login(leader)
    response = client.get("/")
    assert response.status_code == 200
    assert "新增机构" not in response.content.decode()


def test_unit_head_home_shows_own_unit(client, head_a, unit_a, unit_b):
    client.force_login(head_a)
    response = client.get("/")
    assert response.context["unit"] == unit_a
    assert "白沙县人民医院" not in response.content.decode()


def test_menu_is_by_role(client, head_a, staff, leader):
    client.force_login(head_a)
    body = client.get("/").content.decode()
    assert "行政区划" not in body and "批量导入机构" not in body
    client.force_login(leader)
    body = client.get("/").content.decode()
    assert "行政区划" in body and "批量导入机构" not in body
    client.force_login(staff)
    assert "批量导入机构" in client.get("/").content.decode()


def test_home_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post("/").status_code == 405


@pytest.mark.parametrize("count", [2, 20])
def test_home_query_count_is_constant(client, staff, county_a, count, django_assert_num_queries):
    for index in range(count):
        make_unit(county_a, f"卫生室{index}")
    client.force_login(staff)
    # The unread count is the menu's (core.navigation) only: the home panels no longer ask again.
    with django_assert_num_queries(16):
        client.get("/")


@pytest.mark.parametrize("count", [2, 20])
def test_leader_home_query_count_is_constant(
    client, leader, county_a, count, django_assert_num_queries
):
    from rectification.models import Inspection, Problem, Source
    from tests.rectification.conftest import make_problem

    inspection = Inspection.objects.create(
        source=Source.objects.first(), title="督查", date=TODAY.replace(month=1, day=5)
    )
    for index in range(count):
        unit = make_unit(county_a, f"卫生室{index}")
        make_problem(inspection, unit, deadline=TODAY.replace(month=2, day=1))
    client.force_login(leader)
    # The units ranked by problems and by overdue problems are named by a query each.
    with django_assert_num_queries(20):
        client.get("/")
    assert Problem.objects.count() == count


def test_leader_home_offers_last_years_documents(client, leader, city):
    from reports.forms import default_year

    client.force_login(leader)
    body = client.get("/").content.decode()
    assert "下载年度工作总结" in body
    year = default_year(TODAY)
    assert f"kind=summary&amp;year={year}&amp;region={city.pk}" in body


def test_unit_home_has_no_documents_panel(client, head_a):
    client.force_login(head_a)
    assert "下载年度工作总结" not in client.get("/").content.decode()
