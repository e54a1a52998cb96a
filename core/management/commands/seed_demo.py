from django.core.management.base import BaseCommand
from django.utils import timezone

from core import demo


class Command(BaseCommand):
    help = "Tạo tỉnh mẫu (dựa trên Hậu Giang): cây đơn vị, kỳ báo cáo, tài khoản mẫu. Chạy lại nhiều lần không sao."

    def handle(self, *args, **options):
        year = timezone.localdate().year
        created = demo.seed(until_year=year)
        self.stdout.write(
            f"Dữ liệu mẫu: thêm {created['units']} đơn vị, {created['periods']} kỳ báo cáo, "
            f"{created['documents']} văn bản; {created['users']} tài khoản mẫu."
        )
        self.stdout.write("Tài khoản mẫu (chỉ dùng thử), mật khẩu chung: " + demo.DEMO_PASSWORD)
        for spec in demo.DEMO_USERS:
            self.stdout.write(f"  {spec['username']:<12} {spec['role']:<8} {spec['unit']:<16} {spec['name']}")
