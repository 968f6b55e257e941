from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver

from hirehall.jobs.models import Job
from hirehall.jobs.signals import job_closed


@receiver(job_closed, dispatch_uid="proposals_on_job_closed")
def on_job_closed(sender: type[Job], job: Job, reason: str, now: datetime, **kwargs: Any) -> None:
    from hirehall.proposals.services import proposals_close_for_job

    proposals_close_for_job(job=job, reason=reason, now=now)
