"""Profiles API: skills taxonomy, freelancer profiles, portfolio, client pages, favourites, guidance."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from hirehall.accounts.models import User
from hirehall.core.api import problems, request_user
from hirehall.core.errors import DomainError
from hirehall.core.money import cents_to_decimal_str, parse_money
from hirehall.core.pagination import paginate
from hirehall.profiles import guidance, selectors, services, sources
from hirehall.profiles.completeness import completeness
from hirehall.profiles.models import (
    Category,
    ClientProfile,
    FavouriteList,
    FreelancerProfile,
    LanguageLevel,
    PortfolioFile,
    PortfolioItem,
    ProfileSkill,
    Skill,
    Visibility,
)
from hirehall.profiles.reference import LANGUAGE_NAMES

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


# --- freelancer profiles ----------------------------------------------------------------------

CURRENCY = "USD"


def _money(cents: int | None) -> str | None:
    return None if cents is None else cents_to_decimal_str(cents)


class SkillRef(Schema):
    slug: str
    name: str


class LanguageOut(Schema):
    code: str
    name: str
    level: str


class PortfolioFileOut(Schema):
    id: str
    kind: str
    name: str
    content_type: str
    size: int
    url: str
    thumbnail_url: str | None


class PortfolioItemOut(Schema):
    id: str
    title: str
    description: str
    role: str
    result: str
    link: str
    skills: list[SkillRef]
    files: list[PortfolioFileOut]


class PortfolioPage(Schema):
    items: list[PortfolioItemOut]
    next: str | None


class EmploymentOut(Schema):
    id: str
    company: str
    role: str
    start_year: int
    end_year: int | None
    description: str


class EducationOut(Schema):
    id: str
    school: str
    degree: str
    field_of_study: str
    start_year: int | None
    end_year: int | None


class ReputationOut(Schema):
    job_success_score: int | None
    rating: str | None
    total_earnings: str
    hours: int
    jobs: int
    badges: list[str]
    currency: str


class CompletenessItemOut(Schema):
    key: str
    label: str
    weight: int
    done: bool


class CompletenessOut(Schema):
    percent: int
    missing: list[CompletenessItemOut]


class FreelancerCard(Schema):
    id: str
    user_id: str
    name: str
    title: str
    hourly_rate: str | None
    currency: str
    country: str
    available_now: bool
    skills: list[SkillRef]
    photo_url: str | None
    job_success_score: int | None
    badges: list[str]


class FreelancerOut(FreelancerCard):
    overview: str
    timezone: str
    hours_per_week: int | None
    visibility: str
    video_url: str | None
    languages: list[LanguageOut]
    portfolio: list[PortfolioItemOut]
    employment: list[EmploymentOut]
    education: list[EducationOut]
    reputation: ReputationOut
    completeness: CompletenessOut | None = Field(None, description="Only on your own profile")
    updated_at: datetime


class FacetValue(Schema):
    value: str
    count: int


class FreelancerSearchPage(Schema):
    items: list[FreelancerCard]
    total: int
    total_exact: bool = Field(description="False above 5,000 matches: `total` is then an estimate")
    facets: dict[str, list[FacetValue]]
    facets_approximate: bool = Field(description="True when counted on a sample of a very large result")
    next: str | None


def _photo_url(profile: FreelancerProfile) -> str | None:
    return reverse("profile_file_variant", args=["photo", profile.pk, "thumb"]) if profile.photo else None


def _file_out(file: PortfolioFile) -> dict[str, object]:
    return {
        "id": str(file.pk),
        "kind": file.kind,
        "name": file.original_name,
        "content_type": file.content_type,
        "size": file.size,
        "url": reverse("profile_file", args=["portfolio", file.pk]),
        "thumbnail_url": reverse("profile_file_variant", args=["portfolio", file.pk, "thumb"])
        if file.thumb_path
        else None,
    }


def _item_out(item: PortfolioItem) -> dict[str, object]:
    return {
        "id": str(item.pk),
        "title": item.title,
        "description": item.description,
        "role": item.role,
        "result": item.result,
        "link": item.link,
        "skills": [{"slug": s.slug, "name": s.name} for s in item.skills.all()],
        "files": [_file_out(f) for f in item.files.all()],
    }


def _card(profile: FreelancerProfile, reputation: sources.Reputation) -> dict[str, object]:
    return {
        "id": str(profile.pk),
        "user_id": str(profile.user_id),
        "name": profile.user.display_name,
        "title": profile.title,
        "hourly_rate": _money(profile.hourly_rate_cents),
        "currency": CURRENCY,
        "country": profile.country,
        "available_now": profile.available_now,
        "skills": [{"slug": ps.skill.slug, "name": ps.skill.name} for ps in profile.profile_skills.all()],
        "photo_url": _photo_url(profile),
        "job_success_score": reputation.jss,
        "badges": list(reputation.badges),
    }


def _profile_out(profile: FreelancerProfile, *, owner: bool) -> dict[str, object]:
    reputation = sources.reputation_for([profile.user_id])[profile.user_id]
    done = completeness(profile)
    return {
        **_card(profile, reputation),
        "overview": profile.overview,
        "timezone": profile.timezone,
        "hours_per_week": profile.hours_per_week,
        "visibility": profile.visibility,
        "video_url": reverse("profile_file", args=["video", profile.pk])
        if profile.video
        else (profile.video_url or None),
        "languages": [
            {
                "code": lang.language,
                "name": LANGUAGE_NAMES.get(lang.language, lang.language),
                "level": lang.level,
            }
            for lang in profile.languages.all()
        ],
        "portfolio": [_item_out(i) for i in profile.portfolio_items.all()],
        "employment": [
            {
                "id": str(e.pk),
                "company": e.company,
                "role": e.role,
                "start_year": e.start_year,
                "end_year": e.end_year,
                "description": e.description,
            }
            for e in profile.employments.all()
        ],
        "education": [
            {
                "id": str(e.pk),
                "school": e.school,
                "degree": e.degree,
                "field_of_study": e.field_of_study,
                "start_year": e.start_year,
                "end_year": e.end_year,
            }
            for e in profile.educations.all()
        ],
        "reputation": {
            "job_success_score": reputation.jss,
            "rating": f"{reputation.rating:.2f}" if reputation.rating is not None else None,
            "total_earnings": cents_to_decimal_str(reputation.earnings_cents),
            "hours": reputation.hours,
            "jobs": reputation.jobs,
            "badges": list(reputation.badges),
            "currency": CURRENCY,
        },
        "completeness": {
            "percent": done.percent,
            "missing": [
                {"key": i.key, "label": i.label, "weight": i.weight, "done": i.done} for i in done.missing
            ],
        }
        if owner
        else None,
        "updated_at": profile.updated_at,
    }


def _encode_offset(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def _decode_offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        if kind != "o" or not value.isascii() or not value.isdigit():
            raise ValueError(raw)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DomainError("bad_request", "Invalid cursor.") from None


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
        "Rates are decimal strings in USD per hour. `sort`: relevance | rate_asc | rate_desc | rating. "
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
) -> dict[str, object]:
    if availability and availability not in ("now", "full_time", "part_time"):
        raise DomainError("validation_error", "availability must be now, full_time or part_time.")
    offset = _decode_offset(cursor)
    page = selectors.talent_search(
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
            limit=min(max(limit, 1), 100),
        ),
    )
    return {
        "items": [_card(p, page.reputations[p.user_id]) for p in page.profiles],
        "total": page.total,
        "total_exact": page.total_exact,
        "facets": {k: [{"value": v, "count": n} for v, n in vals] for k, vals in page.facets.items()},
        "facets_approximate": page.facets_approximate,
        "next": _encode_offset(page.next_offset) if page.next_offset is not None else None,
    }


@router.get(
    "/freelancers/{freelancer_id}",
    response={200: FreelancerOut, **problems(401, 404)},
    summary="A freelancer's profile (id = profile id)",
)
def get_freelancer(request: HttpRequest, freelancer_id: str) -> dict[str, object]:
    user = request_user(request)
    profile = selectors.freelancer_profile_get_for(user, freelancer_id)
    return _profile_out(profile, owner=profile.user_id == user.pk)


@router.get(
    "/freelancers/{freelancer_id}/portfolio",
    response={200: PortfolioPage, **problems(400, 401, 404)},
    summary="A freelancer's portfolio items",
)
def list_portfolio(
    request: HttpRequest, freelancer_id: str, cursor: str | None = None, limit: int = 20
) -> dict[str, object]:
    profile = selectors.freelancer_profile_get_for(request_user(request), freelancer_id)
    rows, next_cursor = paginate(
        PortfolioItem.objects.filter(profile=profile).prefetch_related("skills", "files"),
        cursor=cursor,
        limit=limit,
    )
    return {"items": [_item_out(i) for i in rows], "next": next_cursor}


class ProfilePatch(Schema):
    title: str | None = Field(None, max_length=120)
    overview: str | None = Field(None, max_length=5000)
    hourly_rate: str | None = Field(None, description='Decimal string, USD per hour, e.g. "45.00"')
    country: str | None = None
    timezone: str | None = None
    hours_per_week: int | None = None
    available_now: bool | None = None
    visibility: Visibility | None = None
    video_url: str | None = None


class SkillsIn(Schema):
    skills: list[str] = Field(description="Skill slugs in order of importance (max 15)")


class LanguageIn(Schema):
    code: str
    level: LanguageLevel


class LanguagesIn(Schema):
    languages: list[LanguageIn]


def _own(request: HttpRequest) -> tuple[User, FreelancerProfile]:
    user = request_user(request)
    services.freelancer_profile_ensure(actor=user)
    profile = selectors.own_freelancer_profile(user)
    if profile is None:
        raise DomainError("not_found")
    return user, profile


def _fresh(user: User) -> dict[str, object]:
    profile = selectors.own_freelancer_profile(user)
    if profile is None:
        raise DomainError("not_found")
    return _profile_out(profile, owner=True)


@router.get(
    "/me/freelancer-profile",
    response={200: FreelancerOut, **problems(401, 403)},
    summary="Your freelancer profile (created empty on first use) with its completeness",
)
def get_my_profile(request: HttpRequest) -> dict[str, object]:
    _user, profile = _own(request)
    return _profile_out(profile, owner=True)


@router.patch(
    "/me/freelancer-profile",
    response={200: FreelancerOut, **problems(401, 403, 422)},
    summary="Change fields of your freelancer profile",
)
def patch_my_profile(request: HttpRequest, payload: ProfilePatch) -> dict[str, object]:
    changes = payload.dict(exclude_unset=True)
    if "hourly_rate" in changes:  # parsed before _own(), which may create the profile
        rate = changes.pop("hourly_rate")
        changes["hourly_rate_cents"] = None if rate is None else parse_money(rate, field="hourly_rate")
    user, profile = _own(request)
    services.freelancer_profile_update(actor=user, profile=profile, **changes)
    return _fresh(user)


@router.put(
    "/me/freelancer-profile/skills",
    response={200: FreelancerOut, **problems(401, 403, 422)},
    summary="Set your skills, in order",
)
def put_my_skills(request: HttpRequest, payload: SkillsIn) -> dict[str, object]:
    user, profile = _own(request)
    services.freelancer_profile_set_skills(
        actor=user, profile=profile, skills=selectors.skills_by_slugs(payload.skills)
    )
    return _fresh(user)


@router.put(
    "/me/freelancer-profile/languages",
    response={200: FreelancerOut, **problems(401, 403, 422)},
    summary="Set your languages and levels",
)
def put_my_languages(request: HttpRequest, payload: LanguagesIn) -> dict[str, object]:
    user, profile = _own(request)
    services.freelancer_profile_set_languages(
        actor=user, profile=profile, languages=[(lang.code, lang.level) for lang in payload.languages]
    )
    return _fresh(user)


@router.post(
    "/me/freelancer-profile/photo",
    response={200: FreelancerOut, **problems(401, 403, 413, 415, 422)},
    summary="Upload your photo (JPEG/PNG/WebP/GIF, re-encoded, cropped square)",
)
def post_my_photo(request: HttpRequest, photo: UploadedFile = File(...)) -> dict[str, object]:  # noqa: B008
    user, profile = _own(request)
    services.freelancer_profile_set_photo(actor=user, profile=profile, upload=photo)
    return _fresh(user)


@router.delete(
    "/me/freelancer-profile/photo",
    response={200: FreelancerOut, **problems(401, 403)},
    summary="Remove your photo",
)
def delete_my_photo(request: HttpRequest) -> dict[str, object]:
    user, profile = _own(request)
    services.freelancer_profile_remove_photo(actor=user, profile=profile)
    return _fresh(user)


@router.post(
    "/me/freelancer-profile/video",
    response={200: FreelancerOut, **problems(401, 403, 413, 415, 422)},
    summary="Upload your intro video (MP4/WebM/QuickTime)",
)
def post_my_video(request: HttpRequest, video: UploadedFile = File(...)) -> dict[str, object]:  # noqa: B008
    user, profile = _own(request)
    services.freelancer_profile_set_video(actor=user, profile=profile, upload=video)
    return _fresh(user)


@router.delete(
    "/me/freelancer-profile/video",
    response={200: FreelancerOut, **problems(401, 403)},
    summary="Remove your intro video or link",
)
def delete_my_video(request: HttpRequest) -> dict[str, object]:
    user, profile = _own(request)
    services.freelancer_profile_remove_video(actor=user, profile=profile)
    return _fresh(user)


class PortfolioIn(Schema):
    title: str = Field(min_length=1, max_length=120)
    description: str = Field("", max_length=5000)
    role: str = Field("", max_length=120)
    result: str = Field("", max_length=200)
    link: str = Field("", max_length=300)
    skills: list[str] = Field(default_factory=list, description="skill slugs")


class PortfolioPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = Field(None, max_length=5000)
    role: str | None = Field(None, max_length=120)
    result: str | None = Field(None, max_length=200)
    link: str | None = Field(None, max_length=300)
    skills: list[str] | None = None


@router.post(
    "/me/portfolio",
    response={201: PortfolioItemOut, **problems(401, 403, 409, 422)},
    summary="Add a portfolio item",
)
def create_portfolio_item(request: HttpRequest, payload: PortfolioIn) -> Status[dict[str, object]]:
    user, profile = _own(request)
    data = payload.dict()
    skills = selectors.skills_by_slugs(data.pop("skills"))
    item = services.portfolio_item_create(actor=user, profile=profile, skills=skills, **data)
    return Status(201, _item_out(selectors.portfolio_item_get_for(user, item.pk)))


@router.patch(
    "/me/portfolio/{item_id}",
    response={200: PortfolioItemOut, **problems(401, 404, 422)},
    summary="Change a portfolio item",
)
def patch_portfolio_item(request: HttpRequest, item_id: str, payload: PortfolioPatch) -> dict[str, object]:
    user = request_user(request)
    item = selectors.owned_portfolio_item_get_for(user, item_id)
    data = payload.dict(exclude_unset=True)
    slugs = data.pop("skills", None)
    skills = selectors.skills_by_slugs(slugs) if slugs is not None else None
    services.portfolio_item_update(actor=user, item=item, skills=skills, **data)
    return _item_out(selectors.portfolio_item_get_for(user, item.pk))


@router.delete(
    "/me/portfolio/{item_id}", response={204: None, **problems(401, 404)}, summary="Delete a portfolio item"
)
def delete_portfolio_item(request: HttpRequest, item_id: str) -> Status[None]:
    user = request_user(request)
    services.portfolio_item_delete(actor=user, item=selectors.owned_portfolio_item_get_for(user, item_id))
    return Status(204, None)


@router.post(
    "/me/portfolio/{item_id}/files",
    response={201: PortfolioFileOut, **problems(401, 404, 409, 413, 415, 422)},
    summary="Attach an image (re-encoded) or a PDF/Office document to a portfolio item",
)
def add_portfolio_file(
    request: HttpRequest,
    item_id: str,
    file: UploadedFile = File(...),  # noqa: B008
) -> Status[dict[str, object]]:
    user = request_user(request)
    item = selectors.owned_portfolio_item_get_for(user, item_id)
    created = services.portfolio_file_add(actor=user, item=item, upload=file)
    return Status(201, _file_out(created))


@router.delete(
    "/me/portfolio/{item_id}/files/{file_id}",
    response={204: None, **problems(401, 404)},
    summary="Remove a file from a portfolio item",
)
def delete_portfolio_file(request: HttpRequest, item_id: str, file_id: str) -> Status[None]:
    user = request_user(request)
    item = selectors.owned_portfolio_item_get_for(user, item_id)
    file = selectors.portfolio_file_get_for(user, file_id)
    if file.item_id != item.pk:
        raise DomainError("not_found", "No such file.")
    services.portfolio_file_delete(actor=user, file=file)
    return Status(204, None)


class EmploymentIn(Schema):
    company: str = Field(min_length=1, max_length=120)
    role: str = Field(min_length=1, max_length=120)
    start_year: int
    end_year: int | None = None
    description: str = Field("", max_length=2000)


class EducationIn(Schema):
    school: str = Field(min_length=1, max_length=150)
    degree: str = Field("", max_length=120)
    field_of_study: str = Field("", max_length=120)
    start_year: int | None = None
    end_year: int | None = None


@router.post(
    "/me/employment", response={201: EmploymentOut, **problems(401, 403, 409, 422)}, summary="Add employment"
)
def create_employment(request: HttpRequest, payload: EmploymentIn) -> Status[dict[str, object]]:
    user, profile = _own(request)
    row = services.employment_create(actor=user, profile=profile, **payload.dict())
    return Status(
        201,
        {
            "id": str(row.pk),
            "company": row.company,
            "role": row.role,
            "start_year": row.start_year,
            "end_year": row.end_year,
            "description": row.description,
        },
    )


@router.delete(
    "/me/employment/{row_id}", response={204: None, **problems(401, 404)}, summary="Remove employment"
)
def delete_employment(request: HttpRequest, row_id: str) -> Status[None]:
    user = request_user(request)
    services.employment_delete(actor=user, employment=selectors.owned_employment_get_for(user, row_id))
    return Status(204, None)


@router.post(
    "/me/education", response={201: EducationOut, **problems(401, 403, 409, 422)}, summary="Add education"
)
def create_education(request: HttpRequest, payload: EducationIn) -> Status[dict[str, object]]:
    user, profile = _own(request)
    row = services.education_create(actor=user, profile=profile, **payload.dict())
    return Status(
        201,
        {
            "id": str(row.pk),
            "school": row.school,
            "degree": row.degree,
            "field_of_study": row.field_of_study,
            "start_year": row.start_year,
            "end_year": row.end_year,
        },
    )


@router.delete(
    "/me/education/{row_id}", response={204: None, **problems(401, 404)}, summary="Remove education"
)
def delete_education(request: HttpRequest, row_id: str) -> Status[None]:
    user = request_user(request)
    services.education_delete(actor=user, education=selectors.owned_education_get_for(user, row_id))
    return Status(204, None)


# --- clients ------------------------------------------------------------------------------------


class ClientStatsOut(Schema):
    payment_verified: bool
    total_spent: str
    hires: int
    hire_rate_percent: int | None
    open_jobs: int
    avg_hourly_rate_paid: str | None
    hours_billed: str
    rating: str | None
    reviews: int
    member_since: datetime
    country: str
    currency: str


class ClientOut(Schema):
    id: str
    name: str
    company_name: str
    description: str
    size: str
    industry: str
    country: str
    website: str
    stats: ClientStatsOut


class ClientPatch(Schema):
    company_name: str | None = Field(None, max_length=150)
    description: str | None = Field(None, max_length=3000)
    size: str | None = None
    industry: str | None = Field(None, max_length=100)
    country: str | None = None
    website: str | None = Field(None, max_length=300)


def stats_out(stats: selectors.ClientStats) -> dict[str, object]:
    return {
        "payment_verified": stats.payment_verified,
        "total_spent": cents_to_decimal_str(stats.total_spent_cents),
        "hires": stats.hires,
        "hire_rate_percent": stats.hire_rate_percent,
        "open_jobs": stats.open_jobs,
        "avg_hourly_rate_paid": _money(stats.avg_hourly_rate_cents),
        "hours_billed": f"{stats.hours_billed:.2f}",
        "rating": f"{stats.rating:.2f}" if stats.rating is not None else None,
        "reviews": stats.reviews,
        "member_since": stats.member_since,
        "country": stats.country,
        "currency": CURRENCY,
    }


def _client_out(profile: ClientProfile) -> dict[str, object]:
    return {
        "id": str(profile.user_id),
        "name": profile.user.display_name,
        "company_name": profile.company_name,
        "description": profile.description,
        "size": profile.size,
        "industry": profile.industry,
        "country": profile.country,
        "website": profile.website,
        "stats": stats_out(selectors.client_stats_for(profile.user)),
    }


@router.get(
    "/clients/{client_id}",
    response={200: ClientOut, **problems(401, 404)},
    summary="A client's company page and stats (id = the client's user id)",
)
def get_client(request: HttpRequest, client_id: str) -> dict[str, object]:
    return _client_out(selectors.client_profile_get_for(request_user(request), client_id))


@router.patch(
    "/me/client-profile",
    response={200: ClientOut, **problems(401, 403, 422)},
    summary="Change your company page (created on first use)",
)
def patch_my_client_profile(request: HttpRequest, payload: ClientPatch) -> dict[str, object]:
    user = request_user(request)
    profile = services.client_profile_ensure(actor=user)
    services.client_profile_update(actor=user, profile=profile, **payload.dict(exclude_unset=True))
    return _client_out(selectors.client_profile_get_for(user, user.pk))


# --- favourites ----------------------------------------------------------------------------------


class FavouriteListOut(Schema):
    id: str
    name: str
    size: int
    created_at: datetime


class FavouriteListPage(Schema):
    items: list[FavouriteListOut]
    next: str | None


class FavouriteListIn(Schema):
    name: str = Field(min_length=1, max_length=80)


class FavouriteEntryPage(Schema):
    items: list[FreelancerCard]
    next: str | None


def _list_out(fl: FavouriteList, size: int) -> dict[str, object]:
    return {"id": str(fl.pk), "name": fl.name, "size": size, "created_at": fl.created_at}


@router.get(
    "/favourites", response={200: FavouriteListPage, **problems(400, 401)}, summary="Your favourites lists"
)
def list_favourites(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, next_cursor = paginate(
        selectors.favourite_lists_for(request_user(request)), cursor=cursor, limit=limit
    )
    return {"items": [_list_out(fl, getattr(fl, "size", 0)) for fl in rows], "next": next_cursor}


@router.post(
    "/favourites", response={201: FavouriteListOut, **problems(401, 403, 409, 422)}, summary="Create a list"
)
def create_favourite_list(request: HttpRequest, payload: FavouriteListIn) -> Status[dict[str, object]]:
    fl = services.favourite_list_create(actor=request_user(request), name=payload.name)
    return Status(201, _list_out(fl, 0))


@router.delete("/favourites/{list_id}", response={204: None, **problems(401, 404)}, summary="Delete a list")
def delete_favourite_list(request: HttpRequest, list_id: str) -> Status[None]:
    user = request_user(request)
    services.favourite_list_delete(actor=user, favourite_list=selectors.favourite_list_get_for(user, list_id))
    return Status(204, None)


@router.get(
    "/favourites/{list_id}/freelancers",
    response={200: FavouriteEntryPage, **problems(400, 401, 404)},
    summary="Freelancers saved in a list",
)
def list_favourite_entries(
    request: HttpRequest, list_id: str, cursor: str | None = None, limit: int = 20
) -> dict[str, object]:
    user = request_user(request)
    fl = selectors.favourite_list_get_for(user, list_id)
    rows, next_cursor = paginate(
        selectors.favourite_entries(user, fl).prefetch_related(
            Prefetch(
                "profile__profile_skills",
                queryset=ProfileSkill.objects.select_related("skill").order_by("position"),
            )
        ),
        cursor=cursor,
        limit=limit,
    )
    reputations = sources.reputation_for([e.profile.user_id for e in rows])
    return {"items": [_card(e.profile, reputations[e.profile.user_id]) for e in rows], "next": next_cursor}


@router.put(
    "/favourites/{list_id}/freelancers/{freelancer_id}",
    response={200: FavouriteListOut, **problems(401, 403, 404)},
    summary="Save a freelancer to a list (idempotent)",
)
def add_favourite(request: HttpRequest, list_id: str, freelancer_id: str) -> dict[str, object]:
    user = request_user(request)
    fl = selectors.favourite_list_get_for(user, list_id)
    services.favourite_add(
        actor=user, profile=selectors.freelancer_profile_get_for(user, freelancer_id), favourite_list=fl
    )
    return _list_out(fl, fl.entries.count())


@router.delete(
    "/favourites/{list_id}/freelancers/{freelancer_id}",
    response={204: None, **problems(401, 404)},
    summary="Remove a freelancer from a list",
)
def remove_favourite(request: HttpRequest, list_id: str, freelancer_id: str) -> Status[None]:
    user = request_user(request)
    fl = selectors.favourite_list_get_for(user, list_id)
    services.favourite_remove(
        actor=user, profile=selectors.freelancer_profile_get_for(user, freelancer_id), favourite_list=fl
    )
    return Status(204, None)


# --- rate guidance -------------------------------------------------------------------------------


class GuidanceOut(Schema):
    skill: SkillRef | None
    category: SkillRef
    basis: str = Field(
        description="contracts | profiles | category_contracts | category_profiles | insufficient"
    )
    basis_label: str
    sample_size: int
    p25: str | None
    p50: str | None
    p75: str | None
    currency: str


@router.get(
    "/rates/guidance",
    response={200: GuidanceOut, **problems(401, 404, 422)},
    summary="Hourly rate guidance for a skill or category: 25th/50th/75th percentiles and sample size",
)
def rate_guidance(request: HttpRequest, skill: str = "", category: str = "") -> dict[str, object]:
    request_user(request)
    if skill:
        result = guidance.rate_guidance(skill=selectors.skill_get(skill))
    elif category:
        result = guidance.rate_guidance(category=selectors.category_get(category))
    else:
        raise DomainError("validation_error", "Give skill=<slug> or category=<slug>.")
    assert result.category is not None  # noqa: S101 - rate_guidance always resolves the category
    return {
        "skill": {"slug": result.skill.slug, "name": result.skill.name} if result.skill else None,
        "category": {"slug": result.category.slug, "name": result.category.name},
        "basis": result.basis,
        "basis_label": guidance.BASIS_LABELS[result.basis],
        "sample_size": result.sample_size,
        "p25": _money(result.p25),
        "p50": _money(result.p50),
        "p75": _money(result.p75),
        "currency": CURRENCY,
    }
