from typing import Any

from django.core.management.base import BaseCommand

from imports.cleanup import clean_staged_uploads


class Command(BaseCommand):
    help = "删除超过一天仍未确认导入的暂存文件，并将其导入记录标为已过期。"

    def handle(self, *args: Any, **options: Any) -> None:
        removed, expired = clean_staged_uploads()
        self.stdout.write(f"删除暂存文件{removed}个，过期导入记录{expired}条。")
