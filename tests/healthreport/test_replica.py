"""The read replica (healthreport/lib/replica.py): marked list and statistics views read from the
`replica` alias, everything else and every write from the primary. Two aliases: tests/settings.py
declares `replica` as a TEST MIRROR of the test database, with its reads off but here."""

from __future__ import annotations

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from healthreport.lib.replica import PIN_COOKIE, ReplicaRouter, reads_from_replica
from rectification.models import Problem
from tests.healthreport.test_settings import SETTING, _run
from tests.rectification.conftest import make_inspection, make_problem

LIST = reverse("rectification:problem_list")
STATS = reverse("rectification:stats")
BOTH = ["default", "replica"]


@pytest.fixture
def replica_on(settings):
    settings.REPLICA_READS = True


@pytest.fixture
def problem(unit_a):
    return make_problem(make_inspection(), unit_a, description="手卫生依从性低")


def queries_on(alias, client, url, **kwargs):
    with CaptureQueriesContext(connections[alias]) as captured:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response, len(captured)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_marked_list_reads_from_the_replica(client, staff, problem, replica_on):
    client.force_login(staff)
    response, on_replica = queries_on("replica", client, LIST)
    assert on_replica > 0 and "手卫生依从性低" in response.content.decode()
    _, on_replica = queries_on("replica", client, STATS)
    assert on_replica > 0


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_detail_page_reads_from_the_primary(client, staff, problem, replica_on):
    client.force_login(staff)
    url = reverse("rectification:problem_detail", args=[problem.pk])
    assert queries_on("replica", client, url)[1] == 0


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_after_a_post_the_person_reads_from_the_primary(client, staff, problem, replica_on):
    client.force_login(staff)
    response = client.post(reverse("logout"))
    assert response.cookies[PIN_COOKIE]["max-age"] == 5
    client.force_login(staff)
    assert queries_on("replica", client, LIST)[1] == 0  # the pin cookie rides along
    client.cookies.pop(PIN_COOKIE)
    assert queries_on("replica", client, LIST)[1] > 0


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_writes_and_reads_after_a_write_go_to_the_primary(problem, replica_on):
    with reads_from_replica():
        assert Problem.objects.all().db == "replica"
        assert Problem.objects.select_for_update().db == "default"
        with transaction.atomic():
            assert Problem.objects.all().db == "default"  # inside a transaction
        Problem.objects.filter(pk=problem.pk).update(description="已改")
        assert Problem.objects.all().db == "default"  # this view has written
    assert Problem.objects.all().db == "default"  # outside a marked view


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_without_replica_reads_everything_stays_on_the_primary(client, staff, problem):
    """The suite's own state (and a deployment without DATABASE_REPLICA_URL)."""
    client.force_login(staff)
    assert queries_on("replica", client, LIST)[1] == 0
    response = client.post(reverse("logout"))
    assert PIN_COOKIE not in response.cookies
    with reads_from_replica():
        assert Problem.objects.all().db == "default"


def test_the_replica_is_never_migrated():
    router = ReplicaRouter()
    assert router.allow_migrate("replica", "rectification") is False
    assert router.allow_migrate("default", "rectification") is None


def test_database_replica_url_adds_the_alias():
    code = SETTING.format("DATABASES['replica']['HOST'], settings.REPLICA_READS")
    ran = _run(code, DATABASE_REPLICA_URL="postgres://reader@10.0.0.12:5432/healthreport")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "10.0.0.12 True"
    ran = _run(SETTING.format("REPLICA_READS, 'replica' in settings.DATABASES"))
    assert ran.stdout.strip() == "False False", ran.stderr


def test_sessions_live_in_the_database_or_behind_redis():
    ran = _run(SETTING.format("SESSION_ENGINE"))
    assert ran.stdout.strip() == "django.contrib.sessions.backends.db"
    ran = _run(SETTING.format("SESSION_ENGINE"), REDIS_URL="redis://10.0.0.20:6379/1")
    assert ran.stdout.strip() == "django.contrib.sessions.backends.cached_db"


def test_storage_backend_chooses_the_media_storage():
    ran = _run(SETTING.format("STORAGES['default']['BACKEND']"))
    assert ran.stdout.strip() == "django.core.files.storage.FileSystemStorage"
    refused = _run(SETTING.format("STORAGES"), STORAGE_BACKEND="ftp")
    assert refused.returncode != 0 and "STORAGE_BACKEND" in refused.stderr
