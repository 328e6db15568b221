from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import demo as people
from indicators import demo as indicators
from rectification import demo as rectification
from reports import demo as reports
from units import demo as units


class Command(BaseCommand):
    help = "载入示例市的演示数据（只建立示例市自己的数据；再次运行不写入任何数据）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="不在调试模式时也载入（系统管理员账号 admin 不设密码，由你另行设置）。",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "load_demo 只在调试模式（DJANGO_DEBUG=1）下载入演示数据；"
                "确需在非调试环境载入，请加 --force。"
            )
        units.load()
        logins = people.load(known_admin_password=settings.DEBUG)
        rectification.load()
        indicators.load()
        reports.load()
        self.stdout.write(
            self.style.SUCCESS(f"示例市演示数据已就绪。演示账号（密码均为 {people.PASSWORD}）：")
        )
        for username, _password, role, sees in logins:
            self.stdout.write(f"  {username:<10} {role:<8} {sees}")
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    "非调试模式：系统管理员账号 admin 新建时不设密码，不能用演示密码登录；"
                    "请运行 python manage.py changepassword admin 设置密码。"
                )
            )
        self.stdout.write(
            f"演示指标数据记在不能登录的账号 {indicators.AUTHOR}（{indicators.AUTHOR_NAME}）名下。"
        )
