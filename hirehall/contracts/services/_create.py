"""Creating the contract record from an accepted offer (the only write this app has so far)."""

from __future__ import annotations

from django.db import transaction

from hirehall.contracts.models import Contract, ContractMilestone, MilestoneStatus
from hirehall.core.clock import now as clock_now
from hirehall.ledger import fees
from hirehall.proposals.models import Offer


@transaction.atomic
def contract_create_from_offer(*, offer: Offer) -> Contract:
    """Joinable: runs inside the offer-acceptance transaction. The OneToOne on offer refuses twice."""
    contract = Contract.objects.create(
        offer=offer,
        job_id=offer.proposal.job_id,
        client_id=offer.client_id,
        freelancer_id=offer.freelancer_id,
        kind=offer.kind,
        title=offer.title,
        hourly_rate_cents=offer.hourly_rate_cents,
        weekly_limit_hours=offer.weekly_limit_hours,
        manual_time_allowed=offer.manual_time_allowed,
        total_cents=offer.total_cents,
        is_trial=offer.is_trial,
        start_date=offer.start_date,
        fee_schedule_version=fees.schedule_in_force().version,
        started_at=clock_now(),
    )
    ContractMilestone.objects.bulk_create(
        [
            ContractMilestone(
                contract=contract,
                position=m.position,
                description=m.description,
                amount_cents=m.amount_cents,
                due_date=m.due_date,
                # The first milestone was funded when the offer was sent.
                status=MilestoneStatus.FUNDED
                if m.position == 1 and offer.escrow_reference
                else MilestoneStatus.PENDING,
                escrow_reference=offer.escrow_reference if m.position == 1 else "",
            )
            for m in offer.milestones.all()
        ]
    )
    return contract
