from django.core.management.base import BaseCommand
from django.db import transaction

from core import demo as people
from indicators import demo as indicators
from rectification import demo as rectification
from reports import demo as reports
from units import demo as units


class Command(BaseCommand):
    help = "载入示例市的演示数据（只建立示例市自己的数据；再次运行不写入任何数据）。"

    @transaction.atomic
    def handle(self, *args, **options):
        units.load()
        logins = people.load()
        rectification.load()
        indicators.load()
        reports.load()
        self.stdout.write(
            self.style.SUCCESS(f"示例市演示数据已就绪。演示账号（密码均为 {people.PASSWORD}）：")
        )
        for username, _password, role, sees in logins:
            self.stdout.write(f"  {username:<10} {role:<8} {sees}")
        self.stdout.write(
            f"演示指标数据记在不能登录的账号 {indicators.AUTHOR}（{indicators.AUTHOR_NAME}）名下。"
        )
