"""One import's page: what happened, the original file, the records it created."""

import pytest

from imports.models import ImportBatch, Outcome
from rectification.models import Problem
from tests.rectification.conftest import text

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
