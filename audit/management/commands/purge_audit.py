from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.purge import RetentionError, purge


class Command(BaseCommand):
    help = "删除某日期之前的安全审计日志（不能删除保留期 AUDIT_RETENTION_DAYS 内的记录）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", required=True, help="日期，如 2025-12-01")

    def handle(self, *args, before: str, **options) -> None:
        try:
            day = date.fromisoformat(before)
        except ValueError:
            raise CommandError(f"日期“{before}”无法识别，请写成 2025-12-01。") from None
        try:
            count = purge(day)
        except RetentionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"已删除 {day:%Y-%m-%d} 之前的审计记录 {count} 条。")
