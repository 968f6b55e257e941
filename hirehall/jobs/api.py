"""Jobs API: post and manage jobs, search them, saved searches.

Money is a decimal string with two places plus `currency`; ids are strings; lists are cursor-paged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from hirehall.accounts.models import User
from hirehall.core.api import problems
from hirehall.core.errors import DomainError
from hirehall.core.money import CURRENCY, cents_to_decimal_str, parse_money
from hirehall.core.pagination import decode_offset_cursor, encode_offset_cursor, page_size, paginate
from hirehall.core.schemas import FacetValue, Id
from hirehall.core.web import request_user
from hirehall.jobs import selectors, services
from hirehall.jobs.models import Job, JobAttachment, SavedSearch
from hirehall.jobs.search_index import PROPOSAL_BUCKET_LABELS, proposals_bucket
from hirehall.profiles.models import Category
from hirehall.profiles.schemas import ClientSummaryOut, Ref
from hirehall.profiles.selectors import ClientStats, client_stats_for, skills_by_slugs

router = Router(tags=["jobs"])

Money = str


def _money(cents: int | None) -> str | None:
    return cents_to_decimal_str(cents) if cents is not None else None


# --- output -------------------------------------------------------------------------------------
class BudgetOut(Schema):
    type: str
    hourly_min: Money | None
    hourly_max: Money | None
    fixed: Money | None
    currency: str


class ActivityOut(Schema):
    proposals: str = Field(description="bucket, e.g. '5 to 10'")
    interviewing: int
    invites_sent: int
    hires: int
    last_viewed_by_client: datetime | None


class QuestionOut(Schema):
    id: str
    position: int
    text: str


class AttachmentOut(Schema):
    id: str
    name: str
    content_type: str
    size: int
    url: str


class JobOut(Schema):
    id: str
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
    client_id: str
    client: ClientSummaryOut | None
    activity: ActivityOut
    created_at: datetime


def _stats_out(stats: ClientStats) -> dict[str, object]:
    return {
        "payment_verified": stats.payment_verified,
        "total_spent": cents_to_decimal_str(stats.total_spent_cents),
        "hires": stats.hires,
        "hire_rate_percent": stats.hire_rate_percent,
        "open_jobs": stats.open_jobs,
        "member_since": stats.member_since,
        "country": stats.country,
        "currency": CURRENCY,
    }


def attachment_url(a: JobAttachment) -> str:
    return f"/jobs/attachments/{a.pk}/"


def job_out(job: Job, stats: ClientStats | None = None) -> dict[str, object]:
    """Needs job_detail_queryset()'s prefetches: no query per job."""
    return {
        "id": str(job.pk),
        "title": job.title,
        "description": job.description,
        "status": job.status,
        "close_reason": job.close_reason,
        "category": {"slug": job.category.slug, "name": job.category.name} if job.category else None,
        "skills": [{"slug": s.slug, "name": s.name} for s in job.skills.all()],
        "experience": job.experience,
        "length": job.length,
        "workload": job.workload,
        "budget": {
            "type": job.budget_type,
            "hourly_min": _money(job.hourly_min_cents),
            "hourly_max": _money(job.hourly_max_cents),
            "fixed": _money(job.fixed_cents),
            "currency": CURRENCY,
        },
        "visibility": job.visibility,
        "hires_wanted": job.hires_wanted,
        "contract_to_hire": job.contract_to_hire,
        "connects_required": job.connects_required,
        "questions": [{"id": str(q.pk), "position": q.position, "text": q.text} for q in job.questions.all()],
        "attachments": [
            {
                "id": str(a.pk),
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "url": attachment_url(a),
            }
            for a in job.attachments.all()
        ],
        "opened_at": job.opened_at,
        "expires_at": job.expires_at,
        "client_id": str(job.client_id),
        "client": _stats_out(stats) if stats else None,
        "activity": {
            "proposals": PROPOSAL_BUCKET_LABELS[proposals_bucket(job.proposal_count)],
            "interviewing": job.interviewing_count,
            "invites_sent": job.invites_sent,
            "hires": job.hires_count,
            "last_viewed_by_client": job.client_last_viewed_at,
        },
        "created_at": job.created_at,
    }


