from pathlib import Path

from django.core.management.base import BaseCommand

from healthreport.imports import run_import_command
from indicators.importers import TargetImporter


class Command(BaseCommand):
    help = "从 Excel 导入指标目标（有任何一行错误则不写入）；--dry-run 只检查。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        run_import_command(self, TargetImporter(), file, dry_run=dry_run)
