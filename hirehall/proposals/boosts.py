"""Boosts (DESIGN §4): a first-price auction for the top 4 slots of a job's proposal list.

Ranking: highest bid first, ties to the earlier bid (then the lower id, which is also earlier).
Only proposals still in play rank. The auction runs 7 days after posting or until the first hire.
At close, each boosted proposal's boost is settled once:
  - in the top 4                          → paid (WON);
  - the client interacted while it was in the top 4 → paid (CHARGED);
  - withdrawn by the freelancer           → paid (CHARGED; withdrawing returns nothing);
  - otherwise (outbid, never touched)     → the boost Connects come back (REFUNDED).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from hirehall.connects.services import connects_refund
from hirehall.core.clock import now as clock_now
from hirehall.jobs.lock_objects import jobs_qs_select_for_update
from hirehall.jobs.models import Job
from hirehall.proposals.models import ACTIVE_STATUSES, BoostState, Proposal, ProposalStatus

SLOTS = 4


def auction_open(job: Job, now: datetime | None = None) -> bool:
    now = now or clock_now()
    return job.boost_closed_at is None and job.boost_ends_at is not None and now < job.boost_ends_at


def ranking(job_id: int) -> list[int]:
    """Ids of the boosted proposals in play (a hired one keeps its slot), best first (one query)."""
    return list(
        Proposal.objects.filter(
            job_id=job_id, boost_state=BoostState.ACTIVE, status__in=[*ACTIVE_STATUSES, ProposalStatus.HIRED]
        )
        .order_by("-boost_bid", "boost_bid_at", "id")
        .values_list("id", flat=True)
    )


def top_slots(job_id: int) -> list[int]:
    return ranking(job_id)[:SLOTS]


def note_interaction(proposal: Proposal) -> None:
    """The client touched this proposal: if it holds a boosted slot now, its boost is spent for good."""
    if proposal.boost_state != BoostState.ACTIVE or proposal.boost_interacted:
        return
    if not auction_open(proposal.job):
        return
    if proposal.pk in top_slots(proposal.job_id):
        Proposal.objects.filter(pk=proposal.pk).update(boost_interacted=True)
        proposal.boost_interacted = True


@transaction.atomic
def boost_auction_close(*, job_id: int, now: datetime) -> bool:
    """Settle every boost of a job once (joinable: the first hire closes it in its own transaction)."""
    job = jobs_qs_select_for_update().filter(pk=job_id, boost_closed_at__isnull=True).first()
    if job is None:
        return False
    winners = set(top_slots(job.pk))
    for proposal in Proposal.objects.filter(job=job, boost_state=BoostState.ACTIVE).select_related(
        "freelancer"
    ):
        if proposal.pk in winners:
            state = BoostState.WON
        elif proposal.boost_interacted or proposal.status == ProposalStatus.WITHDRAWN:
            state = BoostState.CHARGED
        else:
            state = BoostState.REFUNDED
            connects_refund(
                user=proposal.freelancer,
                amount=proposal.boost_bid,
                key=f"boost-refund:{proposal.pk}",
                reference=f"proposal:{proposal.pk}",
                description=f"Boost outbid on “{job.title}”",
            )
        Proposal.objects.filter(pk=proposal.pk).update(boost_state=state)
    job.boost_closed_at = now
    job.save(update_fields=["boost_closed_at"])
    return True


def boost_close_due(*, job_id: int, now: datetime) -> bool:
    """Sweep step, claimed with SKIP LOCKED so concurrent sweepers split the work."""
    with transaction.atomic(durable=True):
        claimed = (
            jobs_qs_select_for_update(skip_locked=True)
            .filter(pk=job_id, boost_closed_at__isnull=True, boost_ends_at__lte=now)
            .exists()
        )
        return claimed and boost_auction_close(job_id=job_id, now=now)
