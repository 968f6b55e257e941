"""Reads for profiles and the skills taxonomy. Visibility decisions live here, nowhere else."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from hirehall.accounts.models import User
from hirehall.core import fragments
from hirehall.core.db_router import replica_reads
from hirehall.core.errors import DomainError, NotFound
from hirehall.core.ids import parse_id
from hirehall.profiles import search_index, sources
from hirehall.profiles.completeness import completeness
from hirehall.profiles.models import (
    Category,
    ClientProfile,
    Education,
    Employment,
    FavouriteEntry,
    FavouriteList,
    FreelancerProfile,
    PortfolioFile,
    PortfolioItem,
    ProfileSkill,
    Skill,
    SkillAlias,
    Subcategory,
    Visibility,
)
from hirehall.search import engine

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
    """Every category with its subcategories (two queries, or none from the cache: receivers.py
    bumps the taxonomy's version when a category or subcategory changes)."""

    def compute(ids: list[int]) -> dict[int, list[Category]]:
        return {
            0: list(
                Category.objects.prefetch_related(
                    Prefetch("subcategories", queryset=Subcategory.objects.order_by("position", "name"))
                ).order_by("position", "name")
            )
        }

    return fragments.cached_many("categories-tree", [0], compute, scope=lambda _: "taxonomy")[0]


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


def skills_match(texts: Iterable[str]) -> dict[str, Skill]:
    """Lower-cased name, slug or alias → active skill, for every text that names one (one query + aliases).
    Unknown texts are simply absent: pickers show them as they were typed."""
    lowered = [t.strip().lower() for t in texts if t.strip()]
    return _skill_index(lowered)


def _skill_index(lowered: list[str]) -> dict[str, Skill]:
    skills = (
        list(
            Skill.objects.filter(is_active=True)
            .annotate(lname=Lower("name"))
            .filter(Q(slug__in=lowered) | Q(lname__in=lowered) | Q(aliases__alias__in=lowered))
            .prefetch_related("aliases")
            .distinct()
        )
        if lowered
        else []
    )
    index: dict[str, Skill] = {}
    for skill in skills:
        index.setdefault(skill.slug, skill)
        index.setdefault(skill.name.lower(), skill)
        for alias in skill.aliases.all():
            index.setdefault(alias.alias, skill)
    return index


def skills_resolve(texts: Iterable[str]) -> list[Skill]:
    """Skills named by name, slug or alias ("JS", "javascript", "JavaScript"), in order, deduplicated.
    Anything unrecognised is a validation error that names it."""
    wanted = [t.strip() for t in texts if t.strip()]
    lowered = [t.lower() for t in wanted]
    index = _skill_index(lowered)
    missing = [w for w, low in zip(wanted, lowered, strict=True) if low not in index]
    if missing:
        raise DomainError("validation_error", f"Unknown skill(s): {', '.join(missing)}.")
    ordered: list[Skill] = []
    for low in lowered:
        if index[low] not in ordered:
            ordered.append(index[low])
    return ordered


def skill_alias_map() -> dict[str, list[str]]:
    """alias → the words of the skill's name, for query expansion in search ("js" → javascript)."""
    return {
        alias: name.lower().split() for alias, name in SkillAlias.objects.values_list("alias", "skill__name")
    }


# --- freelancer profiles ----------------------------------------------------------------------


def _is_id(value: int | str) -> bool:
    return parse_id(value) is not None


def _viewer(user: object) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


def profile_page_queryset() -> QuerySet[FreelancerProfile]:
    """Everything a profile page or card shows, in a fixed number of queries."""
    return FreelancerProfile.objects.select_related("user").prefetch_related(
        Prefetch(
            "profile_skills", queryset=ProfileSkill.objects.select_related("skill").order_by("position")
        ),
        "languages",
        Prefetch(
            "portfolio_items",
            queryset=PortfolioItem.objects.prefetch_related("skills", "files").order_by("position", "-id"),
        ),
        "employments",
        "educations",
    )


def visible_profiles(user: object) -> QuerySet[FreelancerProfile]:
    """Profiles this viewer may see: public ones; "logged-in only" ones when signed in; their own."""
    viewer = _viewer(user)
    listed = Q(user__is_active=True, user__is_freelancer=True)
    if viewer is None:
        return FreelancerProfile.objects.filter(listed, visibility=Visibility.PUBLIC)
    if viewer.is_staff:
        return FreelancerProfile.objects.all()
    return FreelancerProfile.objects.filter(
        (listed & Q(visibility__in=[Visibility.PUBLIC, Visibility.LOGGED_IN])) | Q(user=viewer)
    )


def freelancer_profile_get_for(user: object, profile_id: int | str) -> FreelancerProfile:
    """A profile the viewer may see, ready for its page; anything else is not found."""
    if not _is_id(profile_id):
        raise NotFound("No such freelancer.")
    profile = (
        profile_page_queryset()
        .filter(pk__in=visible_profiles(user).values("pk"))
        .filter(pk=int(profile_id))
        .first()
    )
    if profile is None:
        raise NotFound("No such freelancer.")
    return profile


def own_freelancer_profile(user: User) -> FreelancerProfile | None:
    return profile_page_queryset().filter(user=user).first()


def own_profile_complete(user: User) -> bool:
    """Whether the user's freelancer profile is 100% complete; cached at the profile's version
    (receivers.py bumps it on every change to the profile's rows), so the dashboard skips the eight
    queries of loading the whole profile."""
    from hirehall.profiles.receivers import profile_scope

    def compute(ids: list[int]) -> dict[int, bool]:
        profile = own_freelancer_profile(user)
        return {user.pk: profile is not None and completeness(profile).is_complete}

    return fragments.cached_many("profile-complete", [user.pk], compute, scope=profile_scope)[user.pk]


def portfolio_item_get_for(user: object, item_id: int | str) -> PortfolioItem:
    """A portfolio item on a profile the viewer may see."""
    if not _is_id(item_id):
        raise NotFound("No such portfolio item.")
    item = (
        PortfolioItem.objects.select_related("profile__user")
        .prefetch_related("skills", "files")
        .filter(pk=int(item_id), profile__in=visible_profiles(user).values("pk"))
        .first()
    )
    if item is None:
        raise NotFound("No such portfolio item.")
    return item


def owned_portfolio_item_get_for(user: User, item_id: int | str) -> PortfolioItem:
    """For editing: only the owner's own items exist."""
    item = portfolio_item_get_for(user, item_id)
    if item.profile.user_id != user.pk:
        raise NotFound("No such portfolio item.")
    return item


def portfolio_file_get_for(user: object, file_id: int | str) -> PortfolioFile:
    if not _is_id(file_id):
        raise NotFound("No such file.")
    file = (
        PortfolioFile.objects.select_related("item__profile__user")
        .filter(pk=int(file_id), item__profile__in=visible_profiles(user).values("pk"))
        .first()
    )
    if file is None:
        raise NotFound("No such file.")
    return file


def owned_employment_get_for(user: User, row_id: int | str) -> Employment:
    row = (
        Employment.objects.select_related("profile")
        .filter(pk=int(row_id) if _is_id(row_id) else 0, profile__user=user)
        .first()
    )
    if row is None:
        raise NotFound("No such employment entry.")
    return row


def owned_education_get_for(user: User, row_id: int | str) -> Education:
    row = (
        Education.objects.select_related("profile")
        .filter(pk=int(row_id) if _is_id(row_id) else 0, profile__user=user)
        .first()
    )
    if row is None:
        raise NotFound("No such education entry.")
    return row


# --- talent search ----------------------------------------------------------------------------

SORT_TO_ENGINE = {
    "relevance": "relevance",
    "rate_asc": "price_asc",
    "rate_desc": "price_desc",
    "rating": "rating",
    "job_success": "score",
    "earnings": "volume",
}


@dataclass(frozen=True)
class TalentQuery:
    q: str = ""
    skills: tuple[str, ...] = ()
    category: str = ""
    min_rate_cents: int | None = None
    max_rate_cents: int | None = None
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    availability: str = ""  # "now", "full_time" or "part_time"
    min_jss: int | None = None
    badges: tuple[str, ...] = ()
    min_earnings_cents: int | None = None
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True)
class TalentPage:
    profiles: list[FreelancerProfile]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    next_offset: int | None
    reputations: dict[int, sources.Reputation]
    total_exact: bool = True  # False: more than the engine counts exactly; `total` is an estimate
    facets_approximate: bool = False  # counted on an even sample of a very large result


