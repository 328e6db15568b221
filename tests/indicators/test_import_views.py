"""The Excel import pages (values, targets: upload → preview → confirm) and their templates."""

import io

import pytest
from django.urls import reverse

from indicators.models import Target, Value
from tests.indicators.conftest import HEADERS, TARGET_HEADERS, YEAR, xlsx


def post_file(client, page, data: bytes):
    upload = io.BytesIO(data)
    upload.name = "导入.xlsx"
    return client.post(page, {"file": upload})


def test_import_page(client, staff, leader, places):
    client.force_login(staff)
    page = reverse("indicators:import_values")
    assert client.get(page).status_code == 200
    upload = io.BytesIO(xlsx(HEADERS, [[YEAR, "MMR", None, "青山县", 1, ""]]))
    upload.name = "v.xlsx"
    response = client.post(page, {"file": upload})
    assert response.status_code == 400
    assert "计算指标" in response.content.decode()
    assert client.get(reverse("indicators:values_template")).status_code == 200
    client.force_login(leader)
    assert client.get(page).status_code == 403
    assert client.get(reverse("indicators:targets_template")).status_code == 403


# Values -------------------------------------------------------------------------------------


def test_values_preview_then_confirm(client, staff, places):
    client.force_login(staff)
    page = reverse("indicators:import_values")
    response = post_file(client, page, xlsx(HEADERS, [[YEAR, "POPULATION", None, "青山县", 5, ""]]))
    assert response.status_code == 200
    assert not Value.objects.exists()
    response = client.post(page, {"token": response.context["token"]})
    assert response.url == reverse("indicators:progress")
    assert Value.objects.get().region.name == "青山县"


def test_values_outside_the_scope_are_refused(client, county_staff, places):
    client.force_login(county_staff)
    page = reverse("indicators:import_values")
    response = post_file(
        client, page, xlsx(HEADERS, [[YEAR, "BEDS", None, "白沙县人民医院", 5, ""]])
    )
    assert response.status_code == 400
    assert "不在您的管辖范围内" in response.content.decode()
    assert not Value.objects.exists()


def test_a_missing_file_is_explained(client, staff, places):
    client.force_login(staff)
    response = client.post(reverse("indicators:import_values"))
    assert response.status_code == 400
    assert "请选择要上传的 Excel 文件。" in response.content.decode()


def test_unit_people_may_not_import_values(client, head_a, places):
    client.force_login(head_a)
    page = reverse("indicators:import_values")
    response = post_file(
        client, page, xlsx(HEADERS, [[YEAR, "BEDS", None, "青山县人民医院", 5, ""]])
    )
    assert response.status_code == 403
    assert not Value.objects.exists()


def test_values_import_rejects_delete(client, staff):
    client.force_login(staff)
    assert client.delete(reverse("indicators:import_values")).status_code == 405


# Targets ------------------------------------------------------------------------------------


def test_targets_preview_then_confirm(client, staff, places):
    client.force_login(staff)
    page = reverse("indicators:import_targets")
    assert client.get(page).status_code == 200
    data = xlsx(TARGET_HEADERS, [[YEAR, "MMR", "示例市", "≤", 14.5, "规划"]])
    response = post_file(client, page, data)
    assert response.status_code == 200
    assert not Target.objects.exists()
    response = client.post(page, {"token": response.context["token"]})
    assert response.url == reverse("indicators:scorecard")
    assert Target.objects.get().operator == "<="


def test_a_bad_target_is_named_and_nothing_saved(client, staff, places):
    client.force_login(staff)
    data = xlsx(TARGET_HEADERS, [[YEAR, "EXERCISE", "示例市", "大约", 10, ""]])
    response = post_file(client, reverse("indicators:import_targets"), data)
    assert response.status_code == 400
    assert "目标类型" in response.content.decode()
    assert not Target.objects.exists()


def test_targets_outside_the_scope_are_refused(client, county_staff, places):
    client.force_login(county_staff)
    data = xlsx(TARGET_HEADERS, [[YEAR, "MMR", "白沙县", "≤", 10, ""]])
    response = post_file(client, reverse("indicators:import_targets"), data)
    assert response.status_code == 400
    assert "不在您的管辖范围内" in response.content.decode()
    assert not Target.objects.exists()


@pytest.mark.parametrize("who", ["leader", "head_a"])
def test_readers_and_units_may_not_import_targets(client, request, who, places):
    client.force_login(request.getfixturevalue(who))
    data = xlsx(TARGET_HEADERS, [[YEAR, "MMR", "示例市", "≤", 14.5, ""]])
    assert post_file(client, reverse("indicators:import_targets"), data).status_code == 403
    assert not Target.objects.exists()


def test_targets_import_rejects_delete(client, staff):
    client.force_login(staff)
    assert client.delete(reverse("indicators:import_targets")).status_code == 405


# Templates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["values_template", "targets_template"])
def test_templates_are_for_writers(client, staff, head_a, name):
    client.force_login(staff)
    response = client.get(reverse(f"indicators:{name}"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(head_a)
    assert client.get(reverse(f"indicators:{name}")).status_code == 403


@pytest.mark.parametrize("name", ["values_template", "targets_template"])
def test_templates_reject_post(client, staff, name):
    client.force_login(staff)
    assert client.post(reverse(f"indicators:{name}")).status_code == 405
