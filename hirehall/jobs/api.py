"""Jobs API: post and manage jobs, search them, saved searches.

Money is a decimal string with two places plus `currency`; ids are strings; lists are cursor-paged.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from hirehall.accounts.models import User
from hirehall.core.api import problems
from hirehall.core.errors import DomainError
from hirehall.core.money import parse_money
from hirehall.core.pagination import decode_offset_cursor, page_size, paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.jobs import selectors, services
from hirehall.jobs.models import Job
from hirehall.jobs.schemas import (
    AttachmentOut,
    JobOut,
    JobPage,
    JobSearchPage,
    JobWriteOut,
    SavedSearchOut,
    SavedSearchPage,
    with_client_stats,
)
from hirehall.profiles.models import Category
from hirehall.profiles.selectors import client_stats_for, skills_by_slugs

router = Router(tags=["jobs"])


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
    reading_check: str = Field(
        "", max_length=80, description="private phrase; the proposal list marks who started with it"
    )
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
    reading_check: str | None = Field(None, max_length=80)


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
        reading_check=data.get("reading_check"),
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
) -> selectors.JobPage:
    size = page_size(limit, maximum=50)
    return selectors.job_search(search, offset=decode_offset_cursor(cursor), limit=size, facets=facets)


# --- routes -------------------------------------------------------------------------------------
@router.get("/jobs", response={200: JobSearchPage, **problems(400, 401, 422)}, summary="Search open jobs")
def search_jobs(
    request: HttpRequest,
    params: Query[JobSearchParams],
    cursor: str | None = None,
    limit: int = 20,
    facets: bool = False,
) -> selectors.JobPage:
    # Facet counts cost a pass over every match: only when asked for (a filter sidebar's first load).
    request_user(request)
    return _search_page(search_from(params), cursor, limit, facets=facets)


@router.get(
    "/jobs/best-matches",
    response={200: JobSearchPage, **problems(400, 401)},
    summary="Jobs matching your profile's skills, newest first",
)
def best_matches(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> selectors.JobPage:
    return _search_page(selectors.best_matches_search(request_user(request)), cursor, limit, facets=False)


@router.get("/jobs/mine", response={200: JobPage, **problems(400, 401)}, summary="Jobs you posted")
def my_jobs(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    user = request_user(request)
    rows, nxt = paginate(selectors.job_detail_queryset().filter(client=user), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.post(
    "/jobs",
    response={201: JobWriteOut, **problems(401, 403, 409, 422)},
    summary="Post a job (or save a draft); `warnings` lists off-platform contact found in its text",
)
def create_job(request: HttpRequest, payload: JobIn) -> Status:
    user = request_user(request)
    job = services.job_create(actor=user, fields=fields_from(payload), publish=payload.status == "open")
    return Status(201, _detail(user, job.pk))


def _detail(user: User, job_id: int) -> Job:
    job = selectors.job_get_for(user, job_id)
    return with_client_stats(job, client_stats_for(job.client))


@router.get("/jobs/{job_id}", response={200: JobOut, **problems(401, 404)}, summary="One job")
def get_job(request: HttpRequest, job_id: Id) -> Job:
    return _detail(request_user(request), job_id)


@router.patch(
    "/jobs/{job_id}",
    response={200: JobWriteOut, **problems(401, 404, 409, 422)},
    summary="Edit a job (resets its expiry); `warnings` lists off-platform contact found in its text",
)
def edit_job(request: HttpRequest, job_id: Id, payload: JobPatch) -> Job:
    user = request_user(request)
    job = selectors.owned_job_get_for(user, job_id)
    services.job_update(actor=user, job=job, fields=fields_from(payload))
    return _detail(user, job.pk)


@router.post(
    "/jobs/{job_id}/publish",
    response={200: JobWriteOut, **problems(401, 404, 409, 422)},
    summary="Post a draft; `warnings` lists off-platform contact found in its text",
)
def publish_job(request: HttpRequest, job_id: Id) -> Job:
    user = request_user(request)
    services.job_publish(actor=user, job=selectors.owned_job_get_for(user, job_id))
    return _detail(user, job_id)


class CloseIn(Schema):
    reason: Literal["filled", "cancelled"]
    note: str = Field("", max_length=500)


@router.post(
    "/jobs/{job_id}/close", response={200: JobOut, **problems(401, 404, 409, 422)}, summary="Close a job"
)
def close_job(request: HttpRequest, job_id: Id, payload: CloseIn) -> Job:
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
def add_attachment(request: HttpRequest, job_id: Id, file: File[UploadedFile]) -> Status:
    user = request_user(request)
    a = services.job_attachment_add(actor=user, job=selectors.owned_job_get_for(user, job_id), upload=file)
    return Status(201, a)


# --- saved searches -------------------------------------------------------------------------------
class SavedSearchIn(Schema):
    name: str = Field(max_length=100)
    alerts: bool = True
    filters: JobSearchParams


@router.get(
    "/saved-searches",
    response={200: SavedSearchPage, **problems(400, 401)},
    summary="Your saved job searches",
)
def list_saved(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(selectors.saved_searches_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.post(
    "/saved-searches",
    response={201: SavedSearchOut, **problems(401, 403, 409, 422)},
    summary="Save a job search",
)
def create_saved(request: HttpRequest, payload: SavedSearchIn) -> Status:
    search = search_from(payload.filters)
    saved = services.saved_search_create(
        actor=request_user(request), name=payload.name, params=search.as_params(), alerts=payload.alerts
    )
    return Status(201, saved)


@router.delete(
    "/saved-searches/{saved_id}", response={204: None, **problems(401, 404)}, summary="Delete a saved search"
)
def delete_saved(request: HttpRequest, saved_id: Id) -> Status:
    user = request_user(request)
    services.saved_search_delete(actor=user, saved=selectors.saved_search_get_for(user, saved_id))
    return Status(204, None)
