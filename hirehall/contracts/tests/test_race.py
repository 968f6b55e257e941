"""Real threads on separate PostgreSQL connections: a client's approval racing the auto-approval sweep
pays exactly once; two sweeps racing each other invoice and release a week exactly once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from hirehall.contracts.models import ContractMilestone, Invoice, MilestoneStatus
from hirehall.contracts.services import milestone_approve, milestone_auto_approve, milestone_submit
from hirehall.contracts.sweeps import auto_approve, invoice_weeks, release_invoices
from hirehall.contracts.tests.helpers import earnings, track, verified_parties
from hirehall.core.errors import DomainError
from hirehall.jobs.testing import restore_seed_data
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.ledger.verify import verify_ledger
from hirehall.proposals.testing import fixed_contract, hourly_contract


@pytest.fixture(autouse=True)
def _seed_rows(transactional_db: None) -> None:
    """Transactional tests flush the tables between tests, seeded rows included: put them back."""
    restore_seed_data()


def race(*calls):
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # collected and asserted on below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


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

        results = race(by_sweep, by_client) if sweep_first else race(by_client, by_sweep)
        paid = [r for r in results if isinstance(r, ContractMilestone) or r is True]
        assert len(paid) == 1, results
        for r in results:
            assert (
                r in (True, False)
                or isinstance(r, ContractMilestone)
                or (isinstance(r, DomainError) and r.code in {"invalid_state", "already_resolved"})
            ), r
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
    results = race(lambda: invoice_weeks(monday), lambda: invoice_weeks(monday))
    assert sorted(results) == [0, 1], results
    invoice = Invoice.objects.get(contract=contract)
    saturday = datetime(2024, 6, 15, 0, 0, tzinfo=UTC)
    results = race(lambda: release_invoices(saturday), lambda: release_invoices(saturday))
    assert sorted(results) == [0, 1], results
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    assert (
        TransferGroup.objects.filter(kind="escrow_release", reference=invoice.escrow_reference).count() == 1
    )
    assert verify_ledger() == []
