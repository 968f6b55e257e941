"""PostgreSQL: a GIN index over each document's facet values as an array.

Tag filters then become `tags @> ARRAY[...]` (all of) and `tags && ARRAY[...]` (any of) on the
document row, which PostgreSQL combines with the tsvector GIN index in one bitmap scan, instead of
semi-joins against the tag table that read every document carrying a common tag ("language: en").
The array is computed from `facet_values`, so the write path is unchanged.
"""

from django.db import migrations

EXPRESSION = "(string_to_array(facet_values, E'\\n'))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS search_doc_tags_gin ON search_searchdocument USING gin ({EXPRESSION})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_doc_tags_gin")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_tag_statistics")]
    operations = [migrations.RunPython(create, drop)]
