from django.core.management.base import BaseCommand, CommandError

from core import services


class Command(BaseCommand):
    help = "Tạo các kỳ báo cáo của một năm (6 tháng, năm, năm dương lịch, năm thi đua, quý)."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="+", type=int, help="Năm, ví dụ 2026")

    def handle(self, *args, years, **options):
        for year in years:
            if not 2000 <= year <= 2100:
                raise CommandError(f"Năm không hợp lệ: {year}")
            created = services.create_periods(year)
            self.stdout.write(f"Năm {year}: tạo mới {len(created)} kỳ báo cáo.")
