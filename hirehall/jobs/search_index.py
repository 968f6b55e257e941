"""How a job becomes a search document (kind "job", object id = job id).

Searchable: open and public. Invite-only jobs, drafts and closed jobs are not in the index. Numbers:
`price` = budget in cents (fixed amount, or top of the hourly range), `volume` = the instant the job
opened (epoch seconds; "posted within" is `volume_min`, and word-less relevance sorts newest first).
Client history and the proposal count are facets, bucketed as the filters show them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hirehall.jobs.models import Job, JobStatus, JobVisibility
from hirehall.profiles.selectors import ClientStats, client_stats_for_many
from hirehall.search import engine

KIND = "job"

PROPOSAL_BUCKETS = (
    ("lt5", 0, 4),
    ("5to10", 5, 9),
    ("10to15", 10, 14),
    ("15to20", 15, 19),
    ("20to50", 20, 49),
)
PROPOSAL_BUCKET_LABELS = {
    "lt5": _("Less than 5"),
    "5to10": _("5 to 10"),
    "10to15": _("10 to 15"),
    "15to20": _("15 to 20"),
    "20to50": _("20 to 50"),
    "50plus": _("50+"),
}
HIRES_BUCKETS = {"none": "No hires", "1to9": "1 to 9 hires", "10plus": "10+ hires"}
SPEND_BUCKETS = {"0": "No spend yet", "1k": "$1K+", "10k": "$10K+"}


def proposals_bucket(count: int) -> str:
    for name, low, high in PROPOSAL_BUCKETS:
        if low <= count <= high:
            return name
    return "50plus"


def hires_bucket(hires: int) -> str:
    return "none" if hires == 0 else "1to9" if hires < 10 else "10plus"


def spend_buckets(cents: int) -> set[str]:
    # "$1K+" includes "$10K+" clients: a filter for $1K+ must find both.
    out = {"0"} if cents == 0 else set()
    if cents >= 1_000_00:
        out.add("1k")
    if cents >= 10_000_00:
        out.add("10k")
    return out


def jobs_for_indexing() -> QuerySet[Job]:
    return Job.objects.select_related("category", "client").prefetch_related("skills__aliases")


def is_searchable(job: Job) -> bool:
    return job.status == JobStatus.OPEN and job.visibility == JobVisibility.PUBLIC and job.client.is_active


def document_for(job: Job, stats: ClientStats) -> engine.Document:
    skills = list(job.skills.all())
    tags: set[tuple[str, str]] = {("skill", s.slug) for s in skills}
    if job.category is not None:
        tags.add(("category", job.category.slug))
    tags |= {
        ("experience", job.experience),
        ("budget_type", job.budget_type),
        ("length", job.length),
        ("workload", job.workload),
        ("connects", str(job.connects_required)),
        ("proposals", proposals_bucket(job.proposal_count)),
        ("client_hires", hires_bucket(stats.hires)),
    }
    tags |= {("client_spend", b) for b in spend_buckets(stats.total_spent_cents)}
    if stats.payment_verified:
        tags.add(("client_verified", "yes"))
    keywords = " ".join([s.name for s in skills] + [a.alias for s in skills for a in s.aliases.all()])
    return engine.Document(
        kind=KIND,
        object_id=job.pk,
        title=job.title,
        keywords=keywords,
        body=job.description,
        extra=job.category.name if job.category else "",
        tags=frozenset(tags),
        public=True,
        price=job.budget_cents,
        volume=int(job.opened_at.timestamp()) if job.opened_at else 0,
    )


def reindex_job(job_id: int) -> None:
    """Call inside the transaction that changed the job (the services do)."""
    job = jobs_for_indexing().filter(pk=job_id).first()
    if job is None or not is_searchable(job):
        engine.remove(KIND, job_id)
        return
    engine.index(document_for(job, client_stats_for_many([job.client])[job.client_id]))


def remove_job(job_id: int) -> None:
    engine.remove(KIND, job_id)


def all_documents(chunk: int = 500) -> Iterator[engine.Document]:
    qs = jobs_for_indexing().filter(status=JobStatus.OPEN, visibility=JobVisibility.PUBLIC).order_by("pk")
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:chunk])
        if not batch:
            return
        last = batch[-1].pk
        yield from _documents(batch)


def _documents(batch: Iterable[Job]) -> Iterator[engine.Document]:
    jobs = [j for j in batch if is_searchable(j)]
    stats = client_stats_for_many(list({j.client_id: j.client for j in jobs}.values()))
    for job in jobs:
        yield document_for(job, stats[job.client_id])
