"""Reports own their outline (issue 11 item 4): each report gets its own copy of its kind's
sections and formats, and narratives move from the kind's sections to the report's copies.
Kinds declare the unit kinds that issue them and the period types they serve (item 5)."""

import django.db.models.deletion
from django.db import migrations, models


def snapshot_existing(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    OutlineSection = apps.get_model("reports", "OutlineSection")
    ReportSection = apps.get_model("reports", "ReportSection")
    SectionNarrative = apps.get_model("reports", "SectionNarrative")
    ReportKind = apps.get_model("reports", "ReportKind")
    for kind in ReportKind.objects.all():
        kind.issuer_kinds = ["home_affairs"]
        kind.period_types = ["annual"] if "annual" in kind.code else ["six_month"] if "six_month" in kind.code else []
        kind.save(update_fields=["issuer_kinds", "period_types"])
    for report in Report.objects.select_related("kind"):
        kind = report.kind
        report.title_template = kind.title_template
        report.intro_template = kind.intro_template
        report.closing_template = kind.closing_template
        report.uses_parts = kind.uses_parts
        report.save(update_fields=["title_template", "intro_template", "closing_template", "uses_parts"])
        copies = {}
        pending = list(OutlineSection.objects.filter(kind=kind).order_by("order", "id"))
        while pending:  # parents first, whatever their order
            rest = []
            for s in pending:
                if s.parent_id and s.parent_id not in copies:
                    rest.append(s)
                    continue
                copies[s.pk] = ReportSection.objects.create(
                    report=report, parent=copies.get(s.parent_id), source=s, title=s.title,
                    provider_key=s.provider_key, figures_position=s.figures_position, office_id=s.office_id,
                    order=s.order,
                )
            if len(rest) == len(pending):  # pragma: no cover - a cycle cannot be saved through clean()
                break
            pending = rest
        for narrative in SectionNarrative.objects.filter(report=report):
            narrative.report_section = copies.get(narrative.section_id)
            narrative.save(update_fields=["report_section"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("reports", "0004_reportphrase_kindwording"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportkind", name="issuer_kinds",
            field=models.JSONField(blank=True, default=list, verbose_name="loại đơn vị ban hành", help_text="Các loại đơn vị ban hành loại báo cáo này, ví dụ [\"home_affairs\"], [\"district\", \"commune\"]. Để trống: chỉ Sở Nội vụ."),
        ),
        migrations.AddField(
            model_name="reportkind", name="period_types",
            field=models.JSONField(blank=True, default=list, verbose_name="loại kỳ áp dụng", help_text="Các loại kỳ loại báo cáo này phục vụ, ví dụ [\"six_month\"] hoặc [\"annual\"]. Kỳ 6 tháng chỉ là 6 tháng đầu năm: báo cáo cuối năm là báo cáo năm. Để trống: mọi kỳ."),
        ),
        migrations.AddField(model_name="report", name="title_template",
                            field=models.CharField(blank=True, max_length=300, verbose_name="trích yếu (mẫu)")),
        migrations.AddField(model_name="report", name="intro_template",
                            field=models.CharField(blank=True, max_length=400, verbose_name="câu mở đầu (mẫu)")),
        migrations.AddField(model_name="report", name="closing_template",
                            field=models.CharField(blank=True, max_length=400, verbose_name="câu kết thúc (mẫu)")),
        migrations.AddField(model_name="report", name="uses_parts",
                            field=models.BooleanField(default=True, verbose_name="mục cấp cao nhất là «Phần»")),
        migrations.AlterField(
            model_name="report", name="addressees",
            field=models.TextField(blank=True, help_text="Để trống: không có dòng «Kính gửi:».", verbose_name="kính gửi"),
        ),
        migrations.AlterField(
            model_name="report", name="signer_authority",
            field=models.CharField(choices=[("director", "Người đứng đầu ký (GIÁM ĐỐC; TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)"), ("deputy", "Cấp phó ký thay (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC; KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)")], default="director", max_length=20, verbose_name="thẩm quyền ký"),
        ),
        migrations.CreateModel(
            name="ReportSection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=400, verbose_name="tiêu đề mục")),
                ("provider_key", models.CharField(blank=True, max_length=100, verbose_name="nguồn số liệu")),
                ("figures_position", models.CharField(choices=[("before", "Trước phần nội dung do phòng viết"), ("after", "Sau phần nội dung do phòng viết")], default="after", max_length=10, verbose_name="vị trí số liệu")),
                ("order", models.PositiveIntegerField(default=0, verbose_name="thứ tự")),
                ("office", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.orgunit", verbose_name="phòng, đơn vị chịu trách nhiệm")),
                ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="children", to="reports.reportsection", verbose_name="mục cha")),
                ("report", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="sections", to="reports.report")),
                ("source", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="copies", to="reports.outlinesection", verbose_name="mục của đề cương")),
            ],
            options={
                "verbose_name": "mục của báo cáo", "verbose_name_plural": "các mục của báo cáo",
                "ordering": ["report", "order", "id"],
                "indexes": [models.Index(fields=["report", "parent", "order"], name="reports_rep_report__60667f_idx")],
            },
        ),
        migrations.AddField(
            model_name="sectionnarrative", name="report_section",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="reports.reportsection"),
        ),
        migrations.RunPython(snapshot_existing, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="sectionnarrative", name="narrative_unique_section"),
        migrations.RemoveField(model_name="sectionnarrative", name="section"),
        migrations.RenameField(model_name="sectionnarrative", old_name="report_section", new_name="section"),
        migrations.AlterField(
            model_name="sectionnarrative", name="section",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="narratives", to="reports.reportsection"),
        ),
        migrations.AddConstraint(
            model_name="sectionnarrative",
            constraint=models.UniqueConstraint(fields=("report", "section"), name="narrative_unique_section"),
        ),
    ]
