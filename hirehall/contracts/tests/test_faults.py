# ruff: noqa: B023 - race() runs the closures and returns before the loop moves on
"""The database connection killed mid-operation (issue 16, docs/reliability.md), PostgreSQL only.

Each test runs an operation again and again, killing its connection (`pg_terminate_backend` from a
second connection) right after statement 1, then 2, then 3 ... until a run gets through. After every
kill: nothing half-written (the rows and the ledger are exactly as before, or exactly as after a
step that committed), `ledger_verify` clean. The run that gets through, and every rerun after it,
does the work exactly once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import Error
from django.utils import timezone

from hirehall.contracts.models import ContractMilestone, Invoice, InvoiceStatus, MilestoneStatus, WorkSegment
from hirehall.contracts.services import manual_time_add, milestone_approve, milestone_submit
from hirehall.contracts.sweeps import auto_approve, invoice_weeks
from hirehall.contracts.tests.helpers import verified_parties
from hirehall.core.testing import race
from hirehall.core.testing.faults import Kill, kill_connection
from hirehall.ledger import operations as ops
from hirehall.ledger.models import Transfer, TransferGroup
from hirehall.ledger.selectors import balances_for, escrow_state
from hirehall.ledger.tests.helpers import fund_wallet, snapshot
from hirehall.ledger.verify import verify_ledger
from hirehall.payments.provider import SandboxProvider
from hirehall.proposals.testing import fixed_contract, hourly_contract

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
MAX_STATEMENTS = 400  # far above any operation here: a loop that never gets through fails


@pytest.fixture(autouse=True)
def _sandbox() -> Iterator[None]:
    SandboxProvider.faults.clear()
    SandboxProvider.executed.clear()
    yield
    SandboxProvider.faults.clear()
    SandboxProvider.executed.clear()


def kill_at_every_statement(operation: Callable[[], object], after_each_kill: Callable[[Kill], None]) -> int:
    """Run `operation` with its connection killed after statement 1, 2, ... until a run completes.
    Returns how many kills were injected."""
    for n in itertools.count(1):
        assert n < MAX_STATEMENTS
        with kill_connection(after=n) as kill:
            try:
                operation()
            except Error:
                assert kill.fired  # only the injected fault may fail the operation
        if not kill.fired:
            print(f"{n - 1} kills; the run that got through: {len(kill.statements)} statements")  # noqa: T201
            return n - 1
        after_each_kill(kill)
        assert verify_ledger() == [], kill.statement
    raise AssertionError("unreachable")


def submitted_milestone(user_factory, title: str) -> ContractMilestone:
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 315_00)
    contract = fixed_contract(client, freelancer, (300_00,), title=title)
    milestone = contract.milestones.get()
    milestone_submit(actor=freelancer, contract=contract, milestone_id=milestone.pk, message="Done")
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.SUBMITTED
    return milestone


def test_a_transfer_killed_between_any_two_statements_writes_nothing_and_the_retry_moves_it_once(
    user_factory,
) -> None:
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 500_00)
    before = snapshot()

    def unchanged(kill: Kill) -> None:
        assert snapshot() == before, kill.statement
        assert not TransferGroup.objects.filter(key="fault:fund").exists()

    def fund() -> object:
        return ops.escrow_fund(
            actor=client, payee=freelancer, reference="fault:1", amount_cents=200_00, key="fault:fund"
        )

    kills = kill_at_every_statement(fund, unchanged)
    assert kills >= 5  # key claim, account locks, legs, totals: each boundary was hit
    assert escrow_state("fault:1").held == 200_00
    after = snapshot()
    fund()  # a retry with the same key replays
    assert snapshot() == after
    assert TransferGroup.objects.filter(key="fault:fund").count() == 1


def test_escrow_release_killed_anywhere_pays_once(user_factory, monkeypatch) -> None:
    # The notification email runs after the approval commits (eager Celery here): a kill there cannot
    # undo the approval, so only the use case's own statements are killed.
    monkeypatch.setattr("hirehall.notifications.services._queue_email", lambda pk: None)
    milestone = submitted_milestone(user_factory, "Release under fire")
    contract = milestone.contract
    before = snapshot()

    def unchanged(kill: Kill) -> None:
        milestone.refresh_from_db()
        assert milestone.status == MilestoneStatus.SUBMITTED, kill.statement
        assert snapshot() == before

    kills = kill_at_every_statement(
        lambda: milestone_approve(actor=contract.client, contract=contract, milestone_id=milestone.pk),
        unchanged,
    )
    assert kills >= 10
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.APPROVED
    assert escrow_state(milestone.escrow_reference).held == 0
    assert TransferGroup.objects.filter(kind=TransferGroup.Kind.ESCROW_RELEASE).count() == 1
    assert balances_for(contract.freelancer).earnings_pending == 300_00 - 300_00 * 20 // 100


def test_auto_approval_sweep_killed_anywhere_then_rerun_releases_each_milestone_once(user_factory) -> None:
    milestones = [submitted_milestone(user_factory, f"Auto {i}") for i in range(2)]
    later = timezone.now() + timedelta(days=15)

    def consistent(kill: Kill) -> None:
        for m in ContractMilestone.objects.filter(pk__in=[m.pk for m in milestones]):
            held = escrow_state(m.escrow_reference).held
            assert (m.status, held) in {(MilestoneStatus.SUBMITTED, 300_00), (MilestoneStatus.APPROVED, 0)}

    kill_at_every_statement(lambda: auto_approve(later), consistent)
    while auto_approve(later):  # the run that got through may have found rows a killed run released
        pass
    assert auto_approve(later) == 0
    assert set(ContractMilestone.objects.values_list("status", flat=True)) == {MilestoneStatus.APPROVED}
    assert TransferGroup.objects.filter(kind=TransferGroup.Kind.ESCROW_RELEASE).count() == 2


START = datetime(2024, 5, 31, 9, 0, tzinfo=UTC)  # a Friday
WEEK = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)  # the Monday of the week billed
INVOICE_TIME = datetime(2024, 6, 10, 12, 0, tzinfo=UTC)


def test_invoice_sweep_killed_anywhere_invoices_and_charges_the_card_exactly_once(user_factory) -> None:
    """The wallet is short, so the sweep invoices the week, then charges the saved card in stages."""
    client, freelancer, _ = verified_parties(user_factory, wallet=0)
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=40)
        clock.move_to(datetime(2024, 6, 8, 12, tzinfo=UTC))
        manual_time_add(
            actor=freelancer, contract=contract, start=WEEK, end=WEEK + timedelta(hours=2), memo="ETL"
        )
        clock.move_to(INVOICE_TIME)

        def consistent(kill: Kill) -> None:
            invoices = list(Invoice.objects.filter(contract=contract))
            assert len(invoices) <= 1
            segments = WorkSegment.objects.filter(contract=contract)
            if not invoices:  # rolled back whole: no segment points at an invoice
                assert not segments.filter(invoice__isnull=False).exists(), kill.statement
                return
            invoice = invoices[0]
            assert segments.filter(invoice=invoice).count() == 12, kill.statement
            held = escrow_state(invoice.escrow_reference).held
            # UNPAID with the escrow funded is a committed stage the rerun finishes; never the reverse.
            assert invoice.status in (InvoiceStatus.UNPAID, InvoiceStatus.IN_REVIEW)
            if invoice.status == InvoiceStatus.IN_REVIEW:
                assert held == 60_00
            # A captured charge is in the ledger once, or not yet (the rerun asks the provider again
            # under the same key and records it): never twice.
            assert Transfer.objects.filter(code=Transfer.Code.CARD_CHARGE).count() <= 1

        kills = kill_at_every_statement(lambda: invoice_weeks(INVOICE_TIME), consistent)
        assert kills >= 10
        while invoice_weeks(INVOICE_TIME):
            pass
    invoice = Invoice.objects.get(contract=contract)
    assert invoice.status == InvoiceStatus.IN_REVIEW
    assert escrow_state(invoice.escrow_reference).held == 60_00
    # The card was charged once by the "bank", and that one charge is in the ledger once.
    assert list(SandboxProvider.executed.values()) == [63_00]
    # Used for the invoice (a card-charge leg) or, when the funding step died after the charge,
    # kept in the wallet (a deposit leg) and the invoice funded from there: either way one leg.
    card_legs = Transfer.objects.filter(key=f"invoice-fund:{invoice.pk}:card")
    assert [t.amount for t in card_legs] == [63_00]
    assert balances_for(client).wallet_balance == 63_00  # held in escrow: 60.00 + the 5% fee


def test_two_sweep_runners_and_the_clients_approval_racing_release_once(user_factory, api_client_for) -> None:
    for round_ in range(3):
        milestone = submitted_milestone(user_factory, f"Race {round_}")
        contract = milestone.contract
        api = api_client_for(contract.client)
        later = timezone.now() + timedelta(days=15)
        path = f"/api/v1/contracts/{contract.pk}/milestones/{milestone.pk}/approve"

        def act(i: int) -> object:
            if i < 2:
                return auto_approve(later)
            return api.post(path, {}).status_code

        outcomes = race(3, act)
        assert [o.status for o in outcomes] == ["ok"] * 3, outcomes
        swept = [o.value for o in outcomes[:2]]
        status = outcomes[2].value
        # Exactly one of the three paid: the client's request (200) or one of the sweepers (1).
        assert (status == 200) + sum(swept) == 1, (status, swept)
        assert status in (200, 409), status
        milestone.refresh_from_db()
        assert milestone.status == MilestoneStatus.APPROVED
        releases = TransferGroup.objects.filter(
            kind=TransferGroup.Kind.ESCROW_RELEASE, reference=milestone.escrow_reference
        )
        assert releases.count() == 1
        assert escrow_state(milestone.escrow_reference).held == 0
        assert verify_ledger() == []
