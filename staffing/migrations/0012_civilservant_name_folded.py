"""The civil servant's name folded for search in a column of its own (core.search.FoldedField), with
the trigram index moved onto it: the index on the expression vn_fold(full_name) made PostgreSQL run
`unaccent` again on every candidate row (≈ 2 s for «nguyen» at 200,000 people, bench/search.py)."""

from django.db import migrations

import core.search

INDEX = "CREATE INDEX IF NOT EXISTS civilservant_name_folded_trgm ON staffing_civilservant USING gin (name_folded gin_trgm_ops);"
DROP_OLD = "DROP INDEX IF EXISTS civilservant_name_fold_trgm;"
OLD = "CREATE INDEX IF NOT EXISTS civilservant_name_fold_trgm ON staffing_civilservant USING gin (vn_fold(full_name) gin_trgm_ops);"


def fill(apps, schema_editor):
    CivilServant = apps.get_model("staffing", "CivilServant")
    batch = []
    for person in CivilServant.objects.only("pk", "full_name").iterator(chunk_size=5000):
        person.name_folded = core.search.fold(person.full_name) or ""
        batch.append(person)
        if len(batch) >= 5000:
            CivilServant.objects.bulk_update(batch, ["name_folded"])
            batch = []
    CivilServant.objects.bulk_update(batch, ["name_folded"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_OLD)
        schema_editor.execute(INDEX)


def unfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS civilservant_name_folded_trgm;")
        schema_editor.execute(OLD)


class Migration(migrations.Migration):
    dependencies = [("staffing", "0011_civilservant_code_prefix_index")]

    operations = [
        migrations.AddField(
            model_name="civilservant",
            name="name_folded",
            field=core.search.FoldedField("full_name", editable=False, max_length=120,
                                          verbose_name="họ và tên (không dấu, để tìm)"),
        ),
        migrations.RunPython(fill, unfill),
    ]
