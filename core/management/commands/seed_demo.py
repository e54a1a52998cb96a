from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core import demo, generations
from core.discovery import app_modules


def app_demo_modules():
    """Each project app may ship a `demo.py` with `seed(until_year)`; core's runs first."""
    return [(c, m) for c, m in app_modules("demo", exclude=("core",)) if hasattr(m, "seed")]


class Command(BaseCommand):
    help = "Tạo tỉnh mẫu (dựa trên Hậu Giang): cây đơn vị, kỳ báo cáo, tài khoản, biểu mẫu và số liệu mẫu. Chạy lại nhiều lần không sao."

    def handle(self, *args, **options):
        year = timezone.localdate().year
        with transaction.atomic():
            created = demo.seed(until_year=year)
            extra = {config.verbose_name: module.seed(until_year=year) for config, module in app_demo_modules()}
            generations.bump_everything()  # the seeds write many rows in bulk, past the model signals
        self.stdout.write(
            f"Dữ liệu mẫu: thêm {created['units']} đơn vị, {created['periods']} kỳ báo cáo, "
            f"{created['documents']} văn bản; {created['users']} tài khoản mẫu."
        )
        for name, result in extra.items():
            self.stdout.write(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in result.items()))
        self.stdout.write("Tài khoản mẫu (chỉ dùng thử), mật khẩu chung: " + demo.DEMO_PASSWORD)
        for spec in demo.DEMO_USERS:
            units = ", ".join(code for code, _role, _position in demo.memberships_of(spec))
            self.stdout.write(f"  {spec['username']:<12} {spec['role']:<8} {units:<26} {spec['name']}")
