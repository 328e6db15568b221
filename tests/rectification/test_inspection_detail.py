"""An inspection's page and the problems it found, within the person's scope."""

import pytest

from tests.rectification.conftest import SOON, text, url


@pytest.fixture
def deadline():
    return SOON


def test_inspection_of_another_county_is_404(client, county_staff, problem_b):
    client.force_login(county_staff)
    assert client.get(url("inspection_detail", problem_b.inspection_id)).status_code == 404


def test_staff_see_every_problem_found(client, staff, inspection, problem_a, problem_b):
    client.force_login(staff)
    response = client.get(url("inspection_detail", inspection.pk))
    assert response.status_code == 200
    body = text(response)
    assert inspection.title in body
    assert problem_a.description in body and problem_b.description in body


def test_a_unit_sees_only_its_own_problems(client, head_a, inspection, problem_a, problem_b):
    client.force_login(head_a)
    body = text(client.get(url("inspection_detail", inspection.pk)))
    assert problem_a.description in body and problem_b.description not in body


def test_detail_rejects_post(client, staff, inspection):
    client.force_login(staff)
    assert client.post(url("inspection_detail", inspection.pk)).status_code == 405


def test_only_the_organising_bureau_is_offered_修改(client, county_staff, staff, city, problem_a):
    from rectification.models import Inspection

    inspection = problem_a.inspection
    Inspection.objects.filter(pk=inspection.pk).update(region=city)
    edit = url("inspection_edit", inspection.pk)
    client.force_login(county_staff)
    assert edit not in text(client.get(url("inspection_detail", inspection.pk)))
    client.force_login(staff)
    assert edit in text(client.get(url("inspection_detail", inspection.pk)))
