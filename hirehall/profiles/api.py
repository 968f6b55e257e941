"""Profiles API: skills taxonomy, freelancer profiles, portfolio, client pages, favourites, guidance."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from hirehall.core.api import problems
from hirehall.core.pagination import paginate
from hirehall.profiles import selectors
from hirehall.profiles.models import Category, Skill

router = Router(tags=["profiles"])


class Ref(Schema):
    slug: str
    name: str


class SkillOut(Schema):
    id: str
    slug: str
    name: str
    category: Ref
    subcategory: Ref
    aliases: list[str]


class SkillPage(Schema):
    items: list[SkillOut]
    next: str | None


class CategoryOut(Schema):
    id: str
    slug: str
    name: str
    subcategories: list[Ref]


def skill_out(skill: Skill) -> dict[str, object]:
    return {
        "id": str(skill.pk),
        "slug": skill.slug,
        "name": skill.name,
        "category": {"slug": skill.category.slug, "name": skill.category.name},
        "subcategory": {"slug": skill.subcategory.slug, "name": skill.subcategory.name},
        "aliases": [a.alias for a in skill.aliases.all()],
    }


def _category_out(category: Category) -> dict[str, object]:
    return {
        "id": str(category.pk),
        "slug": category.slug,
        "name": category.name,
        "subcategories": [{"slug": s.slug, "name": s.name} for s in category.subcategories.all()],
    }


@router.get(
    "/skills",
    response={200: SkillPage, **problems(400, 401)},
    summary="Skills taxonomy: search by name or alias, filter by category",
)
def list_skills(
    request: HttpRequest,
    q: str = "",
    category: str = "",
    subcategory: str = "",
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, object]:
    rows, next_cursor = paginate(
        selectors.skills_list(q=q, category=category, subcategory=subcategory), cursor=cursor, limit=limit
    )
    return {"items": [skill_out(s) for s in rows], "next": next_cursor}


@router.get(
    "/skills/categories",
    response={200: list[CategoryOut], **problems(401)},
    summary="Categories with their subcategories",
)
def list_categories(request: HttpRequest) -> list[dict[str, object]]:
    return [_category_out(c) for c in selectors.categories_tree()]
