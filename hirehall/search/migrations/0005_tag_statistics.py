"""PostgreSQL: joint statistics on (facet, value) of search tags.

Without them the planner multiplies P(facet) by P(value) and underestimates common tags
("language" = "en" is on nearly every document) by an order of magnitude, then picks join orders
that scan them first. SQLite has no equivalent and needs none at its scale.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE STATISTICS IF NOT EXISTS search_tag_facet_value (mcv, ndistinct) "
            "ON facet, value FROM search_searchtag"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP STATISTICS IF EXISTS search_tag_facet_value")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facet_values")]
    operations = [migrations.RunPython(create, drop)]
