from pathlib import Path

from django.core.management.base import BaseCommand

from rectification.ledger import export_for_year
from units.lookup import add_region_argument, region_for_command


class Command(BaseCommand):
    help = "导出某年的整改台账（检查日期在该年的问题，可限定区划及其下级）。"
    # The system checks import every view (the URLconf) and are run where the site is deployed
    # (`manage.py check --deploy`); a data command needs none of it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        add_region_argument(parser)
        parser.add_argument("--out", type=Path, required=True, help="输出的 .xlsx 文件")

    def handle(self, *args, year: int, region: str | None, out: Path, **options):
        found = region_for_command(region)
        out.write_bytes(export_for_year(year, found))
        self.stdout.write(self.style.SUCCESS(f"已导出到 {out}"))
