"""The profiles API's output shapes, each defined once, read straight from models and selector results.

Other apps' handlers return some of them too (jobs show the taxonomy `Ref` and the client's summary).
Fields named like the model's attribute are read as they are; the rest have a resolver. A page of
freelancer cards loads their reputations in one query and leaves them in the response's context for
the cards (see `_reputation`). Money is a decimal string with two places plus `currency`; ids are
strings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from hirehall.core.money import CURRENCY, cents_to_decimal_str
from hirehall.core.pagination import encode_offset_cursor
from hirehall.core.schemas import FacetValue, IdStr, once
from hirehall.profiles import guidance, selectors, sources
from hirehall.profiles.completeness import Completeness, completeness
from hirehall.profiles.models import (
    ClientProfile,
    FavouriteList,
    FreelancerProfile,
    PortfolioFile,
    ProfileLanguage,
    Skill,
)
from hirehall.profiles.reference import LANGUAGE_NAMES
from hirehall.profiles.selectors import ClientStats, TalentPage


def _money_or_none(cents: int | None) -> str | None:
    return None if cents is None else cents_to_decimal_str(cents)


# Talent search pages by offset behind an opaque cursor of its own ("o:<offset>"; the cursors clients
# already hold keep working).
# (No docstrings on schemas: they would become descriptions in the published document.)
class Ref(Schema):  # a taxonomy entry (category, subcategory or skill)
    slug: str
    name: str


# --- the taxonomy ------------------------------------------------------------------------------------
class SkillOut(Schema):
    id: IdStr
    slug: str
    name: str
    category: Ref
    subcategory: Ref
    aliases: list[str]

    @staticmethod
    def resolve_aliases(skill: Skill) -> list[str]:
        return [a.alias for a in skill.aliases.all()]


class SkillPage(Schema):
    items: list[SkillOut]
    next: str | None


class CategoryOut(Schema):
    id: IdStr
    slug: str
    name: str
    subcategories: list[Ref]


class GuidanceOut(Schema):  # from guidance.Guidance
    skill: Ref | None
    category: Ref
    basis: str = Field(
        description="contracts | profiles | category_contracts | category_profiles | insufficient"
    )
    basis_label: str
    sample_size: int
    p25: str | None
    p50: str | None
    p75: str | None
    currency: str

    @staticmethod
    def resolve_basis_label(g: guidance.Guidance) -> str:
        return str(guidance.BASIS_LABELS[g.basis])

    @staticmethod
    def resolve_p25(g: guidance.Guidance) -> str | None:
        return _money_or_none(g.p25)

    @staticmethod
    def resolve_p50(g: guidance.Guidance) -> str | None:
        return _money_or_none(g.p50)

    @staticmethod
    def resolve_p75(g: guidance.Guidance) -> str | None:
        return _money_or_none(g.p75)

    @staticmethod
    def resolve_currency(g: guidance.Guidance) -> str:
        return CURRENCY


# --- freelancer profiles -----------------------------------------------------------------------------
class LanguageOut(Schema):
    code: str
    name: str
    level: str

    @staticmethod
    def resolve_code(lang: ProfileLanguage) -> str:
        return lang.language

    @staticmethod
    def resolve_name(lang: ProfileLanguage) -> str:
        return LANGUAGE_NAMES.get(lang.language, lang.language)


class PortfolioFileOut(Schema):
    id: IdStr
    kind: str
    name: str
    content_type: str
    size: int
    url: str
    thumbnail_url: str | None

    @staticmethod
    def resolve_name(file: PortfolioFile) -> str:
        return file.original_name

    @staticmethod
    def resolve_url(file: PortfolioFile) -> str:
        return reverse("profile_file", args=["portfolio", file.pk])

    @staticmethod
    def resolve_thumbnail_url(file: PortfolioFile) -> str | None:
        if not file.thumb_path:
            return None
        return reverse("profile_file_variant", args=["portfolio", file.pk, "thumb"])


class PortfolioItemOut(Schema):  # skills and files prefetched by the selectors
    id: IdStr
    title: str
    description: str
    role: str
    result: str
    link: str
    skills: list[Ref]
    files: list[PortfolioFileOut]


class PortfolioPage(Schema):
    items: list[PortfolioItemOut]
    next: str | None


class EmploymentOut(Schema):
    id: IdStr
    company: str
    role: str
    start_year: int
    end_year: int | None
    description: str


class EducationOut(Schema):
    id: IdStr
    school: str
    degree: str
    field_of_study: str
    start_year: int | None
    end_year: int | None


class ReputationOut(Schema):  # from sources.Reputation
    job_success_score: int | None
    rating: str | None
    total_earnings: str
    hours: int
    jobs: int
    badges: list[str]
    currency: str

    @staticmethod
    def resolve_job_success_score(r: sources.Reputation) -> int | None:
        return r.jss

    @staticmethod
    def resolve_rating(r: sources.Reputation) -> str | None:
        return f"{r.rating:.2f}" if r.rating is not None else None

    @staticmethod
    def resolve_total_earnings(r: sources.Reputation) -> str:
        return cents_to_decimal_str(r.earnings_cents)

    @staticmethod
    def resolve_badges(r: sources.Reputation) -> list[str]:
        return list(r.badges)

    @staticmethod
    def resolve_currency(r: sources.Reputation) -> str:
        return CURRENCY


class CompletenessItemOut(Schema):
    key: str
    label: str
    weight: int
    done: bool


class CompletenessOut(Schema):  # from completeness.Completeness
    percent: int
    missing: list[CompletenessItemOut]


REPUTATIONS = "reputations"  # context key: {user_id: Reputation} loaded by a page for its cards


def _reputation(profile: FreelancerProfile, context: Any) -> sources.Reputation:
    known: dict[int, sources.Reputation] = (context or {}).get(REPUTATIONS, {})
    if profile.user_id in known:
        return known[profile.user_id]
    # A single profile (not a page) loads its own, once for all the fields that show it.
    return once(
        context,
        ("reputation", profile.user_id),
        lambda: sources.reputation_for([profile.user_id])[profile.user_id],
    )


class FreelancerCard(Schema):  # profile_skills (with their skill) prefetched by the selectors
    id: IdStr
    user_id: IdStr
    name: str
    title: str
    hourly_rate: str | None
    currency: str
    country: str
    available_now: bool
    skills: list[Ref]
    photo_url: str | None
    job_success_score: int | None
    badges: list[str]

    @staticmethod
    def resolve_name(p: FreelancerProfile) -> str:
        return p.user.display_name

    @staticmethod
    def resolve_hourly_rate(p: FreelancerProfile) -> str | None:
        return _money_or_none(p.hourly_rate_cents)

    @staticmethod
    def resolve_currency(p: FreelancerProfile) -> str:
        return CURRENCY

    @staticmethod
    def resolve_skills(p: FreelancerProfile) -> list[Skill]:
        return [ps.skill for ps in p.profile_skills.all()]

    @staticmethod
    def resolve_photo_url(p: FreelancerProfile) -> str | None:
        return reverse("profile_file_variant", args=["photo", p.pk, "thumb"]) if p.photo else None

    @staticmethod
    def resolve_job_success_score(p: FreelancerProfile, context: Any) -> int | None:
        return _reputation(p, context).jss

    @staticmethod
    def resolve_badges(p: FreelancerProfile, context: Any) -> list[str]:
        return list(_reputation(p, context).badges)


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
    total_earnings: str = Field(description="gross earned on Hirehall contracts, decimal string")
    total_hours: int
    total_jobs: int
    completeness: CompletenessOut | None = Field(None, description="Only on your own profile")
    updated_at: datetime

    @staticmethod
    def resolve_video_url(p: FreelancerProfile) -> str | None:
        if p.video:
            return reverse("profile_file", args=["video", p.pk])
        return p.video_url or None

    @staticmethod
    def resolve_portfolio(p: FreelancerProfile) -> list[Any]:
        return list(p.portfolio_items.all())

    @staticmethod
    def resolve_employment(p: FreelancerProfile) -> list[Any]:
        return list(p.employments.all())

    @staticmethod
    def resolve_education(p: FreelancerProfile) -> list[Any]:
        return list(p.educations.all())

    @staticmethod
    def resolve_reputation(p: FreelancerProfile, context: Any) -> sources.Reputation:
        return _reputation(p, context)

    @staticmethod
    def resolve_total_earnings(p: FreelancerProfile, context: Any) -> str:
        return cents_to_decimal_str(_reputation(p, context).earnings_cents)

    @staticmethod
    def resolve_total_hours(p: FreelancerProfile, context: Any) -> int:
        return _reputation(p, context).hours

    @staticmethod
    def resolve_total_jobs(p: FreelancerProfile, context: Any) -> int:
        return _reputation(p, context).jobs

    @staticmethod
    def resolve_completeness(p: FreelancerProfile, context: Any) -> Completeness | None:
        viewer = context["request"].auth if context else None
        return completeness(p) if viewer is not None and viewer.pk == p.user_id else None


class FreelancerSearchPage(Schema):  # from selectors.TalentPage
    items: list[FreelancerCard]
    total: int
    total_exact: bool = Field(description="False above 5,000 matches: `total` is then an estimate")
    facets: dict[str, list[FacetValue]]
    facets_approximate: bool = Field(description="True when counted on a sample of a very large result")
    next: str | None

    @staticmethod
    def resolve_items(page: TalentPage, context: Any) -> list[FreelancerProfile]:
        context[REPUTATIONS] = page.reputations
        return page.profiles

    @staticmethod
    def resolve_facets(page: TalentPage) -> dict[str, list[dict[str, object]]]:
        return {k: [{"value": v, "count": n} for v, n in vals] for k, vals in page.facets.items()}

    @staticmethod
    def resolve_next(page: TalentPage) -> str | None:
        return encode_offset_cursor(page.next_offset) if page.next_offset is not None else None


# --- clients ------------------------------------------------------------------------------------------
class ClientSummaryOut(Schema):  # what a job says about its client; from selectors.ClientStats
    payment_verified: bool
    total_spent: str
    hires: int
    hire_rate_percent: int | None
    open_jobs: int
    member_since: datetime
    country: str
    currency: str

    @staticmethod
    def resolve_total_spent(s: ClientStats) -> str:
        return cents_to_decimal_str(s.total_spent_cents)

    @staticmethod
    def resolve_currency(s: ClientStats) -> str:
        return CURRENCY


class ClientStatsOut(ClientSummaryOut):  # the client's page: the summary plus rates, hours, reviews
    avg_hourly_rate_paid: str | None
    hours_billed: str
    rating: str | None
    reviews: int

    @staticmethod
    def resolve_avg_hourly_rate_paid(s: ClientStats) -> str | None:
        return _money_or_none(s.avg_hourly_rate_cents)

    @staticmethod
    def resolve_hours_billed(s: ClientStats) -> str:
        return f"{s.hours_billed:.2f}"

    @staticmethod
    def resolve_rating(s: ClientStats) -> str | None:
        return f"{s.rating:.2f}" if s.rating is not None else None


class ClientOut(Schema):
    id: IdStr
    name: str
    company_name: str
    description: str
    size: str
    industry: str
    country: str
    website: str
    stats: ClientStatsOut

    @staticmethod
    def resolve_id(c: ClientProfile) -> int:
        return c.user_id

    @staticmethod
    def resolve_name(c: ClientProfile) -> str:
        return c.user.display_name

    @staticmethod
    def resolve_stats(c: ClientProfile) -> ClientStats:
        return selectors.client_stats_for(c.user)


# --- favourites ---------------------------------------------------------------------------------------
class FavouriteListOut(Schema):
    id: IdStr
    name: str
    size: int
    created_at: datetime

    @staticmethod
    def resolve_size(fl: FavouriteList) -> int:
        return getattr(fl, "size", 0)  # annotated by favourite_lists_for(); a new list is empty


class FavouriteListPage(Schema):
    items: list[FavouriteListOut]
    next: str | None


class FavouriteEntryPage(Schema):
    items: list[FreelancerCard]
    next: str | None

    @staticmethod
    def resolve_items(page: dict[str, Any], context: Any) -> list[FreelancerProfile]:
        profiles = [e.profile for e in page["entries"]]
        context[REPUTATIONS] = sources.reputation_for([p.user_id for p in profiles])
        return profiles
