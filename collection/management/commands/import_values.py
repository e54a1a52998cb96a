"""`manage.py import_values FILE [--dry-run]`: an admin tool, runs as the system."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from collection import exchange, services


class Command(BaseCommand):
    help = (
        "Nhập số liệu từ tệp .json (định dạng snv-values/1, nhiều biểu mẫu) hoặc .xlsx (một biểu mẫu tải từ Cổng). "
        "Công cụ quản trị: chạy với quyền hệ thống, không kiểm tra phân quyền, vẫn tôn trọng khóa nhập liệu; "
        "số liệu trong tệp ghi đè số liệu đang có. Tất cả hoặc không: có một lỗi là không lưu gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .json hoặc .xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra và in những gì sẽ thay đổi; không lưu gì."
        )

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp «{file}».")
        try:
            report = exchange.import_values(path, user=None, dry_run=dry_run)
        except exchange.ImportFailed as exc:
            raise CommandError(str(exc)) from None
        except services.CollectionError as exc:
            raise CommandError(exc.message) from None

        verbose = dry_run or options.get("verbosity", 1) >= 2
        if dry_run:
            self.stdout.write("Chạy thử (--dry-run): đã kiểm tra toàn bộ tệp, KHÔNG lưu gì.")
        unit = "bản ghi" if report.kind == "json" else "ô nhập liệu"
        self.stdout.write(f"Đọc {report.rows} {unit}, {len(report.forms)} biểu mẫu.")
        for form in report.forms:
            self.stdout.write(f"  {form}")
            if verbose:
                for change in form.changes:
                    self.stdout.write(f"      {change}")
            for warning in form.warnings:
                self.stdout.write(f"      Lưu ý: {warning}")
        verb = "sẽ thay đổi" if dry_run else "đã lưu"
        self.stdout.write(self.style.SUCCESS(f"Tổng cộng {verb} {report.changed} ô số liệu."))