@replica_reads
def talent_search(user: object, query: TalentQuery, *, facets: bool = True) -> TalentPage:
    """Freelancers matching the query that this viewer may find, one page, in a constant number of
    queries (search + count + facets + the page's profiles and their skills)."""
    if query.sort not in SORT_TO_ENGINE:
        raise DomainError("validation_error", f"sort must be one of {sorted(SORT_TO_ENGINE)}.")
    limit = min(max(query.limit, 1), 100)
    any_tags: dict[str, list[str]] = {}
    if query.countries:
        any_tags["country"] = list(query.countries)
    if query.category:
        any_tags["category"] = [query.category]
    all_tags = [("skill", s) for s in query.skills]
    all_tags += [("language", lang) for lang in query.languages]
    all_tags += [("badge", b) for b in query.badges]
    if query.availability:
        all_tags.append(("availability", query.availability))
    result = engine.query(
        engine.Query(
            kind=search_index.KIND,
            words=query.q,
            all_tags=all_tags,
            any_tags=any_tags,
            price_min=query.min_rate_cents,
            price_max=query.max_rate_cents,
            score_min=query.min_jss,
            volume_min=query.min_earnings_cents,
            include_members_only=_viewer(user) is not None,
            sort=SORT_TO_ENGINE[query.sort],  # type: ignore[arg-type]
            facets=search_index.FACETS if facets else (),
            offset=max(query.offset, 0),
            limit=limit,
            aliases=skill_alias_map() if query.q.strip() else {},
        )
    )
    by_id = {
        p.pk: p
        for p in FreelancerProfile.objects.select_related("user")
        .prefetch_related(
            Prefetch(
                "profile_skills", queryset=ProfileSkill.objects.select_related("skill").order_by("position")
            )
        )
        .filter(pk__in=result.ids)
    }
    # The index is written in the profile's transaction, so every id exists; the filter is defensive.
    profiles = [by_id[i] for i in result.ids if i in by_id]
    end = query.offset + len(result.ids)
    return TalentPage(
        profiles=profiles,
        total=result.total,
        facets=result.facets,
        next_offset=end if end < result.total else None,
        reputations=sources.reputation_for([p.user_id for p in profiles]),
        total_exact=result.total_exact,
        facets_approximate=result.facets_approximate,
    )


