from django.db import migrations


def install(apps, schema_editor):
    from emulation.catalogue import install as install_types

    install_types(apps.get_model("emulation", "AwardType"))


class Migration(migrations.Migration):
    dependencies = [("emulation", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
