"""Extension requests (延期): the unit asks, bureau staff decide."""

import pytest

from rectification.models import ExtensionRequest, ExtensionStatus
from rectification.workflow import request_extension
from tests.rectification.conftest import LATER, SOON, text, url


@pytest.fixture
def deadline():
    return SOON


@pytest.fixture
def extension(problem_a, head_a):
    return request_extension(problem_a, head_a, new_deadline=LATER, reason="设备未到")


def test_extension_request_and_approval(client, head_a, staff, problem_a):
    client.force_login(head_a)
    client.post(
        url("extension_request", problem_a.pk),
        {"new_deadline": LATER.isoformat(), "reason": "设备未到"},
    )
    extension = ExtensionRequest.objects.get()
    client.force_login(staff)
    client.post(url("extension_decide", extension.pk), {"approve": "on"})
    problem_a.refresh_from_db()
    assert (problem_a.deadline, problem_a.original_deadline) == (LATER, SOON)


def test_extension_to_an_earlier_date_is_explained(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(
        url("extension_request", problem_a.pk),
        {"new_deadline": "2025-01-01", "reason": "x"},
        follow=True,
    )
    assert "延期后的时限应晚于当前整改时限" in text(response)
    assert not ExtensionRequest.objects.exists()


def test_unit_may_not_decide_extensions(client, head_a, problem_a):
    from rectification.workflow import request_extension

    extension = request_extension(problem_a, head_a, new_deadline=LATER, reason="x")
    client.force_login(head_a)
    assert client.post(url("extension_decide", extension.pk), {"approve": "on"}).status_code == 403


# Request ------------------------------------------------------------------------------------


def test_request_without_a_reason_is_explained(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(
        url("extension_request", problem_a.pk),
        {"new_deadline": LATER.isoformat(), "reason": ""},
        follow=True,
    )
    assert "请填写延期理由。" in text(response)
    assert not ExtensionRequest.objects.exists()


def test_request_without_a_date_is_explained(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(
        url("extension_request", problem_a.pk), {"reason": "设备未到"}, follow=True
    )
    assert "请填写申请延至的日期。" in text(response)
    assert not ExtensionRequest.objects.exists()


def test_staff_may_not_request_for_the_unit(client, staff, problem_a):
    client.force_login(staff)
    response = client.post(
        url("extension_request", problem_a.pk),
        {"new_deadline": LATER.isoformat(), "reason": "设备未到"},
    )
    assert response.status_code == 403
    assert not ExtensionRequest.objects.exists()


def test_request_for_another_unit_is_404(client, head_b, problem_a):
    client.force_login(head_b)
    response = client.post(
        url("extension_request", problem_a.pk),
        {"new_deadline": LATER.isoformat(), "reason": "设备未到"},
    )
    assert response.status_code == 404
    assert not ExtensionRequest.objects.exists()


def test_request_rejects_get(client, head_a, problem_a):
    client.force_login(head_a)
    assert client.get(url("extension_request", problem_a.pk)).status_code == 405


# Decision -----------------------------------------------------------------------------------


def test_refusing_needs_a_reason(client, staff, problem_a, extension):
    client.force_login(staff)
    response = client.post(url("extension_decide", extension.pk), {"note": ""}, follow=True)
    assert "不同意延期时请填写理由。" in text(response)
    extension.refresh_from_db()
    problem_a.refresh_from_db()
    assert (extension.status, problem_a.deadline) == (ExtensionStatus.PENDING, SOON)


def test_staff_refuses_with_a_reason(client, staff, problem_a, extension):
    client.force_login(staff)
    response = client.post(url("extension_decide", extension.pk), {"note": "可先行整改"})
    assert response.status_code == 302
    extension.refresh_from_db()
    problem_a.refresh_from_db()
    assert (extension.status, problem_a.deadline) == (ExtensionStatus.REFUSED, SOON)


def test_leader_may_not_decide(client, leader, problem_a, extension):
    client.force_login(leader)
    assert client.post(url("extension_decide", extension.pk), {"approve": "on"}).status_code == 403
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING


def test_decision_outside_the_scope_is_404(client, county_staff, problem_b, head_b):
    extension = request_extension(problem_b, head_b, new_deadline=LATER, reason="资金")
    client.force_login(county_staff)
    assert client.post(url("extension_decide", extension.pk), {"approve": "on"}).status_code == 404
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING


def test_decide_rejects_get(client, staff, extension):
    client.force_login(staff)
    assert client.get(url("extension_decide", extension.pk)).status_code == 405


def test_decision_does_not_send_people_to_another_site(client, staff, extension):
    client.force_login(staff)
    response = client.post(
        url("extension_decide", extension.pk),
        {"approve": "on", "next": "https://evil.example/"},
    )
    assert not response.url.startswith("https://evil.example")
