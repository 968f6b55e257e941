"""Builders for reputation tests and demo data: real contracts, paid and ended through the services."""

from __future__ import annotations

import uuid
from typing import Any

from hirehall.accounts.models import User
from hirehall.contracts.models import Contract
from hirehall.contracts.services import contract_end, milestone_approve
from hirehall.ledger.operations import deposit_record
from hirehall.proposals.testing import fixed_contract
from hirehall.reputation.rules import CLIENT_CATEGORIES, FREELANCER_CATEGORIES
from hirehall.reputation.services import FeedbackInput, feedback_leave


def fund_wallet(user: User, cents: int) -> None:
    deposit_record(actor=user, amount_cents=cents, key=f"reputation-test:{uuid.uuid4()}", provider_ref="test")


def paid_contract(
    client: User,
    freelancer: User,
    cents: int = 500_00,
    *,
    title: str = "Build a data pipeline",
    end: bool = True,
) -> Contract:
    """A fixed-price contract whose one milestone (`cents`, ≥ $5) was paid; ended by the client."""
    fund_wallet(client, cents + cents // 10 + 100_00)
    contract = fixed_contract(client, freelancer, (cents,), title=title)
    milestone_approve(actor=client, contract=contract, milestone_id=contract.milestones.get().pk)
    if end:
        contract_end(actor=client, contract=contract)
    contract.refresh_from_db()
    return contract


def unpaid_contract(client: User, freelancer: User, *, title: str = "A job that never paid") -> Contract:
    """Funded, then ended by the freelancer: the escrow goes back and nothing was paid ($0)."""
    fund_wallet(client, 100_00)
    contract = fixed_contract(client, freelancer, (50_00,), title=title)
    contract_end(actor=freelancer, contract=contract)
    contract.refresh_from_db()
    return contract


def scores(side: str, value: int = 5) -> dict[str, Any]:
    return dict.fromkeys(CLIENT_CATEGORIES if side == "client" else FREELANCER_CATEGORIES, value)


def leave(
    actor: User, contract: Contract, value: int = 5, *, recommend: int | None = 9, comment: str = "Great work"
) -> Any:
    side = "client" if actor.pk == contract.client_id else "freelancer"
    return feedback_leave(
        actor=actor,
        contract=contract,
        data=FeedbackInput(
            scores=scores(side, value), comment=comment, recommend=recommend, reason="Job done"
        ),
    )
