"""The same preview confirmed from many sessions at the same moment is written once.

PostgreSQL only: the batch's row lock (select_for_update) is what serialises the confirmations
there. SQLite has no row locks (select_for_update is a no-op) and, with threads on one
in-memory database, answers concurrent writers with "database table is locked" instead of
waiting, so the race cannot be run on it; there a single writer at a time is SQLite's own rule.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from imports.models import ImportBatch, Outcome
from rectification.models import Problem
from tests.imports.conftest import LEDGER_PAGE, preview
from tests.rectification.conftest import ledger_row

THREADS = 8

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the race needs PostgreSQL's row locks"
    ),
]


def test_many_confirmations_at_once_write_one_set_of_rows(staff, unit_a):
    client = Client()
    client.force_login(staff)
    token = preview(client, ledger_row(), ledger_row(序号=2, 问题描述="消防通道堵塞"))
    cookie = client.cookies["sessionid"].value
    start = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def confirm() -> None:
        try:
            own = Client()
            own.cookies["sessionid"] = cookie
            start.wait()
            statuses.append(own.post(LEDGER_PAGE, {"token": token}).status_code)
        except BaseException as error:  # reported below: a thread's exception is lost otherwise
            errors.append(error)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=confirm) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses == [302] * THREADS  # one to the list, the others to the batch's page
    assert Problem.objects.count() == 2
    batch = ImportBatch.objects.get()
    assert batch.outcome == Outcome.IMPORTED
    assert set(Problem.objects.values_list("import_batch", flat=True)) == {batch.pk}
