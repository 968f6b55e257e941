"""The tantivy backend's outbox (ADR 0022), and ties broken by object id on every backend.

Equal sort values used to fall back to the document row's id (when it was first indexed); they now
fall back to the object's id (newest object first), which the embedded index can reproduce exactly.
PostgreSQL's sort-order indexes (0003) are rebuilt to match.
"""

from django.db import migrations, models

OLD = {
    "search_doc_price_asc": '("kind", "price" ASC NULLS LAST, "id" DESC)',
    "search_doc_price_desc": '("kind", "price" DESC NULLS LAST, "id" DESC)',
    "search_doc_rating": '("kind", "rating" DESC NULLS LAST, "score" DESC NULLS LAST, "id" DESC)',
    "search_doc_best": '("kind", "score" DESC NULLS LAST, "volume" DESC, "id" DESC)',
}
NEW = {name: columns.replace('"id" DESC', '"object_id" DESC') for name, columns in OLD.items()}


def _recreate(schema_editor, indexes):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in indexes.items():
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
            schema_editor.execute(f'CREATE INDEX "{name}" ON "search_searchdocument" {columns}')


def forwards(apps, schema_editor):
    _recreate(schema_editor, NEW)


def backwards(apps, schema_editor):
    _recreate(schema_editor, OLD)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_money_columns_bigint")]

    operations = [
        migrations.CreateModel(
            name="SearchOutbox",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("kind", models.CharField(max_length=32)),
                ("object_id", models.BigIntegerField()),
                ("document", models.JSONField(null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
            ],
        ),
        migrations.CreateModel(
            name="SearchOutboxPruned",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("through_id", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
