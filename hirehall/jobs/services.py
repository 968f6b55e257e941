"""Job writes: create (draft or open), edit, publish, close, activity, attachments, sweeps' steps,
saved searches. Entry points (web, API, sweeps) call these and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from hirehall.accounts.models import User
from hirehall.core import uploads
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError
from hirehall.core.ratelimit import rate_limit
from hirehall.core.restrictions import JOBS, ensure_allowed
from hirehall.core.states import transition
from hirehall.jobs import errors as _errors  # noqa: F401 - registers the error codes
from hirehall.jobs import pricing, search_index, spam
from hirehall.jobs.lock_objects import jobs_qs_select_for_update, users_qs_select_for_update
from hirehall.jobs.models import (
    MAX_SCREENING_QUESTIONS,
    MIN_FIXED_CENTS,
    MIN_HOURLY_CENTS,
    TRANSITIONS,
    BudgetType,
    CloseReason,
    Experience,
    Job,
    JobAttachment,
    JobStatus,
    JobVisibility,
    Length,
    SavedSearch,
    ScreeningQuestion,
    Workload,
)
from hirehall.jobs.signals import job_closed
from hirehall.ledger.limits import check_amount_max
from hirehall.notifications.services import notify
from hirehall.profiles.models import Category, Skill

OPEN_DAYS = 30
WARNING_DAYS = 5
BOOST_DAYS = 7
MAX_SKILLS = 15
MAX_HIRES = 50
MAX_ATTACHMENTS = 10
CLIENT_CLOSE_REASONS = (CloseReason.FILLED, CloseReason.CANCELLED)


@dataclass
class JobFields:
    """What a client may set. `None` leaves a field as it is (edits); creation fills defaults."""

    title: str | None = None
    description: str | None = None
    category: Category | None = None
    skills: list[Skill] | None = None
    experience: str | None = None
    length: str | None = None
    workload: str | None = None
    budget_type: str | None = None
    hourly_min_cents: int | None = None
    hourly_max_cents: int | None = None
    fixed_cents: int | None = None
    questions: list[str] | None = None
    visibility: str | None = None
    hires_wanted: int | None = None
    contract_to_hire: bool | None = None
    reading_check: str | None = None
    set_fields: set[str] = field(default_factory=set)


def _invalid(detail: str, **extra: Any) -> DomainError:
    return DomainError("validation_error", detail, **extra)


def _choice(value: str, choices: type, name: str) -> str:
    if value not in choices.values:  # type: ignore[attr-defined]
        raise _invalid(f"{name} must be one of {', '.join(choices.values)}")  # type: ignore[attr-defined]
    return value


def _apply(job: Job, f: JobFields) -> list[str]:
    """Validate and copy the given fields onto the job. Returns the model fields changed."""
    changed: list[str] = []
    if f.title is not None:
        title = f.title.strip()
        if not 5 <= len(title) <= 120:
            raise _invalid("The title must be 5 to 120 characters.")
        job.title = title
        changed.append("title")
    if f.description is not None:
        if len(f.description) > 10_000:
            raise _invalid("The description must be at most 10,000 characters.")
        job.description = f.description.strip()
        changed.append("description")
    if f.category is not None:
        job.category = f.category
        changed.append("category")
    for name, choices in (("experience", Experience), ("length", Length), ("workload", Workload)):
        value = getattr(f, name)
        if value is not None:
            setattr(job, name, _choice(value, choices, name))
            changed.append(name)
    if f.budget_type is not None:
        job.budget_type = _choice(f.budget_type, BudgetType, "budget_type")
        changed.append("budget_type")
    for name in ("hourly_min_cents", "hourly_max_cents", "fixed_cents"):
        if name in f.set_fields or getattr(f, name) is not None:
            setattr(job, name, getattr(f, name))
            changed.append(name)
    if f.visibility is not None:
        job.visibility = _choice(f.visibility, JobVisibility, "visibility")
        changed.append("visibility")
    if f.hires_wanted is not None:
        if not 1 <= f.hires_wanted <= MAX_HIRES:
            raise _invalid(f"Number to hire must be 1 to {MAX_HIRES}.")
        job.hires_wanted = f.hires_wanted
        changed.append("hires_wanted")
    if f.contract_to_hire is not None:
        job.contract_to_hire = f.contract_to_hire
        changed.append("contract_to_hire")
    if f.reading_check is not None:
        phrase = " ".join(f.reading_check.split())
        if len(phrase) > 80 or "\x00" in phrase:
            raise _invalid("The reading check phrase must be at most 80 characters.")
        job.reading_check = phrase
        changed.append("reading_check")
    _check_budget(job)
    return changed


def _check_budget(job: Job) -> None:
    """Minimums of DESIGN §2 (also CHECK constraints) and the one maximum (`ledger.limits`); the
    irrelevant side of the budget is cleared."""
    for amount in (job.hourly_min_cents, job.hourly_max_cents, job.fixed_cents):
        check_amount_max(amount, "budget")
    if job.budget_type == BudgetType.HOURLY:
        job.fixed_cents = None
        low, high = job.hourly_min_cents, job.hourly_max_cents
        for value in (low, high):
            if value is not None and value < MIN_HOURLY_CENTS:
                raise DomainError("rate_below_minimum", "Hourly rates start at $3.00/hr.", minimum="3.00")
        if low is not None and high is not None and high < low:
            raise _invalid("The maximum hourly rate must be at least the minimum.")
    else:
        job.hourly_min_cents = job.hourly_max_cents = None
        if job.fixed_cents is not None and job.fixed_cents < MIN_FIXED_CENTS:
            raise DomainError("rate_below_minimum", "Fixed-price budgets start at $5.00.", minimum="5.00")


def _check_ready(job: Job) -> None:
    """What a job needs before it can open."""
    missing = []
    if len(job.title) < 5:
        missing.append("title")
    if not job.description:
        missing.append("description")
    if job.category_id is None:
        missing.append("category")
    if job.budget_type == BudgetType.HOURLY and job.hourly_min_cents is None and job.hourly_max_cents is None:
        missing.append("hourly rate")
    if job.budget_type == BudgetType.FIXED and job.fixed_cents is None:
        missing.append("budget")
    if missing:
        raise _invalid(f"Before posting, add: {', '.join(missing)}.", missing=missing)


def _set_skills_and_questions(job: Job, f: JobFields) -> None:
    if f.skills is not None:
        if len(f.skills) > MAX_SKILLS:
            raise _invalid(f"At most {MAX_SKILLS} skills.")
        job.skills.set(f.skills)
    if f.questions is not None:
        questions = [q.strip() for q in f.questions if q.strip()]
        if len(questions) > MAX_SCREENING_QUESTIONS:
            raise _invalid(f"At most {MAX_SCREENING_QUESTIONS} screening questions.")
        if any(len(q) > 500 for q in questions):
            raise _invalid("Screening questions are at most 500 characters.")
        ScreeningQuestion.objects.filter(job=job).delete()
        ScreeningQuestion.objects.bulk_create(
            [ScreeningQuestion(job=job, position=i, text=q) for i, q in enumerate(questions, start=1)]
        )


def _require_client(actor: User) -> None:
    if not actor.is_client:
        raise DomainError("role_required", "Add the client role to post jobs.")


def _own(actor: User, job: Job) -> None:
    if job.client_id != actor.pk:
        raise DomainError("not_found")


def connects_cost_for(job: Job) -> int:
    return pricing.connects_for_value(
        pricing.projected_value_cents(
            budget_type=job.budget_type,
            fixed_cents=job.fixed_cents,
            hourly_min_cents=job.hourly_min_cents,
            hourly_max_cents=job.hourly_max_cents,
            workload=job.workload,
            length=job.length,
        )
    )


def _open(job: Job, now: datetime) -> None:
    transition(job, JobStatus.OPEN, TRANSITIONS, detail=f"A {job.status} job cannot be posted.")
    _check_ready(job)
    job.connects_required = connects_cost_for(job)
    job.opened_at = job.last_activity_at = now
    job.expires_at = now + timedelta(days=OPEN_DAYS)
    job.boost_ends_at = now + timedelta(days=BOOST_DAYS)
    job.repost_of_id = spam.repost_of(job, now)
    job.save(
        update_fields=[
            "repost_of",
            "status",
            "connects_required",
            "opened_at",
            "last_activity_at",
            "expires_at",
            "boost_ends_at",
            "updated_at",
        ]
    )


@transaction.atomic(durable=True)
def job_create(*, actor: User, fields: JobFields, publish: bool) -> Job:
    _require_client(actor)
    if publish:
        ensure_allowed(actor, JOBS)  # a moderation restriction (hirehall.core.restrictions)
        rate_limit(scope="job_posts", key=actor.pk)
    if fields.title is None:
        raise _invalid("A job needs a title.")
    job = Job(client=actor)
    _apply(job, fields)
    job.save()
    _set_skills_and_questions(job, fields)
    if publish:
        _open(job, clock_now())
        search_index.reindex_job(job.pk)
    return job


@transaction.atomic(durable=True)
def job_update(*, actor: User, job: Job, fields: JobFields) -> Job:
    """Edit a draft or an open job. Editing an open job is activity: its 30 days start again.

    The Connects cost stays what it was when the job opened (applicants already paid it).
    """
    _own(actor, job)
    job = jobs_qs_select_for_update().get(pk=job.pk)
    if job.status == JobStatus.CLOSED:
        raise DomainError("invalid_state", "A closed job cannot be edited.")
    changed = _apply(job, fields)
    if job.status == JobStatus.OPEN:
        _check_ready(job)
        now = clock_now()
        job.last_activity_at = now
        job.expires_at = now + timedelta(days=OPEN_DAYS)
        changed += ["last_activity_at", "expires_at"]
    job.save(update_fields=[*set(changed), "updated_at"])
    _set_skills_and_questions(job, fields)
    if job.status == JobStatus.OPEN:
        search_index.reindex_job(job.pk)
    return job


@transaction.atomic(durable=True)
def job_publish(*, actor: User, job: Job) -> Job:
    _own(actor, job)
    ensure_allowed(actor, JOBS)
    rate_limit(scope="job_posts", key=actor.pk)
    job = jobs_qs_select_for_update().get(pk=job.pk)
    _open(job, clock_now())
    search_index.reindex_job(job.pk)
    return job


def _close(job: Job, reason: str, note: str, now: datetime) -> Job:
    locked = jobs_qs_select_for_update().get(pk=job.pk)
    transition(locked, JobStatus.CLOSED, TRANSITIONS, detail="This job is already closed.")
    locked.close_reason = reason
    locked.close_note = note[:500]
    locked.closed_at = now
    locked.save(update_fields=["status", "close_reason", "close_note", "closed_at", "updated_at"])
    search_index.remove_job(locked.pk)
    # Proposals close and Connects are returned (or not) in this same transaction.
    job_closed.send(sender=Job, job=locked, reason=reason, now=now)
    return locked


@transaction.atomic(durable=True)
def job_close(*, actor: User, job: Job, reason: str, note: str = "") -> Job:
    """The client closes: filled, or cancelled. Without a hire, applicants get their Connects back."""
    _own(actor, job)
    if reason not in CLIENT_CLOSE_REASONS:
        raise _invalid("Close a job as filled or cancelled.")
    return _close(job, reason, note, clock_now())


@transaction.atomic(durable=True)
def job_remove(*, actor: User, job: Job, note: str) -> Job:
    """Staff take a job down (always returns applicants' Connects)."""
    if not actor.is_staff:
        raise DomainError("not_found")
    return _close(job, CloseReason.REMOVED, note, clock_now())


@transaction.atomic
def job_record_hire(*, job: Job, now: datetime) -> Job:
    """Joinable (runs in the offer-acceptance transaction): one more hire; the last one wanted fills
    the job, which closes it and with it every other proposal (no Connects back: someone was hired)."""
    Job.objects.filter(pk=job.pk).update(hires_count=F("hires_count") + 1)
    job_touch(job_id=job.pk, now=now)
    locked = jobs_qs_select_for_update().get(pk=job.pk)
    if locked.status == JobStatus.OPEN and locked.hires_count >= locked.hires_wanted:
        return _close(locked, CloseReason.FILLED, "", now)
    return locked


def job_touch(*, job_id: int, now: datetime | None = None) -> None:
    """Activity (a proposal, a message, a hire) keeps an open job open 30 more days."""
    now = now or clock_now()
    Job.objects.filter(pk=job_id, status=JobStatus.OPEN).update(
        last_activity_at=now, expires_at=now + timedelta(days=OPEN_DAYS)
    )


def job_expire(*, job_id: int, now: datetime) -> bool:
    """Sweep step: close one open job whose 30 days are over. Safe to run twice or concurrently."""
    with transaction.atomic(durable=True):
        job = (
            jobs_qs_select_for_update(skip_locked=True)
            .filter(pk=job_id, status=JobStatus.OPEN, expires_at__lte=now)
            .first()
        )
        if job is None:
            return False
        _close(job, CloseReason.EXPIRED, "", now)
        return True


def job_warn_expiry(*, job_id: int, now: datetime) -> bool:
    """Sweep step: tell the client 5 days ahead, once per expiry date (an edit moves it; warn again)."""
    with transaction.atomic(durable=True):
        job = (
            jobs_qs_select_for_update(skip_locked=True)
            .select_related("client")
            .filter(pk=job_id, status=JobStatus.OPEN, expires_at__lte=now + timedelta(days=WARNING_DAYS))
            .first()
        )
        if job is None or job.warning_sent_for == job.expires_at:
            return False
        job.warning_sent_for = job.expires_at
        job.save(update_fields=["warning_sent_for"])
        notify(
            user=job.client,
            kind="job_expiring",
            title=f"Your job “{job.title}” expires on {job.expires_at:%Y-%m-%d}",
            body=f"Your job “{job.title}” will close on {job.expires_at:%Y-%m-%d %H:%M} UTC unless you edit "
            "it or hire. Editing it keeps it open another 30 days.",
            url=reverse("jobs:detail", args=[job.pk]),
            ref=f"job:{job.pk}",
            key=f"job_expiring:{job.pk}:{job.expires_at:%Y%m%d%H%M}",
        )
        return True


@transaction.atomic(durable=True)
def job_attachment_add(*, actor: User, job: Job, upload: UploadedFile) -> JobAttachment:
    """Size-capped, sniffed (images re-encoded), stored under a server-chosen name."""
    _own(actor, job)
    job = jobs_qs_select_for_update().get(pk=job.pk)
    if job.status == JobStatus.CLOSED:
        raise DomainError("invalid_state", "A closed job cannot take attachments.")
    if job.attachments.count() >= MAX_ATTACHMENTS:
        raise DomainError("conflict", f"At most {MAX_ATTACHMENTS} attachments per job.")
    stored = uploads.store_attachment(upload, folder="jobs", thumbnail=False)
    return JobAttachment.objects.create(
        job=job,
        path=stored.path,
        original_name=stored.name,
        content_type=stored.content_type,
        size=stored.size,
    )


# --- saved searches -------------------------------------------------------------------------------
MAX_SAVED_SEARCHES = 20


@transaction.atomic(durable=True)
def saved_search_create(
    *, actor: User, name: str, params: dict[str, Any], alerts: bool = True
) -> SavedSearch:
    if not actor.is_freelancer:
        raise DomainError("role_required", "Saved job searches are for freelancers.")
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise _invalid("Name the search (1 to 100 characters).")
    users_qs_select_for_update().filter(pk=actor.pk).first()  # the cap below is check-then-act
    if SavedSearch.objects.filter(user=actor).count() >= MAX_SAVED_SEARCHES:
        raise DomainError("conflict", f"At most {MAX_SAVED_SEARCHES} saved searches.")
    if SavedSearch.objects.filter(user=actor, name=name).exists():
        raise DomainError("conflict", "You already have a saved search with that name.")
    return SavedSearch.objects.create(
        user=actor, name=name, params=params, alerts=alerts, last_alert_at=clock_now()
    )


@transaction.atomic(durable=True)
def saved_search_delete(*, actor: User, saved: SavedSearch) -> None:
    if saved.user_id != actor.pk:
        raise DomainError("not_found")
    saved.delete()


def job_note_proposal(*, job_id: int, delta: int) -> None:
    """Proposal count (F()) and activity; re-index so the proposal-count filter stays true."""
    Job.objects.filter(pk=job_id).update(proposal_count=F("proposal_count") + delta)
    if delta > 0:
        job_touch(job_id=job_id)
    search_index.reindex_job(job_id)
