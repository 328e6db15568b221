"""The indicator panels of the home page and of a unit's page."""

from django.urls import reverse

from indicators.models import ValueStatus
from tests.clock import TODAY
from tests.indicators.conftest import put


def test_home_panels(client, head_a, staff, leader, unit_a, figures):
    client.force_login(head_a)
    assert "项指标未填写" in client.get("/").content.decode()
    put("DOCTORS", unit_a, 400, year=TODAY.year)
    client.force_login(staff)
    assert "青山县人民医院" in client.get("/").content.decode()
    client.force_login(leader)
    assert client.get("/").status_code == 200


def test_unit_page_panel(client, head_a, unit_a):
    client.force_login(head_a)
    response = client.get(reverse("units:unit_detail", args=[unit_a.pk]))
    assert 'data-testid="unit-indicators"' in response.content.decode()


def _waiting(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.context["indicators_home"]


def test_staff_home_names_the_first_units_waiting_and_counts_them_all(
    client, staff, county_a, county_b, figures
):
    from indicators.dashboard import WAITING_LISTED
    from tests.fixtures import make_unit

    # Names out of order, each unit with as many submitted figures as its number.
    units = [make_unit(county_a, f"单位{i:02d}") for i in range(WAITING_LISTED + 3, 0, -1)]
    for unit in units:
        number = int(unit.name[2:])
        for code in ("DOCTORS", "NURSES", "BEDS")[: 1 + number % 3]:
            put(code, unit, number, year=TODAY.year)
    drafted = make_unit(county_b, "单位00草稿")
    put("DOCTORS", drafted, 1, year=TODAY.year, status=ValueStatus.DRAFT)
    last_year = make_unit(county_b, "单位00去年")
    put("DOCTORS", last_year, 1, year=TODAY.year - 1)

    home = _waiting(client, staff)
    assert home["waiting_units"] == WAITING_LISTED + 3
    assert [w["name"] for w in home["waiting"]] == [
        f"单位{i:02d}" for i in range(1, WAITING_LISTED + 1)
    ]
    assert [w["n"] for w in home["waiting"]] == [1 + i % 3 for i in range(1, WAITING_LISTED + 1)]
    page = client.get("/").content.decode()
    assert f"{TODAY.year}年指标待审核（{WAITING_LISTED + 3}家单位）" in page
    assert "单位11" not in page


def test_county_staff_see_only_their_county_waiting(client, county_staff, unit_a, unit_b, figures):
    put("DOCTORS", unit_a, 400, year=TODAY.year)
    put("DOCTORS", unit_b, 300, year=TODAY.year)
    home = _waiting(client, county_staff)
    assert home["waiting_units"] == 1
    assert [w["pk"] for w in home["waiting"]] == [unit_a.pk]


def test_staff_home_queries_do_not_grow_with_the_units_waiting(client, staff, county_a, figures):
    from tests.fixtures import make_unit

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            _waiting(client, staff)
        return len(captured)

    put("DOCTORS", make_unit(county_a, "单位甲"), 1, year=TODAY.year)
    queries()  # the first page of a session reads more (the menu, once per process)
    few = queries()
    for i in range(25):
        put("DOCTORS", make_unit(county_a, f"单位{i}"), 1, year=TODAY.year)
    assert queries() == few
