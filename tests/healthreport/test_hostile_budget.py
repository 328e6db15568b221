"""Issue 10 item 4's goal, end to end: no upload of the hostile corpus (tests/hostile_files.py,
each file a few KB to ~130 KB) costs more than 400 MB of memory or 15 s, through the import
commands or on the web.

Each file is read in a child forked from this process, so that one file's memory is measured
alone and without tracemalloc (which made one parse take 15 s): the cost is the child's peak
resident memory (`os.wait4`) above its resident memory at the fork, i.e. what reading the file
added to an already running Django — the same quantity whether the process is `manage.py` or a
web worker. Forking from the test process, which has Django set up and the test database ready,
costs milliseconds where a fresh `manage.py` per file costs seconds, so every command reads the
whole corpus. The time is the parent's wall clock from the fork to the child's end.

The children use the suite's test database on either leg: SQLite's in-memory database is copied
with the process; a PostgreSQL connection is a socket shared with the parent, so the child leaves
it alone and opens its own (`_own_connections`).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import execute_from_command_line
from django.db import connections
from django.urls import reverse

from indicators.importers import TargetImporter, ValueImporter
from rectification.ledger import LedgerImporter
from tests import hostile_files
from tests.healthreport.test_hostile_files import EXPECTED
from units.importer import UnitImporter

MAX_MEGABYTES = 400
MAX_SECONDS = 15
# A child still running after this is killed (SIGALRM) and reported, so that a regression fails
# the test instead of hanging the suite; its address space is capped for the same reason.
KILL_AFTER_SECONDS = 60
ADDRESS_SPACE_ALLOWANCE = 4 * MAX_MEGABYTES * 1024 * 1024

COMMANDS = {
    "import_units": UnitImporter,
    "import_ledger": LedgerImporter,
    "import_indicator_values": ValueImporter,
    "import_targets": TargetImporter,
}
# The web half posts to one page: every import page hands the file to the same reading code.
PAGE_IMPORTER = LedgerImporter
PAGE = "rectification:ledger_import"

# The parent's PostgreSQL connections, kept referenced in the child so that they are never
# closed there (closing sends the server the end of the parent's session).
_inherited: list[object] = []


@dataclass
class Run:
    name: str
    seconds: float
    megabytes: float
    status: int | None  # the command's exit status or the page's status code; None if killed
    said: str

    def __str__(self) -> str:
        return f"{self.name}: {self.seconds:.2f} s, {self.megabytes:.0f} MB, status {self.status}"


def _own_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.vendor != "sqlite" and connection.connection is not None:
            _inherited.append(connection.connection)
            connection.connection = None  # the next query connects anew


def _address_space() -> int:
    return int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()


def in_child(name: str, work: Callable[[], tuple[int, str]], folder: Path) -> Run:
    """Run `work` (→ status, what it said) in a forked child: its outcome, time and memory."""
    result = folder / f"{name}.json"
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status, said, at_fork_kb = None, "", 0
        try:
            at_fork_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(KILL_AFTER_SECONDS)
            limit = _address_space() + ADDRESS_SPACE_ALLOWANCE
            resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
            _own_connections()
            status, said = work()
        except BaseException:
            said = traceback.format_exc()
        finally:
            result.write_text(json.dumps({"status": status, "said": said, "kb": at_fork_kb}))
            os._exit(0)
    _, wait_status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    if not result.exists():  # killed by the alarm or for memory: the whole peak, no baseline
        said = f"killed: {os.waitstatus_to_exitcode(wait_status)}"
        return Run(name, seconds, usage.ru_maxrss / 1024, None, said)
    told = json.loads(result.read_text())
    return Run(name, seconds, (usage.ru_maxrss - told["kb"]) / 1024, told["status"], told["said"])


def check(runs: list[Run]) -> None:
    table = "\n".join(map(str, runs))
    print(f"\n{table}")
    over = [r for r in runs if r.seconds >= MAX_SECONDS or r.megabytes >= MAX_MEGABYTES]
    assert not over, f"over {MAX_SECONDS} s or {MAX_MEGABYTES} MB:\n{table}"


@pytest.fixture(scope="module")
def corpus() -> dict[type, dict[str, bytes]]:
    """importer → corpus name → file, with that importer's headers (so only the hostile part is
    wrong)."""
    return {importer: hostile_files.corpus(importer.headers) for importer in COMMANDS.values()}


def run_command(command: str, path: Path) -> tuple[int, str]:
    """`manage.py COMMAND PATH --dry-run` as manage.py runs it (exit status, output); the system
    checks are skipped, as they are not the file's cost."""
    sys.stdout = sys.stderr = said = StringIO()
    try:
        execute_from_command_line(["manage.py", command, str(path), "--dry-run", "--skip-checks"])
    except SystemExit as exit:
        return (exit.code if isinstance(exit.code, int) else 1), said.getvalue()
    return 0, said.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_import_command_reads_each_hostile_file_within_the_budget(command, corpus, tmp_path):
    runs = []
    for name, data in corpus[COMMANDS[command]].items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(data)
        run = in_child(name, partial(run_command, command, path), tmp_path)
        # Refused as a file (exit status 1) with the file's Chinese reason, not a traceback.
        assert run.status == 1, f"{run}\n{run.said}"
        assert EXPECTED[name] in run.said, f"{run}\n{run.said}"
        assert "未导入任何数据" in run.said, f"{run}\n{run.said}"
        runs.append(run)
    check(runs)


# Transactional: the child's own PostgreSQL connection must see the person and the session.
@pytest.mark.django_db(transaction=True)
def test_an_import_page_reads_each_hostile_file_within_the_budget(corpus, client, staff, tmp_path):
    client.force_login(staff)
    page = reverse(PAGE)

    def post(data: bytes) -> tuple[int, str]:
        response = client.post(page, {"file": SimpleUploadedFile("hostile.xlsx", data)})
        return response.status_code, response.content.decode()

    runs = []
    for name, data in corpus[PAGE_IMPORTER].items():
        run = in_child(name, partial(post, data), tmp_path)
        assert run.status == 400, f"{run}\n{run.said[-3000:]}"
        assert EXPECTED[name] in run.said, f"{run}\n{run.said[-3000:]}"
        runs.append(run)
    check(runs)
