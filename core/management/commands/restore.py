from django.core.management.base import BaseCommand, CommandError

from core import backup, generations


class Command(BaseCommand):
    help = ("Khôi phục một bản sao lưu (tạo bởi «manage.py backup») vào cơ sở dữ liệu TRỐNG đang cấu hình và thư mục "
            "media. Kiểm tra mã SHA-256 của từng tệp trước khi ghi; không ghi đè dữ liệu đang có.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp sao lưu .tar.gz")

    def handle(self, *args, archive, **options):
        try:
            manifest = backup.restore(archive)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        generations.bump_everything()  # nothing cached before the restore describes these rows
        self.stdout.write(f"Đã khôi phục bản sao lưu tạo lúc {manifest['created']} ({len(manifest['files'])} tệp).")
