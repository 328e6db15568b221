from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.exports import export_year
from units.models import Region


def find_region(name: str | None) -> Region:
    """By name, 县区/乡镇 label or id; without a name the single top region (the city)."""
    if not name:
        tops = list(Region.objects.filter(parent__isnull=True))
        if len(tops) != 1:
            raise CommandError("请用 --region 指定区划。")
        return tops[0]
    if name.isdigit():
        found = Region.objects.filter(pk=int(name))
    else:
        found = Region.objects.filter(name=name.split("/")[-1])
    regions = list(found)
    if not regions:
        raise CommandError(f"找不到区划“{name}”。")
    if len(regions) > 1:
        raise CommandError(f"区划名称“{name}”不唯一，请改用区划编号（id）。")
    return regions[0]


class Command(BaseCommand):
    help = "导出某年度的指标（工作表“数值”和“完成情况”）为 Excel 文件。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--region", help="区划名称或编号，默认为全市")
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, year: int, region: str | None, out: Path, **options):
        place = find_region(region)
        out.write_bytes(export_year(year, place))
        self.stdout.write(self.style.SUCCESS(f"已导出{place.name}{year}年指标：{out}"))
