from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as people
from indicators import demo as indicators
from rectification import demo as rectification
from reports import demo as reports
from units import demo as units


class Command(BaseCommand):
    help = "载入示例市的演示数据（可重复运行，已存在的数据不会改变）。"

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