class JobSearchPage(Schema):
    items: list[JobOut]
    total: int
    next: str | None
    facets: dict[str, list[FacetValue]]


class JobPage(Schema):
    items: list[JobOut]
    next: str | None


# --- input --------------------------------------------------------------------------------------
class JobIn(Schema):
    title: str = Field(max_length=120)
    description: str = Field("", max_length=10_000)
    category: str | None = Field(None, description="category slug")
    skills: list[str] = Field(default_factory=list, max_length=15, description="skill slugs")
    experience: Literal["entry", "intermediate", "expert"] = "intermediate"
    length: Literal["lt1", "1to3", "3to6", "gt6"] = "1to3"
    workload: Literal["lt30", "gt30", "as_needed"] = "lt30"
    budget_type: Literal["hourly", "fixed"] = "fixed"
    hourly_min: str | None = Field(None, description='decimal string, at least "3.00"')
    hourly_max: str | None = None
    fixed_budget: str | None = Field(None, description='decimal string, at least "5.00"')
    screening_questions: list[str] = Field(default_factory=list, max_length=5)
    visibility: Literal["public", "invite_only"] = "public"
    hires_wanted: int = Field(1, ge=1, le=50)
    contract_to_hire: bool = False
    status: Literal["draft", "open"] = Field("open", description="draft saves it unposted")


class JobPatch(Schema):
    title: str | None = Field(None, max_length=120)
    description: str | None = Field(None, max_length=10_000)
    category: str | None = None
    skills: list[str] | None = Field(None, max_length=15)
    experience: Literal["entry", "intermediate", "expert"] | None = None
    length: Literal["lt1", "1to3", "3to6", "gt6"] | None = None
    workload: Literal["lt30", "gt30", "as_needed"] | None = None
    budget_type: Literal["hourly", "fixed"] | None = None
    hourly_min: str | None = None
    hourly_max: str | None = None
    fixed_budget: str | None = None
    screening_questions: list[str] | None = Field(None, max_length=5)
    visibility: Literal["public", "invite_only"] | None = None
    hires_wanted: int | None = Field(None, ge=1, le=50)
    contract_to_hire: bool | None = None


def _category(slug: str | None) -> Category | None:
    if not slug:
        return None
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise DomainError("validation_error", f"Unknown category {slug!r}.")
    return category


def _cents(value: str | None, field: str) -> int | None:
    if value is None or value == "":
        return None
    cents = parse_money(value, field=field)
    if cents < 0:
        raise DomainError("validation_error", f"{field} must not be negative")
    return cents


def fields_from(payload: JobIn | JobPatch) -> services.JobFields:
    data = payload.dict(exclude_unset=isinstance(payload, JobPatch))
    fields = services.JobFields(
        title=data.get("title"),
        description=data.get("description"),
        category=_category(data.get("category")),
        skills=skills_by_slugs(data["skills"]) if data.get("skills") is not None else None,
        experience=data.get("experience"),
        length=data.get("length"),
        workload=data.get("workload"),
        budget_type=data.get("budget_type"),
        hourly_min_cents=_cents(data.get("hourly_min"), "hourly_min"),
        hourly_max_cents=_cents(data.get("hourly_max"), "hourly_max"),
        fixed_cents=_cents(data.get("fixed_budget"), "fixed_budget"),
        questions=data.get("screening_questions"),
        visibility=data.get("visibility"),
        hires_wanted=data.get("hires_wanted"),
        contract_to_hire=data.get("contract_to_hire"),
    )
    if isinstance(payload, JobIn):
        fields.set_fields = {"hourly_min_cents", "hourly_max_cents", "fixed_cents"}
    else:
        names = {
            "hourly_min": "hourly_min_cents",
            "hourly_max": "hourly_max_cents",
            "fixed_budget": "fixed_cents",
        }
        fields.set_fields = {v for k, v in names.items() if k in data}
    return fields


