"""Creating the contract record from the agreed terms.

Contracts sit below proposals in the layer order: the offer's acceptance (proposals) builds the terms
as plain data and calls here; nothing in contracts reads an offer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from hirehall.contracts.models import Contract, ContractMilestone, MilestoneStatus
from hirehall.core.clock import now as clock_now
from hirehall.ledger import fees


@dataclass(frozen=True)
class MilestoneTerms:
    position: int
    description: str
    amount_cents: int
    due_date: date | None = None


@dataclass(frozen=True)
class ContractTerms:
    """What both sides agreed. `offer_id` links the contract to its offer (one contract per offer)."""

    offer_id: int
    job_id: int
    client_id: int
    freelancer_id: int
    kind: str
    title: str
    hourly_rate_cents: int | None = None
    weekly_limit_hours: int | None = None
    manual_time_allowed: bool = False
    total_cents: int | None = None
    is_trial: bool = False
    start_date: date | None = None
    milestones: tuple[MilestoneTerms, ...] = ()
    # The escrow of milestone 1 when the offer funded it on sending ("" when it did not).
    first_milestone_escrow_reference: str = ""


@transaction.atomic
def contract_create(*, terms: ContractTerms) -> Contract:
    """Joinable: runs inside the offer-acceptance transaction. The OneToOne on offer refuses twice."""
    contract = Contract.objects.create(
        offer_id=terms.offer_id,
        job_id=terms.job_id,
        client_id=terms.client_id,
        freelancer_id=terms.freelancer_id,
        kind=terms.kind,
        title=terms.title,
        hourly_rate_cents=terms.hourly_rate_cents,
        weekly_limit_hours=terms.weekly_limit_hours,
        manual_time_allowed=terms.manual_time_allowed,
        total_cents=terms.total_cents,
        is_trial=terms.is_trial,
        start_date=terms.start_date,
        fee_schedule_version=fees.schedule_in_force().version,
        started_at=clock_now(),
    )
    escrow = terms.first_milestone_escrow_reference
    ContractMilestone.objects.bulk_create(
        [
            ContractMilestone(
                contract=contract,
                position=m.position,
                description=m.description,
                amount_cents=m.amount_cents,
                due_date=m.due_date,
                # The first milestone was funded when the offer was sent.
                status=MilestoneStatus.FUNDED if m.position == 1 and escrow else MilestoneStatus.PENDING,
                escrow_reference=escrow if m.position == 1 else "",
            )
            for m in terms.milestones
        ]
    )
    return contract
