"""How a freelancer profile becomes a search document (kind "freelancer", object id = profile id).

Searchable: an active freelancer whose profile is not private and has a title. "Logged-in only"
profiles are indexed as members-only, so anonymous searches never return them; private ones are
removed from the index entirely.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet

from hirehall.profiles import sources
from hirehall.profiles.models import FreelancerProfile, PortfolioItem, ProfileSkill, Visibility
from hirehall.search import engine

KIND = "freelancer"
FACETS = ("category", "skill", "country", "language", "availability", "badge")
FULL_TIME_HOURS = 30


def profiles_for_indexing() -> QuerySet[FreelancerProfile]:
    return FreelancerProfile.objects.select_related("user").prefetch_related(
        Prefetch(
            "profile_skills",
            queryset=ProfileSkill.objects.select_related("skill__category").prefetch_related(
                "skill__aliases"
            ),
        ),
        "languages",
        Prefetch("portfolio_items", queryset=PortfolioItem.objects.all()),
        "employments",
    )


def is_searchable(profile: FreelancerProfile) -> bool:
    user = profile.user
    return (
        user.is_active
        and user.is_freelancer
        and profile.visibility != Visibility.PRIVATE
        and bool(profile.title.strip())
    )


def availability_tags(profile: FreelancerProfile) -> set[str]:
    tags = set()
    if profile.available_now:
        tags.add("now")
    if profile.hours_per_week is not None:
        tags.add("full_time" if profile.hours_per_week >= FULL_TIME_HOURS else "part_time")
    return tags


def document_for(profile: FreelancerProfile, reputation: sources.Reputation) -> engine.Document:
    skills = [ps.skill for ps in profile.profile_skills.all()]
    tags: set[tuple[str, str]] = set()
    tags |= {("skill", s.slug) for s in skills}
    tags |= {("category", s.category.slug) for s in skills}
    tags |= {("language", lang.language) for lang in profile.languages.all()}
    tags |= {("availability", a) for a in availability_tags(profile)}
    tags |= {("badge", b) for b in reputation.badges}
    if profile.country:
        tags.add(("country", profile.country))
    keywords = " ".join([s.name for s in skills] + [a.alias for s in skills for a in s.aliases.all()])
    extra = " ".join(
        [profile.user.display_name]
        + [f"{p.title} {p.description} {p.role} {p.result}" for p in profile.portfolio_items.all()]
        + [f"{e.role} {e.company}" for e in profile.employments.all()]
    )
    return engine.Document(
        kind=KIND,
        object_id=profile.pk,
        title=profile.title,
        keywords=keywords,
        body=profile.overview,
        extra=extra,
        tags=frozenset(tags),
        public=profile.visibility == Visibility.PUBLIC,
        price=profile.hourly_rate_cents,
        score=reputation.jss,
        rating=int(reputation.rating * 100) if reputation.rating is not None else None,
        volume=reputation.earnings_cents,
    )


def reindex_profile(profile_id: int) -> None:
    """Call inside the transaction that changed the profile (the services do)."""
    profile = profiles_for_indexing().filter(pk=profile_id).first()
    if profile is None or not is_searchable(profile):
        engine.remove(KIND, profile_id)
        return
    reputation = sources.reputation_for([profile.user_id])[profile.user_id]
    engine.index(document_for(profile, reputation))


def all_documents(chunk: int = 500) -> Iterator[engine.Document]:
    """Every searchable profile, in chunks (for `manage.py search_reindex`)."""
    qs = profiles_for_indexing().order_by("pk")
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:chunk])
        if not batch:
            return
        last = batch[-1].pk
        yield from _documents(batch)


def _documents(batch: Iterable[FreelancerProfile]) -> Iterator[engine.Document]:
    profiles = [p for p in batch if is_searchable(p)]
    reputations = sources.reputation_for([p.user_id for p in profiles])
    for profile in profiles:
        yield document_for(profile, reputations[profile.user_id])
