"""Seed the skills taxonomy from the frozen module taxonomy_v1 (idempotent: keyed by slug)."""

from django.db import migrations
from django.utils.text import slugify


def seed(apps, schema_editor):
    from hirehall.profiles.taxonomy_v1 import TAXONOMY, parse_entry, skill_slug

    Category = apps.get_model("profiles", "Category")
    Subcategory = apps.get_model("profiles", "Subcategory")
    Skill = apps.get_model("profiles", "Skill")
    SkillAlias = apps.get_model("profiles", "SkillAlias")
    for cpos, (cname, subs) in enumerate(TAXONOMY.items()):
        category, _ = Category.objects.get_or_create(
            slug=slugify(cname), defaults={"name": cname, "position": cpos}
        )
        for spos, (sname, skills) in enumerate(subs.items()):
            sub, _ = Subcategory.objects.get_or_create(
                slug=slugify(sname), defaults={"name": sname, "category": category, "position": spos}
            )
            for entry in skills:
                name, aliases = parse_entry(entry)
                skill, _ = Skill.objects.get_or_create(
                    slug=skill_slug(name), defaults={"name": name, "subcategory": sub, "category": category}
                )
                for alias in aliases:
                    SkillAlias.objects.get_or_create(alias=alias, defaults={"skill": skill})


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