# --- client profiles and stats ----------------------------------------------------------------


@dataclass(frozen=True)
class ClientStats:
    """The block freelancers see about a client (DESIGN §1). Sums come from contracts and the ledger
    through `sources.client_activity_for`; before those apps exist they are real zeros. Ratios whose
    denominator is zero (hire rate without closed jobs, average rate without hourly hours, rating
    without reviews) are None, shown as "—", never as a made-up 0%."""

    payment_verified: bool
    total_spent_cents: int
    hires: int
    hire_rate_percent: int | None
    open_jobs: int
    jobs_posted: int
    avg_hourly_rate_cents: int | None
    hours_billed: Decimal
    rating: Decimal | None
    reviews: int
    member_since: datetime
    country: str


def client_stats_for_many(users: Sequence[User]) -> dict[int, ClientStats]:
    """Stats for many clients in two queries (for job lists)."""
    profiles = {p.user_id: p for p in ClientProfile.objects.filter(user__in=[u.pk for u in users])}
    activity = sources.client_activity_for([u.pk for u in users])
    out = {}
    for user in users:
        profile = profiles.get(user.pk)
        act = activity[user.pk]
        hours = act.hours_billed
        out[user.pk] = ClientStats(
            payment_verified=bool(profile and profile.payment_verified),
            total_spent_cents=act.total_spent_cents,
            hires=act.hires,
            hire_rate_percent=(act.closed_jobs_with_hire * 100 // act.closed_jobs)
            if act.closed_jobs
            else None,
            open_jobs=act.open_jobs,
            jobs_posted=act.jobs_posted,
            avg_hourly_rate_cents=round(act.hourly_paid_cents / hours) if hours > 0 else None,
            hours_billed=hours,
            rating=act.rating,
            reviews=act.reviews,
            member_since=user.date_joined,
            country=profile.country if profile else "",
        )
    return out


def client_stats_for(user: User) -> ClientStats:
    return client_stats_for_many([user])[user.pk]


def client_profile_get_for(user: object, client_id: int | str) -> ClientProfile:
    """Company pages are visible to every signed-in user (freelancers decide whom to work for).
    A client who never filled theirs in still has a page: an unsaved, empty profile."""
    if _viewer(user) is None or not _is_id(client_id):
        raise NotFound("No such client.")
    client = User.objects.filter(pk=int(client_id), is_active=True, is_client=True).first()
    if client is None:
        raise NotFound("No such client.")
    return ClientProfile.objects.filter(user=client).select_related("user").first() or ClientProfile(
        user=client
    )


# --- favourites -------------------------------------------------------------------------------


def favourite_lists_for(user: User) -> QuerySet[FavouriteList]:
    return FavouriteList.objects.filter(owner=user).annotate(size=Count("entries")).order_by("id")


def favourite_list_get_for(user: User, list_id: int | str) -> FavouriteList:
    if not _is_id(list_id):
        raise NotFound("No such list.")
    found = FavouriteList.objects.filter(owner=user, pk=int(list_id)).first()
    if found is None:
        raise NotFound("No such list.")
    return found


def favourite_entries(user: User, favourite_list: FavouriteList) -> QuerySet[FavouriteEntry]:
    """The saved freelancers the user can still see (a profile made private drops out of view)."""
    return (
        FavouriteEntry.objects.filter(favourite_list=favourite_list, favourite_list__owner=user)
        .filter(profile__in=visible_profiles(user).values("pk"))
        .select_related("profile__user")
    )


def favourited_profile_ids(user: object, profile_ids: Sequence[int]) -> set[int]:
    viewer = _viewer(user)
    if viewer is None or not viewer.is_client or not profile_ids:
        return set()
    return set(
        FavouriteEntry.objects.filter(favourite_list__owner=viewer, profile_id__in=profile_ids).values_list(
            "profile_id", flat=True
        )
    )
