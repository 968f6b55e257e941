"""Real threads on separate PostgreSQL connections: a client's approval racing the auto-approval sweep
pays exactly once; two sweeps racing each other invoice and release a week exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hirehall.contracts.models import ContractMilestone, Invoice, MilestoneStatus
from hirehall.contracts.services import milestone_approve, milestone_auto_approve, milestone_submit
from hirehall.contracts.sweeps import auto_approve, invoice_weeks, release_invoices
from hirehall.contracts.tests.helpers import earnings, track, verified_parties
from hirehall.core.testing import race
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.ledger.verify import verify_ledger
from hirehall.proposals.testing import fixed_contract, hourly_contract


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sweep_first", [True, False])
def test_client_approval_races_auto_approval_and_pays_once(user_factory, sweep_first) -> None:
    for round_ in range(4):
        client, freelancer = user_factory(), user_factory()
        fund_wallet(client, 1_000_00)
        contract = fixed_contract(client, freelancer, (600_00,), title=f"Race contract {round_}")
        milestone = contract.milestones.get()
        milestone_submit(actor=freelancer, contract=contract, milestone_id=milestone.pk, message="done")
        # The 14 days have just passed.
        ContractMilestone.objects.filter(pk=milestone.pk).update(
            auto_approve_at=timezone.now() - timedelta(seconds=1)
        )
        now = timezone.now()

        def by_client(client=client, contract=contract, pk=milestone.pk):
            return milestone_approve(actor=client, contract=contract, milestone_id=pk)

        def by_sweep(pk=milestone.pk, now=now):
            return milestone_auto_approve(milestone_id=pk, now=now)

        calls = (by_sweep, by_client) if sweep_first else (by_client, by_sweep)

        def call(i, calls=calls):
            return calls[i]()

        results = race(2, call)
        paid = [r for r in results if isinstance(r.value, ContractMilestone) or r.value is True]
        assert len(paid) == 1, results
        for r in results:
            assert (
                r.ok and (r.value in (True, False) or isinstance(r.value, ContractMilestone))
            ) or r.code in {"invalid_state", "already_resolved"}, r
        milestone.refresh_from_db()
        assert milestone.status == MilestoneStatus.APPROVED and milestone.paid_cents == 600_00
        assert (
            TransferGroup.objects.filter(kind="escrow_release", reference=milestone.escrow_reference).count()
            == 1
        )
        assert earnings(freelancer) == (490_00, 0)
        # A sweep afterwards finds nothing.
        assert auto_approve(timezone.now()) == 0
    assert verify_ledger() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_invoice_and_release_a_week_once(user_factory) -> None:
    from datetime import UTC, datetime

    import time_machine

    client, freelancer, _ = verified_parties(user_factory)
    with time_machine.travel(datetime(2024, 5, 31, 9, 0, tzinfo=UTC), tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=40)
        clock.move_to(datetime(2024, 6, 8, 12, 0, tzinfo=UTC))
        track(freelancer, contract, datetime(2024, 6, 3, 9, 0, tzinfo=UTC), 6)
    monday = datetime(2024, 6, 10, 12, 0, tzinfo=UTC)
    results = race(2, lambda i: invoice_weeks(monday))
    assert sorted(r.result() for r in results) == [0, 1], results
    invoice = Invoice.objects.get(contract=contract)
    saturday = datetime(2024, 6, 15, 0, 0, tzinfo=UTC)
    results = race(2, lambda i: release_invoices(saturday))
    assert sorted(r.result() for r in results) == [0, 1], results
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    assert (
        TransferGroup.objects.filter(kind="escrow_release", reference=invoice.escrow_reference).count() == 1
    )
    assert verify_ledger() == []
