"""The entry page's 报告期 switch: a unit enters, saves, submits and has approved its first half's
figures beside (never over) the year's, and the annual pages keep reading the year's."""

from indicators.models import Period, Value, ValueStatus
from indicators.results import unit_results
from tests.indicators.conftest import YEAR, full_form, opened_versions, put, url

H1 = "?period=h1"


def test_the_switch_is_on_the_page(client, head_a, unit_a):
    put("BEDS", unit_a, 600, period=Period.FIRST_HALF, status=ValueStatus.DRAFT)
    client.force_login(head_a)
    annual = client.get(url("entry", unit_a)).content.decode()
    assert 'data-testid="period-switch"' in annual
    assert f'href="{url("entry", unit_a)}{H1}"' in annual
    half = client.get(url("entry", unit_a) + H1).content.decode()
    assert f"{YEAR}年上半年指标填报" in half
    assert f'action="{url("submit", unit_a)}{H1}"' in half


def test_half_year_figures_beside_the_annual_ones(client, head_a, unit_a):
    put("BEDS", unit_a, 590, status=ValueStatus.DRAFT)
    put("BEDS", unit_a, 500, year=YEAR - 1, period=Period.FIRST_HALF)
    client.force_login(head_a)
    page = client.get(url("entry", unit_a) + H1)
    assert "500" in page.content.decode()  # last year's first half, not last year's
    response = client.post(
        url("entry", unit_a) + H1, {**opened_versions(page), **full_form(v_BEDS="600")}
    )
    assert response.status_code == 302 and response["Location"].endswith(H1)
    half = Value.all_periods.get(
        unit=unit_a, year=YEAR, period=Period.FIRST_HALF, indicator__code="BEDS"
    )
    assert half.value == 600 and half.status == ValueStatus.DRAFT
    assert Value.objects.get(unit=unit_a, year=YEAR, indicator__code="BEDS").value == 590

    assert client.post(url("submit", unit_a) + H1).status_code == 302
    half.refresh_from_db()
    assert half.status == ValueStatus.SUBMITTED
    annual = Value.objects.get(unit=unit_a, year=YEAR, indicator__code="BEDS")
    assert annual.status == ValueStatus.DRAFT  # the year's figures were not submitted
    beds = next(r for r in unit_results(YEAR, unit_a) if r.code == "BEDS")
    assert beds.value is None  # the annual result counts the year's reported figures only


def test_approve_and_reopen_the_half(client, staff, unit_a):
    put("BEDS", unit_a, 600, period=Period.FIRST_HALF)
    put("BEDS", unit_a, 590)
    client.force_login(staff)
    client.post(url("approve", unit_a) + H1)
    statuses = dict(Value.all_periods.filter(unit=unit_a).values_list("period", "status"))
    assert statuses == {
        Period.FIRST_HALF: ValueStatus.APPROVED,
        Period.ANNUAL: ValueStatus.SUBMITTED,
    }
    response = client.post(url("reopen", unit_a) + H1, {"reason": "数字有误"})
    assert response["Location"].endswith(H1)
    half = Value.all_periods.get(unit=unit_a, period=Period.FIRST_HALF)
    assert half.status != ValueStatus.APPROVED
