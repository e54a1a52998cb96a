"""`vn_fold(text)` on PostgreSQL: lower case, accents dropped (đ → d), spaces collapsed — the same
folding as core.search.fold, IMMUTABLE so trigram indexes can be built on it. SQLite gets the
Python function on each connection (core.search)."""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE OR REPLACE FUNCTION vn_fold(text) RETURNS text AS $$
    SELECT btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, $1)), '\\s+', ' ', 'g'))
$$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;
"""
BACKWARD = "DROP FUNCTION IF EXISTS vn_fold(text);"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_importjob_moved_from_staffing")]
    operations = [migrations.RunPython(forward, backward)]
