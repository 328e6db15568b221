import datetime

from django.core.management.base import BaseCommand

from core.reminders import send_reminders
from healthreport.lib import clock
from healthreport.lib.terms import DUE_SOON_DAYS, FINAL_REMINDER_DAYS
from imports.cleanup import clean_staged_uploads


class Command(BaseCommand):
    help = (
        f"发送整改提醒（{DUE_SOON_DAYS}天内、{FINAL_REMINDER_DAYS}天内到期和已逾期；每日汇总；"
        "邮件及企业微信/钉钉群机器人）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="按哪一天计算（默认今天）"
        )

    def handle(self, *args, date=None, **options):
        report = send_reminders(date or clock.today())
        channels = "、".join(report.webhooks) or "无"
        self.stdout.write(
            self.style.SUCCESS(
                f"新提醒{report.notifications}条，邮件{report.emails}封，群机器人：{channels}。"
            )
        )
        for failure in report.failures:
            self.stderr.write(f"发送失败：{failure}")
        # The daily run also clears the previews nobody confirmed (manage.py clean_staged_uploads).
        removed, expired = clean_staged_uploads()
        self.stdout.write(f"删除暂存文件{removed}个，过期导入记录{expired}条。")
