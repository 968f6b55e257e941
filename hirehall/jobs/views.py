"""Job pages: the posting wizard, a job's page, search, the client's list, saved searches."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hirehall.core.errors import DomainError
from hirehall.core.files import serve_private_file
from hirehall.core.money import cents_to_decimal_str
from hirehall.core.pagination import MAX_OFFSET
from hirehall.core.web import refusals, request_user
from hirehall.jobs import selectors, services
from hirehall.jobs.api import JobSearchParams, search_from
from hirehall.jobs.forms import (
    REVIEW_STEP,
    SHOW_WHEN,
    STEPS,
    CloseForm,
    JobForm,
    SavedSearchForm,
    UploadForm,
)
from hirehall.jobs.models import Job, JobAttachment, JobStatus
from hirehall.jobs.search_index import PROPOSAL_BUCKET_LABELS, proposals_bucket
from hirehall.profiles.guidance import BASIS_LABELS, rate_guidance
from hirehall.profiles.selectors import categories_tree, client_stats_for, skills_match, skills_resolve
from hirehall.profiles.widgets import SkillPicker, split_skills


def _initial(job: Job) -> dict[str, Any]:
    return {
        "title": job.title,
        "category": job.category.slug if job.category else None,
        "skills": ", ".join(s.slug for s in job.skills.all()),
        "experience": job.experience,
        "length": job.length,
        "workload": job.workload,
        "hires_wanted": job.hires_wanted,
        "contract_to_hire": job.contract_to_hire,
        "budget_type": job.budget_type,
        "hourly_min": cents_to_decimal_str(job.hourly_min_cents),
        "hourly_max": cents_to_decimal_str(job.hourly_max_cents),
        "fixed_budget": cents_to_decimal_str(job.fixed_cents),
        "description": job.description,
        "questions": "\n".join(q.text for q in job.questions.all()),
        "visibility": job.visibility,
        "reading_check": job.reading_check,
    }


def _fields(step: int, data: dict[str, Any]) -> services.JobFields:
    names = STEPS[step][1]
    f = services.JobFields()
    if "title" in names:
        f.title = data["title"]
        f.category = data["category"]
        f.skills = skills_resolve(split_skills(data["skills"]))  # the picker's slugs (or typed names)
    if "experience" in names:
        f.experience = data["experience"] or None
        f.length = data["length"] or None
        f.workload = data["workload"] or None
        f.hires_wanted = data["hires_wanted"]
        f.contract_to_hire = data["contract_to_hire"]
    if "budget_type" in names:
        f.budget_type = data["budget_type"] or None
        f.hourly_min_cents = data["hourly_min"]  # MoneyField: already cents
        f.hourly_max_cents = data["hourly_max"]
        f.fixed_cents = data["fixed_budget"]
        f.set_fields = {"hourly_min_cents", "hourly_max_cents", "fixed_cents"}
    if "description" in names:
        f.description = data["description"]
        f.questions = [q for q in data["questions"].splitlines() if q.strip()]
        f.visibility = data["visibility"] or None
        f.reading_check = data["reading_check"]
    return f


def _guidance(job: Job | None) -> list[dict[str, Any]]:
    """Rate guidance for the job's first skills (or its category) while the client sets a budget."""
    if job is None:
        return []
    skills = list(job.skills.all()[:3])
    found = [rate_guidance(skill=s) for s in skills] or (
        [rate_guidance(category=job.category)] if job.category else []
    )
    return [
        {
            "label": g.skill.name if g.skill else (g.category.name if g.category else ""),
            "g": g,
            "basis": BASIS_LABELS[g.basis],
        }
        for g in found
    ]


