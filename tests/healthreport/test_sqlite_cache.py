"""On SQLite every connection keeps 64 MiB of pages (healthreport/settings.py): the year's
figures pass over a year's problems several times, and with SQLite's default 2 MB each pass read
the table from the file again."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_a_sqlite_connection_keeps_64_mib_of_pages():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -65536
