"""ImportJob moves from staffing to core (every app's imports share it): the table and its rows
stay as they are (renamed staffing_importjob → core_importjob), no row is copied or lost."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import core.models


def move_content_type(apps, schema_editor):
    """Permissions and admin log entries of the old model follow it to core."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="importjob").exists():
        ContentType.objects.filter(app_label="staffing", model="importjob").update(app_label="core")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="staffing", model="importjob").exists():
        ContentType.objects.filter(app_label="core", model="importjob").update(app_label="staffing")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_notification"),
        ("staffing", "0006_actiontype_leaving_province"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The model enters core's state on the existing table (no SQL) …
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportJob",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("heartbeat_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="lần báo tiến độ cuối")),
                        ("reruns", models.PositiveSmallIntegerField(default=0, verbose_name="số lần chạy lại")),
                        ("kind", models.CharField(max_length=20, verbose_name="loại dữ liệu")),
                        ("status", models.CharField(choices=[("uploaded", "Đã tải lên"), ("checking", "Đang kiểm tra"), ("ready", "Chờ xác nhận"), ("invalid", "Có lỗi, chưa nhập"), ("importing", "Đang nhập"), ("done", "Đã nhập xong"), ("failed", "Lỗi hệ thống")], default="uploaded", max_length=20, verbose_name="trạng thái")),
                        ("skip_preview", models.BooleanField(default=False, help_text="Không dừng ở bước xem trước: một lượt kiểm tra và lưu.", verbose_name="nhập ngay khi tệp không có lỗi")),
                        ("file", models.FileField(upload_to="imports/%Y/%m/", verbose_name="tệp tải lên")),
                        ("original_name", models.CharField(max_length=255, verbose_name="tên tệp")),
                        ("total_rows", models.PositiveIntegerField(default=0, verbose_name="số dòng")),
                        ("progress", models.PositiveSmallIntegerField(default=0, verbose_name="tiến độ (%)")),
                        ("counts", models.JSONField(blank=True, default=dict, verbose_name="kết quả")),
                        ("preview", models.JSONField(blank=True, default=list, verbose_name="xem trước")),
                        ("errors", models.JSONField(blank=True, default=list, verbose_name="lỗi")),
                        ("feedback", models.FileField(blank=True, upload_to="imports/%Y/%m/", verbose_name="tệp phản hồi lỗi")),
                        ("parsed", models.FileField(blank=True, help_text="Các dòng của tệp đã đọc khi kiểm tra; bước nhập dùng lại, không đọc lại tệp Excel.", upload_to="imports/%Y/%m/", verbose_name="dữ liệu đã đọc (JSON)")),
                        ("message", models.TextField(blank=True, verbose_name="thông báo")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="xong lúc")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="import_jobs", to=settings.AUTH_USER_MODEL, verbose_name="người tải lên")),
                    ],
                    options={
                        "verbose_name": "lượt nhập Excel",
                        "verbose_name_plural": "lượt nhập Excel",
                        "ordering": ["-created_at", "-id"],
                        "abstract": False,
                        "db_table": "staffing_importjob",
                    },
                ),
            ],
            database_operations=[],
        ),
        # … then takes core's table name, and room for the other apps' kind keys.
        migrations.AlterModelTable(name="importjob", table=None),
        migrations.AlterField(
            model_name="importjob",
            name="kind",
            field=models.CharField(max_length=40, validators=[core.models.validate_import_kind], verbose_name="loại dữ liệu"),
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
