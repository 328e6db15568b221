from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和媒体文件（佐证材料）到一个新目录，并写出 manifest.json（行数与 sha256）。"

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="备份目录（新建或空目录）")

    def handle(self, *args, out, **options):
        try:
            manifest = backup(out)
        except BackupError as e:
            raise CommandError(str(e)) from e
        rows = sum(manifest["counts"].values())
        note = f"（{manifest['note']}）" if manifest["note"] else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {out}：{manifest['format']}{note}，{rows} 行，"
                f"{len(manifest['files'])} 个文件。"
            )
        )
