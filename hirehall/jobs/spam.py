"""Ghost-job signal: a client reposting a near-duplicate job within 30 days without hiring
(docs/spam-signals.md). Computed once, when a job is published, and stored on `Job.repost_of`."""

from __future__ import annotations

from datetime import datetime, timedelta

from hirehall.core.similarity import near_duplicates
from hirehall.jobs.models import Job

REPOST_WINDOW = timedelta(days=30)
REPOST_THRESHOLD = 0.5  # word-3-shingle Jaccard; measured on labelled pairs in core/tests
MAX_CANDIDATES = 50  # the client's most recent jobs in the window: bounded work per publish


def job_text(title: str, description: str) -> str:
    return f"{title}\n{description}"


def repost_of(job: Job, now: datetime) -> int | None:
    """The id of the client's most recent near-duplicate job opened in the last 30 days that has
    no hire, or None. One query."""
    candidates = list(
        Job.objects.filter(
            client_id=job.client_id,
            opened_at__gte=now - REPOST_WINDOW,
            hires_count=0,
        )
        .exclude(pk=job.pk)
        .order_by("-opened_at", "-pk")
        .values_list("pk", "title", "description")[:MAX_CANDIDATES]
    )
    found = near_duplicates(
        job_text(job.title, job.description),
        ((pk, job_text(title, description)) for pk, title, description in candidates),
        REPOST_THRESHOLD,
    )
    return found[0] if found else None
