from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core import formatting
from core.models import OrgUnit, Period
from reports import rendering, services
from reports.models import Report, ReportKind


class Command(BaseCommand):
    help = ("Tạo bản Word của một báo cáo (không cần hàng đợi), cùng cách dựng với lượt tạo trên cổng; "
            "chưa có báo cáo thì tạo bản dự thảo (loại báo cáo, kỳ và đơn vị ban hành bất kỳ).")

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, help="Mã loại báo cáo, ví dụ six_month")
        parser.add_argument("--period", required=True, help="Mã kỳ báo cáo, ví dụ 2021-H1")
        parser.add_argument("--unit", required=True, help="Mã đơn vị ban hành, ví dụ SNV")
        parser.add_argument("--out", required=True, help="Đường dẫn tệp .docx")

    def handle(self, *args, **options):
        try:
            kind = ReportKind.objects.get(code=options["kind"])
            period = Period.objects.get(code=options["period"])
            unit = OrgUnit.objects.get(code=options["unit"])
        except (ReportKind.DoesNotExist, Period.DoesNotExist, OrgUnit.DoesNotExist) as exc:
            raise CommandError(f"Không tìm thấy: {exc}") from exc
        report = Report.objects.filter(kind=kind, period=period, unit=unit).first()
        if report is None:
            try:
                report = services.create_report(None, kind, unit, period)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(f"Đã tạo dự thảo báo cáo «{kind.name}» {period.label} của {unit.name}.")
        try:
            seconds = services.build_to_file(report, options["out"])
        except rendering.TemplateError as exc:
            raise CommandError(f"Mẫu Word không dùng được: {exc}") from exc
        except rendering.SectionError as exc:
            raise CommandError(f"Không tạo được báo cáo: {exc}") from exc
        self.stdout.write(f"Đã tạo {options['out']} trong {formatting.number(round(seconds, 2))} giây.")
