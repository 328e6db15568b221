import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from healthreport.lib import clock
from rectification.metrics import BulletinPeriod
from reports import documents
from reports.builders import DocumentKind
from units.lookup import add_region_argument, region_for_command


class Command(BaseCommand):
    help = (
        "生成年度工作总结、工作会议讲话、半年工作总结或整改通报（.docx），"
        "可同时写出数据底稿（.xlsx）。"
    )
    # The system checks import every view (the URLconf) and are run where the site is deployed
    # (`manage.py check --deploy`); a data command needs none of it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        add_document_arguments(parser)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--workpaper", type=Path, help="数据底稿（.xlsx）的保存路径")

    def handle(self, *args, kind, region, out: Path, workpaper: Path | None, **options):
        year, period = document_choice(kind, options)
        rendered = documents.render(
            kind, year, region_for_command(region), as_of=clock.today(), period=period
        )
        out.write_bytes(rendered.docx)
        self.stdout.write(self.style.SUCCESS(f"已生成：{out}（{len(rendered.docx) // 1024}KB）"))
        if workpaper is not None:
            workpaper.write_bytes(rendered.workpaper)
            self.stdout.write(
                self.style.SUCCESS(f"数据底稿：{workpaper}（{len(rendered.figures)}个数据）")
            )


def add_document_arguments(parser) -> None:
    """Which document, as build_report and issue_report take it: --kind and --region, then
    --year (the summaries and the speech) or --period week|month and --date (整改通报)."""
    parser.add_argument("--kind", required=True, choices=list(DocumentKind.LABELS))
    parser.add_argument("--year", type=int, help="年度（整改通报不用）")
    add_region_argument(parser)
    parser.add_argument(
        "--period", choices=list(BulletinPeriod.LABELS), help="整改通报：week（周）或 month（月）"
    )
    parser.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        help="整改通报：所在周（周一至周日）或所在月份中的任意一天，如2026-06-10（默认今天）",
    )


def document_choice(kind: str, options: dict) -> tuple[int, str]:
    """(year, period key) of the chosen document; a CommandError says what is missing."""
    if kind == DocumentKind.BULLETIN:
        if not options.get("period"):
            raise CommandError("整改通报须用 --period 指定 week（周）或 month（月）。")
        day = options.get("date") or clock.today()
        return day.year, f"{options['period']}:{day.isoformat()}"
    if options.get("year") is None:
        raise CommandError(f"{DocumentKind.LABELS[kind]}须用 --year 指定年度。")
    return options["year"], ""
