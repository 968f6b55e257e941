"""Seed the skills taxonomy from the frozen module taxonomy_v1 (idempotent: keyed by slug)."""

from django.db import migrations


def seed(apps, schema_editor):
    from hirehall.profiles.taxonomy_v1 import load

    load(
        apps.get_model("profiles", "Category"),
        apps.get_model("profiles", "Subcategory"),
        apps.get_model("profiles", "Skill"),
        apps.get_model("profiles", "SkillAlias"),
    )


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
