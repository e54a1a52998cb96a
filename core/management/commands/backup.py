from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import backup


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump; SQLite: tệp cơ sở dữ liệu) và thư mục media vào một tệp "
            ".tar.gz có mã kiểm tra SHA-256 (kèm tệp .sha256).")

    def add_arguments(self, parser):
        parser.add_argument("--out", help="Đường dẫn tệp sao lưu (mặc định: sao-luu-<ngày giờ>.tar.gz trong thư mục hiện tại)")

    def handle(self, *args, out=None, **options):
        path = Path(out or f"sao-luu-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        try:
            manifest = backup.backup(path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size
        self.stdout.write(f"Đã sao lưu {len(manifest['files'])} tệp ({manifest['vendor']}) vào {path} "
                          f"({size / 1024 / 1024:.1f} MB); mã kiểm tra ở {path}.sha256.")
