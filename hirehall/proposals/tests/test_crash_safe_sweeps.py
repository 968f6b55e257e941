"""Crash-safe deadlines (issue 16): for each sweep family, the process dies right after the 1st,
2nd, 3rd ... write of a sweep run (`Crash`, a BaseException nothing can swallow; the open
transaction is lost), then the sweep is run again. No sweep marks rows "processing": a row stays due
until the transaction doing its work commits. So after every crash the reruns finish every due row,
each exactly once, and nothing is left stuck.

Runs on SQLite and PostgreSQL. (Real kills: test_faults.py, test_sweep_kill.py.)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from hirehall.connects.models import ConnectsAccount, ConnectsLot
from hirehall.connects.services import connects_account_ensure
from hirehall.connects.sweeps import monthly_cycle
from hirehall.connects.verify import verify_connects
from hirehall.contracts.models import (
    ContractMilestone,
    Invoice,
    InvoiceStatus,
    MilestoneStatus,
    RefundRequestStatus,
)
from hirehall.contracts.services import (
    manual_time_add,
    milestone_approve,
    milestone_submit,
    refund_request_create,
)
from hirehall.contracts.sweeps import (
    auto_approve,
    auto_approve_reminders,
    invoice_weeks,
    refund_requests,
    release_invoices,
)
from hirehall.contracts.tests.helpers import verified_parties
from hirehall.core.errors import DomainError
from hirehall.core.testing import make_user
from hirehall.core.testing.faults import Crash, crash_after_write
from hirehall.jobs.models import Job, JobStatus
from hirehall.jobs.sweeps import expire_jobs, warn_jobs
from hirehall.jobs.testing import open_job
from hirehall.ledger.models import Transfer, TransferGroup
from hirehall.ledger.selectors import balances_for, escrow_state
from hirehall.ledger.sweeps import release_security_holds
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.ledger.verify import verify_ledger
from hirehall.payments import services as payments
from hirehall.payments.models import CardCharge, Deposit, Withdrawal
from hirehall.payments.provider import SandboxProvider
from hirehall.payments.sweeps import finish_card_charges, finish_deposits, finish_withdrawals
from hirehall.payments.tests.helpers import bank, card, freelancer_with_available
from hirehall.proposals.testing import fixed_contract, hourly_contract

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sandbox() -> Iterator[None]:
    SandboxProvider.faults.clear()
    SandboxProvider.executed.clear()
    yield
    SandboxProvider.faults.clear()
    SandboxProvider.executed.clear()


def crash_everywhere(sweep: Callable[[datetime], int], now: datetime) -> int:
    """Crash the sweep after its 1st, 2nd, ... write until a run completes; then rerun it until it
    finds nothing. Returns the number of crashes; fails if the sweep still finds work afterwards."""
    crashes = 0
    for n in itertools.count(1):
        assert n < 300
        try:
            with crash_after_write(n) as kill:
                sweep(now)
        except Crash:
            crashes += 1
            assert verify_ledger() == []  # what committed before the crash is whole
            continue
        if not kill.fired:
            break
    for _ in range(20):
        if sweep(now) == 0:
            return crashes
    raise AssertionError(f"{sweep.__name__} never ran out of work: a row is stuck")


def _submitted(client, freelancer, title: str) -> ContractMilestone:
    contract = fixed_contract(client, freelancer, (100_00,), title=title)
    milestone = contract.milestones.get()
    milestone_submit(actor=freelancer, contract=contract, milestone_id=milestone.pk, message="Done")
    return milestone


def test_contract_deadlines_survive_a_crash_after_any_write(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 1_000_00)
    auto = [_submitted(client, freelancer, f"Auto {i}") for i in range(2)]
    refunded = fixed_contract(client, freelancer, (50_00,), title="Refund")
    request = refund_request_create(actor=client, contract=refunded, reason="Not needed")
    later = timezone.now() + timedelta(days=15)

    assert crash_everywhere(auto_approve_reminders, timezone.now() + timedelta(days=12)) >= 2
    assert crash_everywhere(auto_approve, later) >= 2
    assert crash_everywhere(refund_requests, request.respond_by + timedelta(seconds=1)) >= 1

    for m in ContractMilestone.objects.filter(pk__in=[m.pk for m in auto]):
        assert m.status == MilestoneStatus.APPROVED and m.reminder_sent_at is not None
        assert escrow_state(m.escrow_reference).held == 0
    releases = TransferGroup.objects.filter(kind=TransferGroup.Kind.ESCROW_RELEASE)
    assert releases.count() == 2
    request.refresh_from_db()
    assert request.status != RefundRequestStatus.OPEN
    assert escrow_state(refunded.milestones.get().escrow_reference).held == 0
    reminders = [m for m in mail.outbox if "3 days" in m.subject]
    assert len(reminders) <= 2  # one per milestone at most (mail goes on commit)


def test_security_holds_survive_a_crash_after_any_write(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 1_000_00)
    for i in range(2):
        m = _submitted(client, freelancer, f"Hold {i}")
        milestone_approve(actor=client, contract=m.contract, milestone_id=m.pk)
    pending = balances_for(freelancer).earnings_pending
    assert pending == 2 * 80_00
    assert crash_everywhere(release_security_holds, timezone.now() + timedelta(days=6)) >= 2
    assert (balances_for(freelancer).earnings_pending, balances_for(freelancer).earnings_available) == (
        0,
        pending,
    )
    assert not Transfer.objects.filter(code=Transfer.Code.EARNING, status=Transfer.Status.PENDING).exists()


def test_invoice_deadlines_survive_a_crash_after_any_write(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory, wallet=0)
    week = datetime(2024, 6, 3, 9, tzinfo=UTC)
    with time_machine.travel(datetime(2024, 5, 31, 9, tzinfo=UTC), tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=40)
        clock.move_to(datetime(2024, 6, 8, 12, tzinfo=UTC))
        manual_time_add(
            actor=freelancer, contract=contract, start=week, end=week + timedelta(hours=2), memo="ETL"
        )
        invoice_time = datetime(2024, 6, 10, 12, tzinfo=UTC)
        clock.move_to(invoice_time)
        assert crash_everywhere(invoice_weeks, invoice_time) >= 3
        invoice = Invoice.objects.get(contract=contract)
        assert invoice.status == InvoiceStatus.IN_REVIEW
        assert list(SandboxProvider.executed.values()) == [63_00]  # the card, charged once
        assert Transfer.objects.filter(code=Transfer.Code.CARD_CHARGE).count() == 1
        after_review = invoice.review_until + timedelta(seconds=1)
        clock.move_to(after_review)
        assert crash_everywhere(release_invoices, after_review) >= 1
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert escrow_state(invoice.escrow_reference).held == 0
    assert TransferGroup.objects.filter(kind=TransferGroup.Kind.ESCROW_RELEASE).count() == 1


def test_payment_intents_survive_a_crash_after_any_write(user_factory) -> None:
    client = make_user()
    method = card(client)
    for amount in (10_00, 20_00):
        Deposit.objects.create(user=client, payment_method=method, amount_cents=amount)
    freelancer = freelancer_with_available(100_00)
    SandboxProvider.faults["payout"] = "timeout"
    for amount in (20_00, 30_00):
        with pytest.raises(DomainError):  # provider_unavailable: the row stays pending
            payments.withdrawal_create(
                actor=freelancer, destination=bank(freelancer), amount_cents=amount, rail="bank"
            )
    SandboxProvider.faults.clear()
    CardCharge.objects.create(key="left:card", user=client, payment_method=method, amount_cents=7_00)
    later = timezone.now() + timedelta(minutes=3)

    assert crash_everywhere(finish_deposits, later) >= 2
    assert crash_everywhere(finish_withdrawals, later) >= 2
    assert crash_everywhere(finish_card_charges, later) >= 1

    assert set(Deposit.objects.values_list("status", flat=True)) == {Deposit.Status.SUCCEEDED}
    assert set(Withdrawal.objects.values_list("status", flat=True)) == {Withdrawal.Status.PAID}
    assert CardCharge.objects.get().status == CardCharge.Status.RECORDED
    assert balances_for(client).wallet_balance == 37_00  # each intent credited once
    assert balances_for(freelancer).earnings_available == 50_00
    assert sorted(SandboxProvider.executed.values()) == sorted(
        [7_00, 10_00, 20_00, *(w.net_cents for w in Withdrawal.objects.all())]
    )


def test_job_deadlines_survive_a_crash_after_any_write(user_factory) -> None:
    client = user_factory()
    jobs = [open_job(client) for _ in range(2)]
    warn_at = jobs[0].expires_at - timedelta(days=1)
    assert crash_everywhere(warn_jobs, warn_at) >= 2
    assert crash_everywhere(expire_jobs, jobs[0].expires_at + timedelta(days=1)) >= 2
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.CLOSED}
    assert all(j.warning_sent_for == j.expires_at for j in Job.objects.all())


def test_connects_cycles_survive_a_crash_after_any_write(user_factory) -> None:
    users = [user_factory() for _ in range(2)]
    for user in users:
        connects_account_ensure(user=user)
    due = max(ConnectsAccount.objects.values_list("next_cycle_at", flat=True))
    assert crash_everywhere(monthly_cycle, due) >= 2
    monthly = ConnectsLot.objects.filter(key__startswith="monthly:")
    assert monthly.count() == 2  # one grant per account for that cycle, whatever crashed
    assert verify_connects() == []
