from pathlib import Path

from django.core.management.base import BaseCommand

from healthreport.lib import clock
from reports import documents
from reports.builders import DocumentKind
from units.lookup import add_region_argument, region_for_command


class Command(BaseCommand):
    help = "生成年度工作总结或工作会议讲话（.docx），可同时写出数据底稿（.xlsx）。"

    def add_arguments(self, parser):
        add_document_arguments(parser)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--workpaper", type=Path, help="数据底稿（.xlsx）的保存路径")

    def handle(self, *args, kind, year, region, out: Path, workpaper: Path | None, **options):
        rendered = documents.render(kind, year, region_for_command(region), as_of=clock.today())
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
    add_region_argument(parser)