class JobSearchParams(Schema):
    q: str = Field("", max_length=200)
    category: str = ""
    skills: list[str] = Field(default_factory=list)
    experience: list[Literal["entry", "intermediate", "expert"]] = Field(default_factory=list)
    budget_type: Literal["", "hourly", "fixed"] = ""
    budget_min: str | None = None
    budget_max: str | None = None
    client_verified: bool = False
    client_hires: list[Literal["none", "1to9", "10plus"]] = Field(default_factory=list)
    client_spend: Literal["", "0", "1k", "10k"] = ""
    posted_within: Literal["", "24h", "3d", "7d", "14d", "30d"] = ""
    proposals: list[Literal["lt5", "5to10", "10to15", "15to20", "20to50", "50plus"]] = Field(
        default_factory=list
    )
    connects: list[Literal["4", "6", "8"]] = Field(default_factory=list)
    sort: Literal["relevance", "budget_desc", "budget_asc"] = "relevance"


def search_from(params: JobSearchParams) -> selectors.JobSearch:
    return selectors.JobSearch(
        q=params.q,
        category=params.category,
        skills=tuple(params.skills),
        experience=tuple(params.experience),
        budget_type=params.budget_type,
        budget_min_cents=_cents(params.budget_min, "budget_min"),
        budget_max_cents=_cents(params.budget_max, "budget_max"),
        client_verified=params.client_verified,
        client_hires=tuple(params.client_hires),
        client_spend=params.client_spend,
        posted_within=params.posted_within,
        proposals=tuple(params.proposals),
        connects=tuple(params.connects),
        sort=params.sort,
    )


def _search_page(
    search: selectors.JobSearch, cursor: str | None, limit: int, facets: bool
) -> dict[str, object]:
    size = page_size(limit, maximum=50)
    page = selectors.job_search(search, offset=decode_offset_cursor(cursor), limit=size, facets=facets)
    return {
        "items": [job_out(j, page.client_stats.get(j.client_id)) for j in page.jobs],
        "total": page.total,
        "next": encode_offset_cursor(page.next_offset) if page.next_offset is not None else None,
        "facets": {f: [{"value": v, "count": n} for v, n in values] for f, values in page.facets.items()},
    }


# --- routes -------------------------------------------------------------------------------------
@router.get("/jobs", response={200: JobSearchPage, **problems(400, 401, 422)}, summary="Search open jobs")
def search_jobs(
    request: HttpRequest,
    params: Query[JobSearchParams],
    cursor: str | None = None,
    limit: int = 20,
    facets: bool = False,
) -> dict[str, object]:
    # Facet counts cost a pass over every match: only when asked for (a filter sidebar's first load).
    request_user(request)
    return _search_page(search_from(params), cursor, limit, facets=facets)


