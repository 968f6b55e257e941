"""Builders for contracts in tests: a real job, proposal, offer and acceptance.

They live in proposals (above contracts in the layer order): a contract starts from an accepted offer.
"""

from __future__ import annotations

from typing import Any

from hirehall.accounts.models import User
from hirehall.contracts.models import Contract
from hirehall.jobs.testing import open_job
from hirehall.proposals.services import OfferInput, ProposalInput, offer_accept, offer_send, proposal_submit


def _proposal(client: User, freelancer: User, *, hourly: bool, title: str) -> Any:
    if hourly:
        job = open_job(
            client,
            title=title,
            budget_type="hourly",
            hourly_min_cents=20_00,
            hourly_max_cents=60_00,
            fixed_cents=None,
        )
        bid = 40_00
    else:
        job = open_job(client, title=title)
        bid = 900_00
    return proposal_submit(
        actor=freelancer,
        job=job,
        data=ProposalInput(
            cover_letter="I have done this kind of work many times and can start now.",
            bid_cents=bid,
            duration="1to3",
            answers={q.pk: "Yes" for q in job.questions.all()},
            milestones=[],
            boost=0,
        ),
    )


def fixed_contract(
    client: User,
    freelancer: User,
    amounts: tuple[int, ...] = (300_00, 700_00),
    title: str = "Build a data pipeline",
) -> Contract:
    """The client's wallet must hold the first milestone plus its 5% fee."""
    proposal = _proposal(client, freelancer, hourly=False, title=title)
    offer = offer_send(
        actor=client,
        proposal=proposal,
        data=OfferInput(
            kind="fixed",
            title=title,
            milestones=tuple((f"Milestone {i}", a, None) for i, a in enumerate(amounts, start=1)),
        ),
    )
    return offer_accept(actor=freelancer, offer=offer)


def hourly_contract(
    client: User,
    freelancer: User,
    *,
    rate_cents: int = 40_00,
    limit_hours: int = 20,
    manual: bool = True,
    title: str = "Ongoing data engineering",
) -> Contract:
    proposal = _proposal(client, freelancer, hourly=True, title=title)
    offer = offer_send(
        actor=client,
        proposal=proposal,
        data=OfferInput(
            kind="hourly",
            title=title,
            hourly_rate_cents=rate_cents,
            weekly_limit_hours=limit_hours,
            manual_time_allowed=manual,
        ),
    )
    return offer_accept(actor=freelancer, offer=offer)
