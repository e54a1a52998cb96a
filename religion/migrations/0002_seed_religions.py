"""The religions recognised in Việt Nam that the portal's forms offer (data, not code: admins add others)."""

from django.db import migrations

from religion.catalogue import RELIGIONS


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
