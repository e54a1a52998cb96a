import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_reportjob_heartbeat_reruns'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportPhrase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=150, unique=True, verbose_name='khóa mẫu câu')),
                ('text', models.TextField(verbose_name='mẫu câu')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='sửa lúc')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                 related_name='+', to=settings.AUTH_USER_MODEL,
                                                 verbose_name='người sửa')),
            ],
            options={'verbose_name': 'mẫu câu của tỉnh', 'verbose_name_plural': 'mẫu câu của tỉnh'},
        ),
        migrations.CreateModel(
            name='KindWording',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('abbreviate_cases', models.BooleanField(default=True, help_text='Bật: lần đầu «74 trường hợp (TH)», sau đó «46 (TH)». Tắt: luôn «46 trường hợp».', verbose_name='viết tắt «trường hợp (TH)»')),
                ('detail_style', models.CharField(blank=True, choices=[('footnotes', 'Chú thích cuối trang'), ('parentheses', 'Trong ngoặc đơn')], help_text='Chú thích cuối trang hoặc trong ngoặc đơn; để trống: theo thiết lập của từng báo cáo.', max_length=20, verbose_name='số liệu chi tiết')),
                ('period_phrase', models.CharField(blank=True, help_text='Ví dụ «6 tháng đầu năm» trong «Trong 6 tháng đầu năm, …»; để trống: theo kỳ báo cáo.', max_length=100, verbose_name='cụm từ chỉ kỳ')),
                ('kind', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='wording', to='reports.reportkind', verbose_name='loại báo cáo')),
            ],
            options={'verbose_name': 'quy ước trình bày của loại báo cáo', 'verbose_name_plural': 'quy ước trình bày của loại báo cáo'},
        ),
    ]
