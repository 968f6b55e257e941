# ruff: noqa: B023 - race() runs the closures and returns before the loop moves on
"""Real threads on PostgreSQL: two card fundings of one milestone at once charge under one key and
leave exactly one record of that charge in the ledger (issue 9, item 2)."""

from __future__ import annotations

import pytest

from hirehall.contracts.models import MilestoneStatus
from hirehall.contracts.services import milestone_fund
from hirehall.core.errors import DomainError
from hirehall.core.testing import race
from hirehall.jobs.testing import restore_seed_data
from hirehall.ledger.models import Transfer, TransferGroup
from hirehall.ledger.tests.helpers import fund_wallet, wallet_available
from hirehall.ledger.verify import verify_ledger
from hirehall.payments.tests.helpers import card, record_charges
from hirehall.proposals.testing import fixed_contract


@pytest.fixture(autouse=True)
def _seed_rows(transactional_db: None) -> None:
    restore_seed_data()  # transactional tests flush the seeded rows


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_card_fundings_of_one_milestone_record_one_charge(user_factory, monkeypatch) -> None:
    charges = record_charges(monkeypatch)
    for round_ in range(3):
        client, freelancer = user_factory(), user_factory()
        fund_wallet(client, 105_00)
        contract = fixed_contract(client, freelancer, (100_00, 200_00), title=f"Race funding {round_}")
        method = card(client)
        milestone = contract.milestones.get(position=2)
        charges.clear()
        outcomes = race(
            2,
            lambda _i: milestone_fund(
                actor=client,
                contract=contract,
                milestone_id=milestone.pk,
                payment_method=method,
            ),
        )
        results = [o.error if o.error is not None else o.value for o in outcomes]
        assert sum(not isinstance(r, Exception) for r in results) == 1, results
        assert all(
            isinstance(r, DomainError) and r.code == "invalid_state"
            for r in results
            if isinstance(r, Exception)
        )
        key = f"escrow-fund:milestone:{milestone.pk}"
        assert {k for k, _ in charges} == {f"{key}:card"}  # one provider key: the provider charges once
        assert Transfer.objects.filter(key=f"{key}:card").count() == 1
        assert not TransferGroup.objects.filter(key=f"{key}:card-kept").exists()
        milestone.refresh_from_db()
        assert milestone.status == MilestoneStatus.FUNDED and wallet_available(client) == 0
        assert verify_ledger() == []
