"""The jobs API's output shapes, each defined once, read straight from models and selector results.

Fields named like the model's attribute are read as they are; the rest have a resolver. Money is a
decimal string with two places plus `currency`; ids are strings.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from hirehall.core.money import CURRENCY, cents_to_decimal_str
from hirehall.core.pagination import encode_offset_cursor
from hirehall.core.schemas import FacetValue, IdStr
from hirehall.jobs.models import Job, JobAttachment, SavedSearch
from hirehall.jobs.search_index import PROPOSAL_BUCKET_LABELS, proposals_bucket
from hirehall.jobs.selectors import JobPage as FoundJobs
from hirehall.jobs.selectors import job_warnings
from hirehall.profiles.schemas import ClientSummaryOut, Ref
from hirehall.profiles.selectors import ClientStats

Money = str


def _money(cents: int | None) -> str | None:
    return cents_to_decimal_str(cents) if cents is not None else None


def attachment_url(a: JobAttachment) -> str:
    return f"/jobs/attachments/{a.pk}/"


class BudgetOut(Schema):  # from the Job
    type: str
    hourly_min: Money | None
    hourly_max: Money | None
    fixed: Money | None
    currency: str

    @staticmethod
    def resolve_type(job: Job) -> str:
        return job.budget_type

    @staticmethod
    def resolve_hourly_min(job: Job) -> str | None:
        return _money(job.hourly_min_cents)

    @staticmethod
    def resolve_hourly_max(job: Job) -> str | None:
        return _money(job.hourly_max_cents)

    @staticmethod
    def resolve_fixed(job: Job) -> str | None:
        return _money(job.fixed_cents)

    @staticmethod
    def resolve_currency(job: Job) -> str:
        return CURRENCY


class ActivityOut(Schema):  # from the Job
    proposals: str = Field(description="bucket, e.g. '5 to 10'")
    interviewing: int
    invites_sent: int
    hires: int
    last_viewed_by_client: datetime | None

    @staticmethod
    def resolve_proposals(job: Job) -> str:
        return str(PROPOSAL_BUCKET_LABELS[proposals_bucket(job.proposal_count)])

    @staticmethod
    def resolve_interviewing(job: Job) -> int:
        return job.interviewing_count

    @staticmethod
    def resolve_hires(job: Job) -> int:
        return job.hires_count

    @staticmethod
    def resolve_last_viewed_by_client(job: Job) -> datetime | None:
        return job.client_last_viewed_at


class QuestionOut(Schema):
    id: IdStr
    position: int
    text: str


class AttachmentOut(Schema):
    id: IdStr
    name: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_name(a: JobAttachment) -> str:
        return a.original_name

    @staticmethod
    def resolve_url(a: JobAttachment) -> str:
        return attachment_url(a)


class JobOut(Schema):  # needs job_detail_queryset()'s prefetches: no query per job
    id: IdStr
    title: str
    description: str
    status: str
    close_reason: str
    category: Ref | None
    skills: list[Ref]
    experience: str
    length: str
    workload: str
    budget: BudgetOut
    visibility: str
    hires_wanted: int
    contract_to_hire: bool
    connects_required: int | None
    questions: list[QuestionOut]
    attachments: list[AttachmentOut]
    opened_at: datetime | None
    expires_at: datetime | None
    client_id: IdStr
    client: ClientSummaryOut | None
    activity: ActivityOut
    created_at: datetime

    @staticmethod
    def resolve_budget(job: Job) -> Job:
        return job

    @staticmethod
    def resolve_activity(job: Job) -> Job:
        return job

    @staticmethod
    def resolve_client(job: Job) -> ClientStats | None:
        return getattr(job, "client_stats", None)


class JobWriteOut(JobOut):
    """A job write's answer: the job, and the off-platform `warnings` its text raises ([] if none)."""

    warnings: list[str]

    @staticmethod
    def resolve_warnings(job: Job) -> list[str]:
        return job_warnings(job)


def with_client_stats(job: Job, stats: ClientStats | None) -> Job:
    """Show the client's summary on this job (lists without it say null; a page loads all in one go)."""
    job.client_stats = stats  # type: ignore[attr-defined]
    return job


class JobSearchPage(Schema):  # from selectors.JobPage
    items: list[JobOut]
    total: int
    next: str | None
    facets: dict[str, list[FacetValue]]

    @staticmethod
    def resolve_items(page: FoundJobs) -> list[Job]:
        return [with_client_stats(j, page.client_stats.get(j.client_id)) for j in page.jobs]

    @staticmethod
    def resolve_next(page: FoundJobs) -> str | None:
        return encode_offset_cursor(page.next_offset) if page.next_offset is not None else None

    @staticmethod
    def resolve_facets(page: FoundJobs) -> dict[str, list[dict[str, object]]]:
        return {f: [{"value": v, "count": n} for v, n in values] for f, values in page.facets.items()}


class JobPage(Schema):
    items: list[JobOut]
    next: str | None


class SavedSearchOut(Schema):
    id: IdStr
    name: str
    alerts: bool
    filters: dict[str, object]
    created_at: datetime

    @staticmethod
    def resolve_filters(s: SavedSearch) -> dict[str, object]:
        return s.params


class SavedSearchPage(Schema):
    items: list[SavedSearchOut]
    next: str | None
