from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "把 backup 命令的备份恢复到空数据库和媒体目录，并按 manifest.json 核对行数与 sha256。"

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="备份目录")
        parser.add_argument(
            "--no-media",
            dest="media",
            action="store_false",
            help="只恢复数据库：媒体文件在对象存储中，另行恢复",
        )

    def handle(self, *args, source, media, **options):
        try:
            manifest = restore(source, media=media)
        except BackupError as e:
            raise CommandError(str(e)) from e
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"已从 {source} 恢复并核对：{rows} 行，{len(manifest['files'])} 个文件。"
            )
        )
