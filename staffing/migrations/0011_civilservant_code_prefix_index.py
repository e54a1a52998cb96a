"""An index for the register search's code match (`upper(ma_so) LIKE 'X%'`, core.search
folded_match `exact`): without it the name OR code condition cannot use the trigram index on the
folded name, and PostgreSQL folds every row of a 200,000-person register (13 s measured by
bench/search.py; 3.4 s with this index, the trigram index then used). Nothing on SQLite."""

from django.db import migrations

INDEX = "CREATE INDEX IF NOT EXISTS civilservant_ma_so_upper ON staffing_civilservant (upper(ma_so) text_pattern_ops);"
DROP = "DROP INDEX IF EXISTS civilservant_ma_so_upper;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("staffing", "0010_seed_action_kinds")]
    operations = [migrations.RunPython(forward, backward)]