@login_required
def job_wizard(request: HttpRequest, job_id: int | None = None, step: int = 1) -> HttpResponse:
    """Posting in steps; step 1 creates a draft, each step saves it, the last one posts it."""
    user = request_user(request)
    job = selectors.owned_job_get_for(user, job_id) if job_id else None
    if job is not None and job.status == JobStatus.CLOSED:
        raise Http404
    if step not in STEPS and step != REVIEW_STEP:
        raise Http404
    if request.method == "POST" and step in STEPS:
        form = JobForm(request.POST)
        if form.is_valid():
            with refusals(request, form=form):
                fields = _fields(step, form.cleaned_data)
                if job is None:
                    job = services.job_create(actor=user, fields=fields, publish=False)
                else:
                    job = services.job_update(actor=user, job=job, fields=fields)
                return redirect("jobs:edit", job_id=job.pk, step=step + 1)
    else:
        form = JobForm(
            initial=_initial(job)
            if job
            else {"budget_type": "fixed", "visibility": "public", "hires_wanted": 1}
        )
    context = {
        "form": form,
        "job": job,
        "step": step,
        "steps": STEPS,
        "step_fields": [(form[name], SHOW_WHEN.get(name, "")) for name in STEPS[step][1]]
        if step in STEPS
        else [],
        "step_title": STEPS[step][0] if step in STEPS else _("Review and post"),
        "guidance": _guidance(job) if step == 3 else [],
        "upload_form": UploadForm(),
        "cost": services.connects_cost_for(job) if job and step == REVIEW_STEP else None,
        "review": job if step == REVIEW_STEP else None,  # owned_job_get_for prefetched all it shows
        # DESIGN §10: the client sees what the off-platform rule would flag before posting.
        "warnings": selectors.job_warnings(job) if job and step == REVIEW_STEP else [],
    }
    return render(request, "jobs/wizard.html", context)


@login_required
@require_POST
def job_publish(request: HttpRequest, job_id: int) -> HttpResponse:
    user = request_user(request)
    job = selectors.owned_job_get_for(user, job_id)
    with refusals(request):
        services.job_publish(actor=user, job=job)
        messages.success(request, _("Your job is posted."))
        return redirect("jobs:detail", job_id=job.pk)
    return redirect("jobs:edit", job_id=job.pk, step=REVIEW_STEP)


def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """Public jobs are open to visitors (applying asks them to sign in); the rest stay 404."""
    user = request.user
    job = selectors.job_get_for(user, job_id)
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "stats": client_stats_for(job.client),
            "bucket": PROPOSAL_BUCKET_LABELS[proposals_bucket(job.proposal_count)],
            "is_owner": job.client_id == user.pk,
            "close_form": CloseForm(),
            "upload_form": UploadForm(),
        },
    )


