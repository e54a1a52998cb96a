"""A trigram index on the folded name (core.search.Fold) so a name search stays fast at 200,000
people on PostgreSQL; nothing on SQLite (it folds in Python, core.search)."""

from django.db import migrations

INDEX = "CREATE INDEX IF NOT EXISTS civilservant_name_fold_trgm ON staffing_civilservant USING gin (vn_fold(full_name) gin_trgm_ops);"
DROP = "DROP INDEX IF EXISTS civilservant_name_fold_trgm;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("staffing", "0007_importjob_moved_to_core"), ("core", "0004_vn_fold")]
    operations = [migrations.RunPython(forward, backward)]
