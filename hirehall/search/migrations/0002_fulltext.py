"""The full-text structure of each backend, created only on the database it belongs to.

PostgreSQL: a weighted `tsvector` column on search_searchdocument with a GIN index.
SQLite: an FTS5 table whose rowid is the SearchDocument id.
Any other vendor is refused loudly rather than silently left without search.
"""

from django.db import migrations

POSTGRES_UP = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector",
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING gin (vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]
SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, keywords, body, extra, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"hirehall.search has no backend for the {vendor!r} database")
        for sql in statements_by_vendor[vendor]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
