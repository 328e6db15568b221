from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from healthreport import clock
from reports import documents
from reports.builders import DocumentKind
from units.models import Region


class Command(BaseCommand):
    help = "生成年度工作总结或工作会议讲话（.docx），可同时写出数据底稿（.xlsx）。"

    def add_arguments(self, parser):
        add_document_arguments(parser)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--workpaper", type=Path, help="数据底稿（.xlsx）的保存路径")

    def handle(self, *args, kind, year, region, out: Path, workpaper: Path | None, **options):
        rendered = documents.render(kind, year, find_region(region), as_of=clock.today())
        out.write_bytes(rendered.docx)
        self.stdout.write(self.style.SUCCESS(f"已生成：{out}（{len(rendered.docx) // 1024}KB）"))
        if workpaper is not None:
            workpaper.write_bytes(rendered.workpaper)
            self.stdout.write(
                self.style.SUCCESS(f"数据底稿：{workpaper}（{len(rendered.figures)}个数据）")
            )


def add_document_arguments(parser) -> None:
    """Which document: --kind, --year, --region, as build_report and issue_report take them."""
    parser.add_argument("--kind", required=True, choices=list(DocumentKind.LABELS))
    parser.add_argument("--year", required=True, type=int)
    parser.add_argument("--region", help="区划名称；不填为最上级区划（全市）")


def find_region(name: str | None) -> Region:
    """A region by name (or 县/镇 path); the single top region when no name is given."""
    if name is None:
        tops = list(Region.objects.filter(parent__isnull=True))
        if len(tops) != 1:
            raise CommandError("系统中有多个或没有最上级区划，请用 --region 指定。")
        return tops[0]
    *parents, leaf = name.split("/")
    regions = Region.objects.filter(name=leaf)
    if parents:
        regions = regions.filter(parent__name=parents[-1])
    found = list(regions[:2])
    if not found:
        raise CommandError(f"找不到区划“{name}”。")
    if len(found) > 1:
        raise CommandError(f"区划名称“{name}”不唯一，请写成“县区/乡镇”的形式。")
    return found[0]
