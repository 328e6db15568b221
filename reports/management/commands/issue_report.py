from django.core.management.base import BaseCommand, CommandError

from healthreport.lib import clock
from reports.issuance import IssueError, issue
from reports.management.commands.build_report import add_document_arguments
from reports.models import IssuedReport
from units.lookup import region_for_command


class Command(BaseCommand):
    help = "定稿：存档年度工作总结或工作会议讲话，最后一行输出定稿编号。"

    def add_arguments(self, parser):
        add_document_arguments(parser)
        parser.add_argument(
            "--note", default="", help="定稿说明；已有定稿时为重新定稿的原因（必填）"
        )

    def handle(self, *args, kind: str, year: int, region: str | None, note: str, **options):
        place = region_for_command(region)
        try:
            # A command has no user: the issue is recorded as made by 命令行.
            issued = issue(kind, year, place, user=None, note=note, as_of=clock.today())
        except IssueError as error:
            raise CommandError(f"{error}（命令行请用 --note 填写原因）") from None
        replaced = ""
        if issued.supersedes_id:
            old = IssuedReport.objects.filter(pk=issued.supersedes_id).values_list("number")
            replaced = f"，替代 {old.get()[0]}"
        self.stdout.write(f"已定稿：{issued.title}（{place.name}，{year}年{replaced}）")
        # The last line is the number alone: bureaus' scripts read it.
        self.stdout.write(issued.number)
