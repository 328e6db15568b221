from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import KEEP_RULE, BackupError, backup, is_dated, prune


class Command(BaseCommand):
    help = "备份数据库和媒体文件（佐证材料）到一个新目录，并写出 manifest.json（行数与 sha256）。"

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="备份目录（新建或空目录）")
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="备份成功后，同一上级目录中以日期命名的完整备份只保留最新的 N 个（含本次）",
        )
        parser.add_argument(
            "--no-media",
            dest="media",
            action="store_false",
            help="只备份数据库：媒体文件在对象存储中，由存储桶的版本控制或复制保护",
        )

    def handle(self, *args, out, keep, media, **options):
        if keep is not None and (keep < 1 or not is_dated(out)):
            raise CommandError(KEEP_RULE)  # before writing anything
        try:
            manifest = backup(out, media=media)
            removed = prune(out, keep) if keep is not None else []
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
        for path in removed:
            self.stdout.write(f"已删除较早的备份 {path}")
