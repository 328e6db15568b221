from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts import idle


class Command(BaseCommand):
    help = "停用连续 ACCOUNT_IDLE_DAYS 天未登录的账号（超级用户除外），并记录停用原因。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将被停用的账号。")

    def handle(self, *args, **options):
        if not settings.ACCOUNT_IDLE_DAYS:
            self.stdout.write("ACCOUNT_IDLE_DAYS 为 0：不停用任何账号。")
            return
        accounts = idle.disable_idle_accounts(dry_run=options["dry_run"])
        verb = "将停用" if options["dry_run"] else "已停用"
        for user in accounts:
            last = timezone.localtime(user.last_login or user.date_joined)
            self.stdout.write(
                f"  {user.username:<16} {user.display_name}  最近使用 {last:%Y-%m-%d}"
            )
        self.stdout.write(
            f"{verb} {len(accounts)} 个连续 {settings.ACCOUNT_IDLE_DAYS} 天未登录的账号。"
        )
