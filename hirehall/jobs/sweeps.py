"""Job deadlines: the 5-day warning, the 30-day expiry, and saved-search alerts.

Each sweep lists due ids, then each step claims its row with SELECT … FOR UPDATE SKIP LOCKED and
re-checks the condition, so two sweepers never process one job and a re-run does nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse

from hirehall.core.sweeps_registry import run_batch, sweep
from hirehall.jobs.lock_objects import saved_searches_qs_select_for_update
from hirehall.jobs.models import Job, JobAlert, JobStatus, SavedSearch
from hirehall.jobs.selectors import job_search, search_from_params
from hirehall.jobs.services import WARNING_DAYS, job_expire, job_warn_expiry
from hirehall.notifications.services import notify

ALERT_EVERY = timedelta(hours=1)


@sweep("jobs.expire")
def expire_jobs(now: datetime) -> int:
    due = (
        Job.objects.filter(status=JobStatus.OPEN, expires_at__lte=now)
        .order_by("expires_at")
        .values_list("pk", flat=True)
    )
    return run_batch("jobs.expire", due, lambda pk: job_expire(job_id=pk, now=now)).done


@sweep("jobs.expiry_warning")
def warn_jobs(now: datetime) -> int:
    due = (
        Job.objects.filter(status=JobStatus.OPEN, expires_at__lte=now + timedelta(days=WARNING_DAYS))
        .filter(Q(warning_sent_for__isnull=True) | ~Q(warning_sent_for=F("expires_at")))
        .order_by("expires_at")
        .values_list("pk", flat=True)
    )
    return run_batch("jobs.expiry_warning", due, lambda pk: job_warn_expiry(job_id=pk, now=now)).done


def _alert(saved_id: int, now: datetime) -> bool:
    with transaction.atomic(durable=True):
        saved = (
            saved_searches_qs_select_for_update(skip_locked=True)
            .select_related("user")
            .filter(pk=saved_id, alerts=True, last_alert_at__lte=now - ALERT_EVERY)
            .first()
        )
        if saved is None:
            return False
        since = saved.last_alert_at
        page = job_search(search_from_params(saved.params), limit=50)
        new = [j for j in page.jobs if j.opened_at and j.opened_at > since and j.client_id != saved.user_id]
        created = []
        for job in new:
            try:
                with transaction.atomic():
                    created.append(JobAlert.objects.create(saved_search=saved, job=job))
            except IntegrityError:  # already alerted for this job
                continue
        saved.last_alert_at = now
        saved.save(update_fields=["last_alert_at"])
        if created:
            titles = "\n".join(f"- {a.job.title}" for a in created)
            notify(
                user=saved.user,
                kind="saved_search_alert",
                title=f"New jobs for “{saved.name}”",
                body=f"New jobs match your saved search:\n{titles}",
                url=reverse("jobs:run_search", args=[saved.pk]),
                ref=f"saved_search:{saved.pk}",
            )
        return True


@sweep("jobs.saved_search_alerts")
def saved_search_alerts(now: datetime) -> int:
    due = (
        SavedSearch.objects.filter(alerts=True, last_alert_at__lte=now - ALERT_EVERY)
        .order_by("last_alert_at")
        .values_list("pk", flat=True)
    )
    return run_batch("jobs.saved_search_alerts", due, lambda pk: _alert(pk, now)).done
