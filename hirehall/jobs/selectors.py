"""Job reads: visibility, the client's list, search, the best-matches feed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from hirehall.accounts.models import User
from hirehall.core.clock import now as clock_now
from hirehall.core.db_router import replica_reads
from hirehall.core.errors import DomainError, NotFound
from hirehall.core.ids import parse_id
from hirehall.jobs.models import Job, JobStatus, JobVisibility, SavedSearch, ScreeningQuestion
from hirehall.jobs.search_index import KIND
from hirehall.offplatform import warnings
from hirehall.profiles.models import ProfileSkill
from hirehall.profiles.selectors import ClientStats, client_stats_for_many, skill_alias_map
from hirehall.search import engine

POSTED_WITHIN = {
    "24h": timedelta(hours=24),
    "3d": timedelta(days=3),
    "7d": timedelta(days=7),
    "14d": timedelta(days=14),
    "30d": timedelta(days=30),
}


def offplatform_text(job: Job) -> str:
    """The text of a job post the off-platform rule reads (moderation flags the same text)."""
    return f"{job.title}\n{job.description}"


def job_warnings(job: Job) -> list[str]:
    """The `warnings` codes of a job write: a job post has no recipient, so no contract exemption.
    A draft is warned too: the client can fix the text before posting (only posting flags)."""
    return warnings(offplatform_text(job))


def _id(value: int | str) -> int:
    pk = parse_id(value)
    if pk is None:
        raise NotFound()
    return pk


def job_detail_queryset() -> QuerySet[Job]:
    return Job.objects.select_related("client", "category").prefetch_related(
        "skills",
        Prefetch("questions", queryset=ScreeningQuestion.objects.order_by("position")),
        "attachments",
    )


def public_jobs() -> QuerySet[Job]:
    """Open public jobs: what visitors browse and the sitemap lists."""
    return Job.objects.filter(visibility=JobVisibility.PUBLIC, status=JobStatus.OPEN)


def visible_jobs(user: User | AnonymousUser) -> QuerySet[Job]:
    """Drafts: the owner. Public jobs once posted: anyone (visitors too: applying needs sign-in).
    Invite-only: the owner, the freelancers invited and those who applied. Anything else is a 404,
    never a 403."""
    public = Q(visibility=JobVisibility.PUBLIC) & ~Q(status=JobStatus.DRAFT)
    if not user.is_authenticated:
        return job_detail_queryset().filter(public)
    involved = Q(client=user) | Q(invitations__freelancer=user) | Q(proposals__freelancer=user)
    ids = Job.objects.filter(involved | public).values("pk")
    return job_detail_queryset().filter(pk__in=ids)


def job_get_for(user: User | AnonymousUser, job_id: int | str) -> Job:
    job = visible_jobs(user).filter(pk=_id(job_id)).first()
    if job is None:
        raise NotFound("No such job.")
    return job


def owned_job_get_for(user: User, job_id: int | str) -> Job:
    job = job_detail_queryset().filter(pk=_id(job_id), client=user).first()
    if job is None:
        raise NotFound("No such job.")
    return job


def jobs_of_client(user: User) -> QuerySet[Job]:
    return Job.objects.filter(client=user).select_related("category").order_by("-pk")


def saved_searches_for(user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("name")


def saved_search_get_for(user: User, saved_id: int | str) -> SavedSearch:
    saved = SavedSearch.objects.filter(user=user, pk=_id(saved_id)).first()
    if saved is None:
        raise NotFound("No such saved search.")
    return saved


# --- search -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class JobSearch:
    q: str = ""
    category: str = ""
    skills: tuple[str, ...] = ()
    experience: tuple[str, ...] = ()
    budget_type: str = ""
    budget_min_cents: int | None = None
    budget_max_cents: int | None = None
    client_verified: bool = False
    client_hires: tuple[str, ...] = ()
    client_spend: str = ""
    posted_within: str = ""
    proposals: tuple[str, ...] = ()
    connects: tuple[str, ...] = ()
    sort: str = "relevance"
    any_skills: tuple[str, ...] = field(default=())  # best matches: at least one of these

    def as_params(self) -> dict[str, object]:
        return {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in self.__dict__.items()
            if v not in ("", (), None, False)
        }


@dataclass(frozen=True)
class JobPage:
    jobs: list[Job]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    next_offset: int | None
    client_stats: dict[int, ClientStats]


FACETS = ("category", "experience", "budget_type", "proposals", "connects", "client_hires")
SORTS = {"relevance": "relevance", "budget_desc": "price_desc", "budget_asc": "price_asc"}


def to_query(search: JobSearch, *, offset: int = 0, limit: int = 20, facets: bool = False) -> engine.Query:
    if search.sort not in SORTS:
        raise DomainError("validation_error", f"sort must be one of {', '.join(SORTS)}")
    if search.posted_within and search.posted_within not in POSTED_WITHIN:
        raise DomainError("validation_error", f"posted_within must be one of {', '.join(POSTED_WITHIN)}")
    all_tags = [("skill", s) for s in search.skills]
    if search.category:
        all_tags.append(("category", search.category))
    if search.budget_type:
        all_tags.append(("budget_type", search.budget_type))
    if search.client_verified:
        all_tags.append(("client_verified", "yes"))
    if search.client_spend:
        all_tags.append(("client_spend", search.client_spend))
    any_tags = {
        "experience": list(search.experience),
        "client_hires": list(search.client_hires),
        "proposals": list(search.proposals),
        "connects": list(search.connects),
        "skill": list(search.any_skills),
    }
    volume_min = (
        int((clock_now() - POSTED_WITHIN[search.posted_within]).timestamp()) if search.posted_within else None
    )
    return engine.Query(
        kind=KIND,
        words=search.q,
        all_tags=all_tags,
        any_tags={k: v for k, v in any_tags.items() if v},
        price_min=search.budget_min_cents,
        price_max=search.budget_max_cents,
        volume_min=volume_min,
        include_members_only=True,
        sort=SORTS[search.sort],  # type: ignore[arg-type]
        facets=FACETS if facets else (),
        offset=offset,
        limit=limit,
        aliases=skill_alias_map() if search.q else {},
    )


@replica_reads
def job_search(search: JobSearch, *, offset: int = 0, limit: int = 20, facets: bool = False) -> JobPage:
    """One page of open public jobs, in the engine's order, with client stats: a constant number of
    queries whatever the page size."""
    result = engine.query(to_query(search, offset=offset, limit=limit, facets=facets))
    by_id = {j.pk: j for j in job_detail_queryset().filter(pk__in=result.ids, status=JobStatus.OPEN)}
    jobs = [by_id[i] for i in result.ids if i in by_id]
    clients = list({j.client_id: j.client for j in jobs}.values())
    end = offset + len(result.ids)
    return JobPage(
        jobs=jobs,
        total=result.total,
        facets=result.facets,
        next_offset=end if end < result.total else None,
        client_stats=client_stats_for_many(clients) if clients else {},
    )


def best_matches_search(user: User) -> JobSearch:
    """Jobs asking for any of the freelancer's profile skills, newest first."""
    slugs = tuple(
        ProfileSkill.objects.filter(profile__user=user)
        .values_list("skill__slug", flat=True)
        .order_by("skill__slug")
    )
    return JobSearch(any_skills=slugs)


def search_from_params(params: dict[str, object]) -> JobSearch:
    """A saved search's stored filters back into a JobSearch (unknown keys are ignored)."""
    known = JobSearch.__dataclass_fields__
    values: dict[str, object] = {}
    for key, value in params.items():
        if key in known:
            values[key] = tuple(value) if isinstance(value, list) else value
    return JobSearch(**values)  # type: ignore[arg-type]
