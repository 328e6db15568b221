from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectification.ledger import LedgerImporter


class Command(BaseCommand):
    help = "导入整改台账（.xlsx）：任何一行有误都不写入；--dry-run 只检查。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.exists():
            raise CommandError(f"找不到文件：{file}")
        preview = LedgerImporter(user=None).run(file.read_bytes(), commit=not dry_run)
        if not preview.ok:
            for error in preview.errors:
                self.stderr.write(str(error))
            raise CommandError(f"文件有{len(preview.errors)}处问题，未导入任何数据。")
        verb = "检查通过（未写入）" if dry_run else "导入成功"
        self.stdout.write(self.style.SUCCESS(f"{verb}。{preview.summary}。"))
