"""What every command and request pays for: the heavy writers and readers (openpyxl, XlsxWriter,
python-docx and lxml) are imported by the functions that write a file, not when Django starts or
the URLconf (every view) loads."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("openpyxl", "xlsxwriter", "docx", "lxml")
CHECK = (
    "import sys, django; django.setup(); import healthreport.urls; "
    "print(' '.join(name for name in {heavy!r} if name in sys.modules))"
)


def test_starting_django_and_loading_every_view_imports_no_heavy_writer():
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(heavy=HEAVY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ""


def test_the_export_commands_skip_the_system_checks_that_load_every_view():
    from indicators.management.commands.export_indicators import Command as ExportIndicators
    from rectification.management.commands.export_ledger import Command as ExportLedger
    from reports.management.commands.build_report import Command as BuildReport

    for command in (ExportLedger, ExportIndicators, BuildReport):
        assert command.requires_system_checks == []
