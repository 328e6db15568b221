from pathlib import Path

from django.core.management.base import BaseCommand

from indicators.exports import export_year
from units.lookup import add_region_argument, region_for_command


class Command(BaseCommand):
    help = "导出某年度的指标（工作表“数值”和“完成情况”）为 Excel 文件。"
    # The system checks import every view (the URLconf) and are run where the site is deployed
    # (`manage.py check --deploy`); a data command needs none of it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        add_region_argument(parser)
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, year: int, region: str | None, out: Path, **options):
        place = region_for_command(region)
        out.write_bytes(export_year(year, place))
        self.stdout.write(self.style.SUCCESS(f"已导出{place.name}{year}年指标：{out}"))
