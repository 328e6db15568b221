import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import IssuedReport


class Command(BaseCommand):
    help = "导出已定稿文件：按定稿编号写出存档的 Word 文件（及数据底稿），与存档逐字节一致。"

    def add_arguments(self, parser):
        parser.add_argument("number", help="定稿编号，如 DG-2026-0001")
        parser.add_argument("--out", required=True, type=Path, help="Word 文件的保存路径")
        parser.add_argument("--workpaper", type=Path, help="数据底稿（.xlsx）的保存路径")

    def handle(self, *args, number: str, out: Path, workpaper: Path | None, **options):
        issued = IssuedReport.objects.filter(number=number).first()
        if issued is None:
            raise CommandError(f"找不到定稿编号为“{number}”的文件。")
        docx = bytes(issued.docx)
        if hashlib.sha256(docx).hexdigest() != issued.sha256:
            raise CommandError(f"{number} 的存档文件与其 SHA-256 不符，未导出。")
        out.write_bytes(docx)
        self.stdout.write(f"已导出：{out}")
        if workpaper is not None:
            workpaper.write_bytes(bytes(issued.workpaper))
            self.stdout.write(f"已导出数据底稿：{workpaper}")
