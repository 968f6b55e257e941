"""The skills taxonomy and hourly rate guidance."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from hirehall.core.api import problems
from hirehall.core.errors import DomainError
from hirehall.core.pagination import paginate
from hirehall.core.web import request_user
from hirehall.profiles import guidance, selectors
from hirehall.profiles.models import Category
from hirehall.profiles.schemas import CategoryOut, GuidanceOut, SkillPage

router = Router()


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
    return {"items": rows, "next": next_cursor}


@router.get(
    "/skills/categories",
    response={200: list[CategoryOut], **problems(401)},
    summary="Categories with their subcategories",
)
def list_categories(request: HttpRequest) -> list[Category]:
    return selectors.categories_tree()


@router.get(
    "/rates/guidance",
    response={200: GuidanceOut, **problems(401, 404, 422)},
    summary="Hourly rate guidance for a skill or category: 25th/50th/75th percentiles and sample size",
)
def rate_guidance(request: HttpRequest, skill: str = "", category: str = "") -> guidance.Guidance:
    request_user(request)
    if skill:
        result = guidance.rate_guidance(skill=selectors.skill_get(skill))
    elif category:
        result = guidance.rate_guidance(category=selectors.category_get(category))
    else:
        raise DomainError("validation_error", "Give skill=<slug> or category=<slug>.")
    assert result.category is not None  # noqa: S101 - rate_guidance always resolves the category
    return result
