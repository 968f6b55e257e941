"""Talent search and freelancers' public profiles."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from hirehall.core.api import problems
from hirehall.core.errors import DomainError
from hirehall.core.money import parse_money
from hirehall.core.pagination import decode_offset_cursor, page_size, paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.profiles import selectors
from hirehall.profiles.models import FreelancerProfile, PortfolioItem
from hirehall.profiles.schemas import (
    FreelancerOut,
    FreelancerSearchPage,
    PortfolioPage,
)

router = Router()


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _rate(value: str | None, name: str) -> int | None:
    return None if value in (None, "") else parse_money(str(value), field=name)


@router.get(
    "/freelancers",
    response={200: FreelancerSearchPage, **problems(400, 401, 422)},
    summary="Talent search: words, filters, sort, facet counts",
    description=(
        "`skills`, `languages`, `badges`: comma-separated, all required. `country`: comma-separated, any. "
        "Rates are decimal strings in USD per hour. "
        "`sort`: relevance | rate_asc | rate_desc | rating | job_success | earnings. "
        "Profiles set to private are never returned."
    ),
)
def search_freelancers(
    request: HttpRequest,
    q: str = "",
    skills: str = "",
    category: str = "",
    min_rate: str | None = None,
    max_rate: str | None = None,
    country: str = "",
    languages: str = "",
    availability: str = "",
    min_jss: int | None = None,
    badges: str = "",
    min_earnings: str | None = None,
    sort: str = "relevance",
    cursor: str | None = None,
    limit: int = 20,
) -> selectors.TalentPage:
    if availability and availability not in ("now", "full_time", "part_time"):
        raise DomainError("validation_error", "availability must be now, full_time or part_time.")
    offset = decode_offset_cursor(cursor)
    return selectors.talent_search(
        request_user(request),
        selectors.TalentQuery(
            q=q,
            skills=tuple(s.slug for s in selectors.skills_resolve(_csv(skills))),
            category=category,
            min_rate_cents=_rate(min_rate, "min_rate"),
            max_rate_cents=_rate(max_rate, "max_rate"),
            countries=tuple(c.upper() for c in _csv(country)),
            languages=_csv(languages),
            availability=availability,
            min_jss=min_jss,
            badges=_csv(badges),
            min_earnings_cents=_rate(min_earnings, "min_earnings"),
            sort=sort,
            offset=offset,
            limit=page_size(limit),
        ),
    )


@router.get(
    "/freelancers/{freelancer_id}",
    response={200: FreelancerOut, **problems(401, 404)},
    summary="A freelancer's profile (id = profile id)",
)
def get_freelancer(request: HttpRequest, freelancer_id: Id) -> FreelancerProfile:
    return selectors.freelancer_profile_get_for(request_user(request), freelancer_id)


@router.get(
    "/freelancers/{freelancer_id}/portfolio",
    response={200: PortfolioPage, **problems(400, 401, 404)},
    summary="A freelancer's portfolio items",
)
def list_portfolio(
    request: HttpRequest, freelancer_id: Id, cursor: str | None = None, limit: int = 20
) -> dict[str, object]:
    profile = selectors.freelancer_profile_get_for(request_user(request), freelancer_id)
    rows, next_cursor = paginate(
        PortfolioItem.objects.filter(profile=profile).prefetch_related("skills", "files"),
        cursor=cursor,
        limit=limit,
    )
    return {"items": rows, "next": next_cursor}