@router.get(
    "/jobs/best-matches",
    response={200: JobSearchPage, **problems(400, 401)},
    summary="Jobs matching your profile's skills, newest first",
)
def best_matches(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    return _search_page(selectors.best_matches_search(request_user(request)), cursor, limit, facets=False)


@router.get("/jobs/mine", response={200: JobPage, **problems(400, 401)}, summary="Jobs you posted")
def my_jobs(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    user = request_user(request)
    rows, nxt = paginate(selectors.job_detail_queryset().filter(client=user), cursor=cursor, limit=limit)
    return {"items": [job_out(j) for j in rows], "next": nxt}


@router.post(
    "/jobs", response={201: JobOut, **problems(401, 403, 409, 422)}, summary="Post a job (or save a draft)"
)
def create_job(request: HttpRequest, payload: JobIn) -> tuple[int, dict[str, object]]:
    user = request_user(request)
    job = services.job_create(actor=user, fields=fields_from(payload), publish=payload.status == "open")
    return 201, _detail(user, job.pk)


def _detail(user: User, job_id: int | str) -> dict[str, object]:
    job = selectors.job_get_for(user, job_id)
    return job_out(job, client_stats_for(job.client))


@router.get("/jobs/{job_id}", response={200: JobOut, **problems(401, 404)}, summary="One job")
def get_job(request: HttpRequest, job_id: Id) -> dict[str, object]:
    return _detail(request_user(request), job_id)


@router.patch(
    "/jobs/{job_id}",
    response={200: JobOut, **problems(401, 404, 409, 422)},
    summary="Edit a job (resets its expiry)",
)
def edit_job(request: HttpRequest, job_id: Id, payload: JobPatch) -> dict[str, object]:
    user = request_user(request)
    job = selectors.owned_job_get_for(user, job_id)
    services.job_update(actor=user, job=job, fields=fields_from(payload))
    return _detail(user, job.pk)


@router.post(
    "/jobs/{job_id}/publish", response={200: JobOut, **problems(401, 404, 409, 422)}, summary="Post a draft"
)
def publish_job(request: HttpRequest, job_id: Id) -> dict[str, object]:
    user = request_user(request)
    services.job_publish(actor=user, job=selectors.owned_job_get_for(user, job_id))
    return _detail(user, job_id)


class CloseIn(Schema):
    reason: Literal["filled", "cancelled"]
    note: str = Field("", max_length=500)


@router.post(
    "/jobs/{job_id}/close", response={200: JobOut, **problems(401, 404, 409, 422)}, summary="Close a job"
)
def close_job(request: HttpRequest, job_id: Id, payload: CloseIn) -> dict[str, object]:
    user = request_user(request)
    services.job_close(
        actor=user, job=selectors.owned_job_get_for(user, job_id), reason=payload.reason, note=payload.note
    )
    return _detail(user, job_id)


@router.post(
    "/jobs/{job_id}/attachments",
    response={201: AttachmentOut, **problems(401, 404, 409, 413, 415, 422)},
    summary="Attach a file (PDF, Office document or image)",
)
def add_attachment(
    request: HttpRequest, job_id: Id, file: File[UploadedFile]
) -> tuple[int, dict[str, object]]:
    user = request_user(request)
    a = services.job_attachment_add(actor=user, job=selectors.owned_job_get_for(user, job_id), upload=file)
    return 201, {
        "id": str(a.pk),
        "name": a.original_name,
        "content_type": a.content_type,
        "size": a.size,
        "url": attachment_url(a),
    }


# --- saved searches -------------------------------------------------------------------------------
class SavedSearchIn(Schema):
    name: str = Field(max_length=100)
    alerts: bool = True
    filters: JobSearchParams


class SavedSearchOut(Schema):
    id: str
    name: str
    alerts: bool
    filters: dict[str, object]
    created_at: datetime


class SavedSearchPage(Schema):
    items: list[SavedSearchOut]
    next: str | None


def _saved_out(s: SavedSearch) -> dict[str, object]:
    return {
        "id": str(s.pk),
        "name": s.name,
        "alerts": s.alerts,
        "filters": s.params,
        "created_at": s.created_at,
    }


@router.get(
    "/saved-searches",
    response={200: SavedSearchPage, **problems(400, 401)},
    summary="Your saved job searches",
)
def list_saved(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(selectors.saved_searches_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": [_saved_out(s) for s in rows], "next": nxt}


@router.post(
    "/saved-searches",
    response={201: SavedSearchOut, **problems(401, 403, 409, 422)},
    summary="Save a job search",
)
def create_saved(request: HttpRequest, payload: SavedSearchIn) -> tuple[int, dict[str, object]]:
    search = search_from(payload.filters)
    saved = services.saved_search_create(
        actor=request_user(request), name=payload.name, params=search.as_params(), alerts=payload.alerts
    )
    return 201, _saved_out(saved)


@router.delete(
    "/saved-searches/{saved_id}", response={204: None, **problems(401, 404)}, summary="Delete a saved search"
)
def delete_saved(request: HttpRequest, saved_id: Id) -> tuple[int, None]:
    user = request_user(request)
    services.saved_search_delete(actor=user, saved=selectors.saved_search_get_for(user, saved_id))
    return 204, None
