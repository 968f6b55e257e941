"""Reads for profiles and the skills taxonomy. Visibility decisions live here, nowhere else."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet

from hirehall.core.errors import DomainError, NotFound
from hirehall.profiles.models import Category, Skill, SkillAlias, Subcategory

# --- skills taxonomy -------------------------------------------------------------------------


def skills_list(
    *, q: str = "", category: str = "", subcategory: str = "", include_inactive: bool = False
) -> QuerySet[Skill]:
    """Skills matching a name fragment or an alias ("js" finds JavaScript), optionally in a category."""
    qs = Skill.objects.select_related("category", "subcategory").prefetch_related(
        Prefetch("aliases", queryset=SkillAlias.objects.order_by("alias"))
    )
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if category:
        qs = qs.filter(category__slug=category)
    if subcategory:
        qs = qs.filter(subcategory__slug=subcategory)
    q = q.strip().lower()
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(slug__startswith=q) | Q(aliases__alias__startswith=q)
        ).distinct()
    return qs


def categories_tree() -> list[Category]:
    """Every category with its subcategories (two queries)."""
    return list(
        Category.objects.prefetch_related(
            Prefetch("subcategories", queryset=Subcategory.objects.order_by("position", "name"))
        ).order_by("position", "name")
    )


def skill_get(slug: str) -> Skill:
    skill = Skill.objects.select_related("category", "subcategory").filter(slug=slug).first()
    if skill is None:
        raise NotFound(f"No skill with slug {slug!r}.")
    return skill


def category_get(slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise NotFound(f"No category with slug {slug!r}.")
    return category


def skills_by_slugs(slugs: Iterable[str]) -> list[Skill]:
    """Skills in the order given; an unknown or retired slug is a validation error naming it."""
    wanted = [s.strip() for s in slugs if s.strip()]
    found = {s.slug: s for s in Skill.objects.filter(slug__in=wanted, is_active=True)}
    missing = [s for s in wanted if s not in found]
    if missing:
        raise DomainError("validation_error", f"Unknown skill(s): {', '.join(missing)}.")
    seen: set[str] = set()
    ordered = []
    for slug in wanted:
        if slug not in seen:
            seen.add(slug)
            ordered.append(found[slug])
    return ordered


def skill_alias_map() -> dict[str, list[str]]:
    """alias → the words of the skill's name, for query expansion in search ("js" → javascript)."""
    return {
        alias: name.lower().split() for alias, name in SkillAlias.objects.values_list("alias", "skill__name")
    }
