"""The religions recognised in Việt Nam that the portal's forms offer (data, not code: admins add others)."""

from django.db import migrations

RELIGIONS = [
    ("phat-giao", "Phật giáo"),
    ("cong-giao", "Công giáo"),
    ("tin-lanh", "Tin lành"),
    ("cao-dai", "Cao Đài"),
    ("hoa-hao", "Phật giáo Hòa Hảo"),
    ("hoi-giao", "Hồi giáo"),
    ("tu-an-hieu-nghia", "Tứ Ân Hiếu Nghĩa"),
    ("buu-son-ky-huong", "Bửu Sơn Kỳ Hương"),
    ("tinh-do-cu-si", "Tịnh độ Cư sĩ Phật hội Việt Nam"),
    ("baha-i", "Baha'i"),
    ("minh-su-dao", "Minh Sư Đạo"),
]


def seed(apps, schema_editor):
    Religion = apps.get_model("religion", "Religion")
    for order, (code, name) in enumerate(RELIGIONS, start=1):
        Religion.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


def unseed(apps, schema_editor):
    apps.get_model("religion", "Religion").objects.filter(code__in=[c for c, _ in RELIGIONS], dossiers=None,
                                                          organizations=None).delete()


class Migration(migrations.Migration):
    dependencies = [("religion", "0001_religion_registers")]
    operations = [migrations.RunPython(seed, unseed)]