@login_required
@require_POST
def job_close(request: HttpRequest, job_id: int) -> HttpResponse:
    user = request_user(request)
    job = selectors.owned_job_get_for(user, job_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why you are closing the job."))
    else:
        with refusals(request):
            services.job_close(
                actor=user, job=job, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
            messages.success(request, _("The job is closed."))
    return redirect("jobs:detail", job_id=job.pk)


@login_required
@require_POST
def job_attachment_upload(request: HttpRequest, job_id: int) -> HttpResponse:
    user = request_user(request)
    job = selectors.owned_job_get_for(user, job_id)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        with refusals(request):
            services.job_attachment_add(actor=user, job=job, upload=form.cleaned_data["file"])
            messages.success(request, _("File attached."))
    else:
        messages.error(request, _("Choose a file."))
    if job.status == JobStatus.DRAFT:
        return redirect("jobs:edit", job_id=job.pk, step=REVIEW_STEP)
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def job_attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Served only to people who may see the job (a 404 for everyone else)."""
    user = request_user(request)
    attachment = JobAttachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    selectors.job_get_for(user, attachment.job_id)
    return serve_private_file(
        attachment.path, content_type=attachment.content_type, filename=attachment.original_name
    )


@login_required
def my_jobs(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(request, "jobs/mine.html", {"jobs": list(selectors.jobs_of_client(user)[:100])})


def _picked_skills(picked: list[str], typed: str) -> list[str]:
    """The picker's chips are slugs; what is typed in its box (no JavaScript) is a name or an alias."""
    slugs = [s for s in picked if s]
    texts = split_skills(typed)
    if texts:
        found = skills_match(texts)
        slugs += [found[t.lower()].slug if t.lower() in found else t for t in texts]
    return slugs


def _saved_rows(user: Any, categories: dict[str, str]) -> list[dict[str, Any]]:
    """Saved searches with what they hold in words (skill and category names, not slugs)."""
    saved = list(selectors.saved_searches_for(user))
    skills = skills_match(slug for s in saved for slug in s.params.get("skills", []))
    rows = []
    for s in saved:
        parts = [categories.get(s.params.get("category", ""), "")]
        parts += [skills[k].name if k in skills else k for k in s.params.get("skills", [])]
        if s.params.get("q"):
            parts.insert(0, f"“{s.params['q']}”")
        rows.append({"saved": s, "summary": " · ".join(p for p in parts if p)})
    return rows


def _params(request: HttpRequest) -> JobSearchParams:
    get = request.GET
    try:
        return JobSearchParams.model_validate(
            {
                "q": get.get("q", ""),
                "category": get.get("category", ""),
                "skills": _picked_skills(get.getlist("skills"), get.get("skills_q", "")),
                "experience": [e for e in get.getlist("experience") if e],
                "budget_type": get.get("budget_type", ""),
                "budget_min": get.get("budget_min") or None,
                "budget_max": get.get("budget_max") or None,
                "client_verified": get.get("client_verified") == "on",
                "client_hires": [h for h in get.getlist("client_hires") if h],
                "client_spend": get.get("client_spend", ""),
                "posted_within": get.get("posted_within", ""),
                "proposals": [p for p in get.getlist("proposals") if p],
                "connects": [c for c in get.getlist("connects") if c],
                "sort": get.get("sort", "relevance") or "relevance",
            }
        )
    except ValueError as exc:
        raise DomainError("validation_error", "Some filters are not valid.") from exc


def job_search(request: HttpRequest) -> HttpResponse:
    """Search for freelancers, visitors too; `?feed=best` is the signed-in freelancer's best-matches
    feed from the profile's skills."""
    best = request.GET.get("feed") == "best"
    if best and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    error = ""
    try:
        if best:
            search = selectors.best_matches_search(request_user(request))
        else:
            search = search_from(_params(request))
        offset = max(int(request.GET.get("offset", "0") or 0), 0)
        page = selectors.job_search(search, offset=min(offset, MAX_OFFSET), limit=20, facets=not best)
    except (DomainError, ValueError) as exc:
        error = getattr(exc, "detail", "Some filters are not valid.")
        page = selectors.JobPage([], 0, {}, None, {})
    categories = categories_tree()
    rows = [
        {
            "job": j,
            "stats": page.client_stats.get(j.client_id),
            "bucket": PROPOSAL_BUCKET_LABELS[proposals_bucket(j.proposal_count)],
        }
        for j in page.jobs
    ]
    return render(
        request,
        "jobs/search.html",
        {
            "rows": rows,
            "page": page,
            "best": best,
            "error": error,
            "query": request.GET,
            "save_form": SavedSearchForm(),
            "saved": _saved_rows(user, {c.slug: c.name for c in categories}) if user.is_authenticated else [],
            "categories": categories,
            "skill_picker": SkillPicker(limit=10).render(
                "skills", ", ".join(request.GET.getlist("skills")), attrs={"id": "id_skills"}
            ),
            "next_query": _next_query(request, page.next_offset),
        },
    )


def _next_query(request: HttpRequest, offset: int | None) -> str:
    if offset is None:
        return ""
    q = request.GET.copy()
    q["offset"] = str(offset)
    return q.urlencode()


@login_required
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = SavedSearchForm(request.POST)
    query = request.POST.get("query", "")
    if form.is_valid():
        from django.http import QueryDict

        fake = HttpRequest()
        fake.GET = QueryDict(query)
        with refusals(request):
            services.saved_search_create(
                actor=user, name=form.cleaned_data["name"], params=search_from(_params(fake)).as_params()
            )
            messages.success(request, _("Search saved: we will alert you to new jobs."))
    else:
        messages.error(request, _("Name the search."))
    return redirect(f"/jobs/?{query}")


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, saved_id: int) -> HttpResponse:
    user = request_user(request)
    services.saved_search_delete(actor=user, saved=selectors.saved_search_get_for(user, saved_id))
    messages.success(request, _("Saved search deleted."))
    return redirect("jobs:search")


@login_required
def saved_search_run(request: HttpRequest, saved_id: int) -> HttpResponse:
    from urllib.parse import urlencode

    saved = selectors.saved_search_get_for(request_user(request), saved_id)
    return redirect(f"/jobs/?{urlencode(saved.params, doseq=True)}")
