import datetime

from django.core.management.base import BaseCommand

from core.reminders import ReminderReport, post_to_groups, send_reminders
from healthreport.lib import clock
from healthreport.lib.terms import DUE_SOON_DAYS, FINAL_REMINDER_DAYS
from imports.cleanup import clean_staged_uploads
from rectification.metrics import BulletinPeriod
from units.lookup import add_region_argument, region_for_command
from units.models import Region


class Command(BaseCommand):
    help = (
        f"发送整改提醒（{DUE_SOON_DAYS}天内、{FINAL_REMINDER_DAYS}天内到期和已逾期；每日汇总；"
        "邮件及企业微信/钉钉群机器人）；--bulletin 另推送上一周或上一月的整改通报简报。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="按哪一天计算（默认今天）"
        )
        parser.add_argument(
            "--bulletin",
            choices=list(BulletinPeriod.LABELS),
            help="把上一周（week，周一运行）或上一月（month，每月1日运行）的整改通报简报推送到群机器人",
        )
        parser.add_argument(
            "--bulletin-only", action="store_true", help="只推送整改通报，不发送每日提醒"
        )
        add_region_argument(parser)

    def handle(self, *args, date=None, bulletin=None, bulletin_only=False, region=None, **options):
        today = date or clock.today()
        if bulletin:
            self._bulletin(bulletin, today, region)
        if bulletin_only:
            return
        report = send_reminders(today)
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

    def _bulletin(self, period: str, today: datetime.date, region_text: str | None) -> None:
        from reports import bulletin

        # Yesterday lies in the week (run on Monday) or the month (run on the 1st) just ended.
        place = (
            region_for_command(region_text)
            if region_text
            else Region.objects.filter(parent=None).order_by("pk").first()
        )
        if place is None:
            self.stderr.write("没有区划，未推送整改通报。")
            return
        data = bulletin.collect(period, today - datetime.timedelta(days=1), place, as_of=today)
        title, text = bulletin.short_text(data)
        report = ReminderReport()
        post_to_groups(title, text, report)
        channels = "、".join(report.webhooks) or "无（未配置或发送失败）"
        self.stdout.write(self.style.SUCCESS(f"整改通报：{title}，群机器人：{channels}。"))
        for failure in report.failures:
            self.stderr.write(f"发送失败：{failure}")
