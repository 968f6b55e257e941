"""Boost auctions close 7 days after posting (or at the first hire, which the hire itself does)."""

from __future__ import annotations

from datetime import datetime

from hirehall.core.sweeps_registry import run_batch, sweep
from hirehall.jobs.models import Job
from hirehall.proposals.boosts import boost_close_due


@sweep("proposals.close_boost_auctions")
def close_boost_auctions(now: datetime) -> int:
    due = (
        Job.objects.filter(boost_closed_at__isnull=True, boost_ends_at__lte=now)
        .order_by("boost_ends_at")
        .values_list("pk", flat=True)
    )
    return run_batch(
        "proposals.close_boost_auctions", due, lambda pk: boost_close_due(job_id=pk, now=now)
    ).done
