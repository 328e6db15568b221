from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectification.ledger import export_for_year
from units.models import Region


class Command(BaseCommand):
    help = "导出某年的整改台账（检查日期在该年的问题，可限定区划及其下级）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--region", help="区划名称或编号（含下级区划）；不填为全部")
        parser.add_argument("--out", type=Path, required=True, help="输出的 .xlsx 文件")

    def handle(self, *args, year: int, region: str | None, out: Path, **options):
        found = None
        if region:
            matches = list(
                Region.objects.filter(pk=int(region))
                if region.isdigit()
                else Region.objects.filter(name=region)
            )
            if len(matches) != 1:
                raise CommandError(
                    f"找不到区划“{region}”。"
                    if not matches
                    else f"区划名称“{region}”不唯一，请用编号。"
                )
            found = matches[0]
        out.write_bytes(export_for_year(year, found))
        self.stdout.write(self.style.SUCCESS(f"已导出到 {out}"))
