"""PostgreSQL: one index per sort order, matching it exactly (NULLS LAST included), so a broad
search reads its first page off an index instead of sorting every match. SQLite cannot declare
NULLS LAST in an index and needs none at the scale it serves (`make run`).
"""

from django.db import migrations

INDEXES = {
    "search_doc_price_asc": '("kind", "price" ASC NULLS LAST, "id" DESC)',
    "search_doc_price_desc": '("kind", "price" DESC NULLS LAST, "id" DESC)',
    "search_doc_rating": '("kind", "rating" DESC NULLS LAST, "score" DESC NULLS LAST, "id" DESC)',
    "search_doc_best": '("kind", "score" DESC NULLS LAST, "volume" DESC, "id" DESC)',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "search_searchdocument" {columns}')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]
    operations = [
        migrations.RemoveIndex(model_name="searchdocument", name="search_sear_kind_f0ddb6_idx"),
        migrations.RemoveIndex(model_name="searchdocument", name="search_sear_kind_61c47d_idx"),
        migrations.RunPython(create, drop),
    ]
