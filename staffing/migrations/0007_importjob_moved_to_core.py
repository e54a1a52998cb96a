"""ImportJob now lives in core (core 0003 took over its table and rows): leave staffing's state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("staffing", "0006_actiontype_leaving_province"),
        ("core", "0003_importjob_moved_from_staffing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportJob")],
            database_operations=[],
        ),
    ]
