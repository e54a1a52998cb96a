from django.core.management.base import BaseCommand, CommandError

from collection.catalogue import load_catalogue


class Command(BaseCommand):
    help = "Cài (hoặc cập nhật) các biểu mẫu chuẩn của Cổng cho một tỉnh; chạy lại nhiều lần không sao."

    def add_arguments(self, parser):
        parser.add_argument("--so", default="SNV", help="Mã đơn vị Sở Nội vụ (các phòng có mã <mã Sở>-TCBC, …)")

    def handle(self, *args, so, **options):
        try:
            data_sets = load_catalogue(so)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for data_set in data_sets:
            self.stdout.write(f"  {data_set.code:<10} {data_set.name}")
        self.stdout.write(f"Đã cài {len(data_sets)} biểu mẫu chuẩn.")
