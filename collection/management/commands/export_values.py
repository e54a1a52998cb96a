"""`manage.py export_values --data-set CCHC-DV --period 2021-H1 [--unit VITHANH] [--format json|xlsx] --out FILE`."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from collection import exchange, services


class Command(BaseCommand):
    help = (
        "Xuất số liệu của một biểu mẫu trong một kỳ: JSON (định dạng snv-values/1, nhập lại được bằng import_values) "
        "của mọi đơn vị hoặc một đơn vị; hoặc tệp Excel của một đơn vị (--format xlsx --unit …)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-set", required=True, dest="data_set", help="Mã biểu mẫu, ví dụ CCHC-DV")
        parser.add_argument("--period", required=True, help="Mã kỳ báo cáo, ví dụ 2021-H1")
        parser.add_argument("--unit", default=None, help="Mã đơn vị (bắt buộc với --format xlsx)")
        parser.add_argument("--format", default="json", choices=["json", "xlsx"], dest="fmt")
        parser.add_argument("--out", required=True, help="Tệp ghi ra; «-» để in JSON ra màn hình")

    def handle(self, *args, data_set, period, unit=None, fmt="json", out, **options):
        if out == "-" and fmt == "xlsx":
            raise CommandError("Tệp Excel không in ra màn hình được; hãy ghi --out TÊN_TỆP.xlsx.")
        try:
            data = exchange.export_values(data_set, period, unit_code=unit, fmt=fmt)
        except services.CollectionError as exc:
            raise CommandError(exc.message) from None
        if out == "-":
            sys.stdout.flush()
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        path = Path(out)
        if not path.parent.exists():
            raise CommandError(f"Thư mục «{path.parent}» không tồn tại.")
        path.write_bytes(data)
        if fmt == "json":
            count = len(json.loads(data)["values"])
            self.stdout.write(f"Đã xuất {count} bản ghi số liệu vào {path}.")
        else:
            self.stdout.write(f"Đã xuất biểu mẫu Excel vào {path}.")
