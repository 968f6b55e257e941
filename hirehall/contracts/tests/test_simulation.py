"""Randomised fault simulation (issue 16, `make test-deep`; a tiny run is part of `make test`).

Clients and freelancers act at once (one thread each, PostgreSQL) through deposit / fund (wallet or
card) / submit / approve / refund / dispute / withdraw / invoice / sweeps, while faults are injected
at random points: the payment provider refuses (`error`) or loses its answer after moving the money
(`timeout`) at charge and payout, and database connections are terminated between statements
(`pg_terminate_backend` from a second connection). Then the faults stop, the sweeps heal what was
left, and the world is checked against:

- `ledger_verify` and `connects_verify`;
- the bank (the sandbox's record of what really moved): the provider clearing account equals the
  charges the bank made minus the payouts it made; every charge the bank made is in the ledger
  exactly once, every payout belongs to exactly one paid withdrawal;
- the business rows: every milestone's escrow holds its amount exactly while it is in escrow,
  every invoice's escrow matches its status; every acknowledged deposit succeeded, every
  acknowledged withdrawal was paid; no intent left pending.

The seed is printed; `HIREHALL_SEED=n` replays the same choices (thread timing still varies).
`HIREHALL_DEEP=1`: 8 threads × 150 operations and more faults; otherwise 3 × 12 (a few seconds).
"""

from __future__ import annotations

import os
import random
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import DatabaseError, connection, connections
from django.db.models import Sum
from django.utils import timezone

from hirehall.accounts.models import User
from hirehall.connects.verify import verify_connects
from hirehall.contracts.models import (
    IN_ESCROW,
    Contract,
    ContractMilestone,
    Invoice,
    InvoiceStatus,
    MilestoneStatus,
)
from hirehall.contracts.policy import week_start_of
from hirehall.contracts.services import (
    manual_time_add,
    milestone_approve,
    milestone_fund,
    milestone_submit,
    refund_request_accept,
    refund_request_create,
)
from hirehall.contracts.services.disputes import (
    fixed_dispute_decide,
    fixed_dispute_respond,
    milestone_dispute_open,
)
from hirehall.contracts.sweeps import auto_approve, invoice_weeks, release_invoices
from hirehall.core.errors import DomainError
from hirehall.core.sweeps_registry import reconnect_if_broken, run_sweeps
from hirehall.core.testing import make_user
from hirehall.core.testing.deep import deep
from hirehall.core.testing.faults import terminate_backend
from hirehall.ledger.models import Account, Transfer
from hirehall.ledger.selectors import balances_for, escrow_state
from hirehall.ledger.sweeps import release_security_holds
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.ledger.verify import verify_ledger
from hirehall.payments.models import Deposit, PaymentMethod, Withdrawal
from hirehall.payments.provider import ProviderError, SandboxProvider
from hirehall.payments.services import deposit_create, withdrawal_create
from hirehall.payments.sweeps import finish_deposits, finish_withdrawals
from hirehall.payments.tests.helpers import bank, card
from hirehall.proposals.testing import fixed_contract, hourly_contract

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@dataclass
class Config:
    threads: int
    ops: int
    provider_fault_rate: float  # per provider call and stage
    kill_rate: float  # per SQL statement


TINY = Config(threads=3, ops=12, provider_fault_rate=0.1, kill_rate=0.004)
DEEP = Config(threads=8, ops=150, provider_fault_rate=0.08, kill_rate=0.003)


@dataclass
class Party:
    client: User
    freelancer: User
    card: PaymentMethod
    bank: PaymentMethod
    contracts: list[Contract]


@dataclass
class Stats:
    ops: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    acknowledged_deposits: list[int] = field(default_factory=list)
    acknowledged_withdrawals: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


_local = threading.local()


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stats]:
    """Provider faults decided by the acting thread's random generator, counted."""
    stats = Stats()
    SandboxProvider.faults.clear()
    SandboxProvider.executed.clear()

    def fault(cls: type[SandboxProvider], operation: str, stage: str) -> None:
        rng: random.Random | None = getattr(_local, "rng", None)
        if (
            rng is not None
            and getattr(_local, "faulty", False)
            and rng.random() < _local.config.provider_fault_rate
        ):
            with stats.lock:
                stats.faults[f"provider {operation} {stage}"] += 1
            _local.fault_injected = True
            raise ProviderError(f"injected {operation} {stage}")

    monkeypatch.setattr(SandboxProvider, "_fault", classmethod(fault))
    yield stats
    SandboxProvider.executed.clear()


def _kill_wrapper(stats: Stats) -> Callable[..., Any]:
    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if getattr(_local, "faulty", False) and _local.rng.random() < _local.config.kill_rate:
            with stats.lock:
                stats.faults["connection terminated"] += 1
            _local.fault_injected = True
            terminate_backend(connection.connection.info.backend_pid)
        return result

    return wrapper


def _world(config: Config, rng: random.Random) -> list[Party]:
    parties = []
    monday = week_start_of(timezone.now()) - timedelta(days=21)
    start = datetime.combine(monday, datetime.min.time(), tzinfo=UTC)
    for i in range(config.threads):
        client, freelancer = make_user(), make_user()
        fund_wallet(client, 3_000_00)
        contracts = [
            fixed_contract(
                client,
                freelancer,
                tuple(rng.randrange(20_00, 300_00, 100) for _ in range(3)),
                title=f"Sim {i}.{n}",
            )
            for n in range(2)
        ]
        with time_machine.travel(start - timedelta(days=3), tick=False) as clock:  # the Friday before
            hourly = hourly_contract(
                client, freelancer, rate_cents=25_00, limit_hours=40, title=f"Sim hourly {i}"
            )
            clock.move_to(start + timedelta(days=5))
            slot = start + timedelta(hours=9)
            manual_time_add(
                actor=freelancer,
                contract=hourly,
                start=slot,
                end=slot + timedelta(hours=rng.randint(1, 6)),
                memo="Sim",
            )
        parties.append(Party(client, freelancer, card(client), bank(freelancer), [*contracts, hourly]))
    return parties


def _milestones(party: Party, *statuses: str) -> list[ContractMilestone]:
    return list(
        ContractMilestone.objects.filter(contract__in=party.contracts[:2], status__in=statuses).order_by("pk")
    )


def _operations(
    parties: list[Party], staff: User, stats: Stats
) -> dict[str, Callable[[random.Random, Party], object]]:
    def later(**delta: int) -> Any:
        return timezone.now() + timedelta(**delta)

    def deposit(rng: random.Random, p: Party) -> object:
        key = f"sim-dep-{rng.randrange(10_000)}"
        d = deposit_create(
            actor=p.client, payment_method=p.card, amount_cents=rng.randrange(1_00, 500_00), client_key=key
        )
        if d.status == Deposit.Status.SUCCEEDED:
            with stats.lock:
                stats.acknowledged_deposits.append(d.pk)
        return d

    def fund(rng: random.Random, p: Party) -> object:
        pending = _milestones(p, MilestoneStatus.PENDING)
        if not pending:
            return None
        m = rng.choice(pending)
        method = p.card if rng.random() < 0.5 else None
        return milestone_fund(actor=p.client, contract=m.contract, milestone_id=m.pk, payment_method=method)

    def submit(rng: random.Random, p: Party) -> object:
        funded = _milestones(p, MilestoneStatus.FUNDED)
        if not funded:
            return None
        m = rng.choice(funded)
        return milestone_submit(actor=p.freelancer, contract=m.contract, milestone_id=m.pk, message="Done")

    def approve(rng: random.Random, p: Party) -> object:
        held = _milestones(p, MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED)
        if not held:
            return None
        m = rng.choice(held)
        amount = None if rng.random() < 0.7 else rng.randint(1, m.amount_cents)
        return milestone_approve(actor=p.client, contract=m.contract, milestone_id=m.pk, amount_cents=amount)

    def refund(rng: random.Random, p: Party) -> object:
        contract = rng.choice(p.contracts[:2])
        refund_request_create(actor=p.client, contract=contract, reason="Sim")
        return refund_request_accept(actor=p.freelancer, contract=contract)

    def dispute(rng: random.Random, p: Party) -> object:
        held = _milestones(p, MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED)
        if not held:
            return None
        m = rng.choice(held)
        d = milestone_dispute_open(actor=p.freelancer, contract=m.contract, milestone_id=m.pk, reason="Sim")
        d = fixed_dispute_respond(actor=p.client, dispute=d, message="Sim")
        return fixed_dispute_decide(actor=staff, dispute=d, freelancer_cents=rng.randint(0, m.amount_cents))

    def withdraw(rng: random.Random, p: Party) -> object:
        release_security_holds(later(days=6))
        available = balances_for(p.freelancer).earnings_available
        if available < 10_00:
            return None
        w = withdrawal_create(
            actor=p.freelancer,
            destination=p.bank,
            amount_cents=rng.randint(10_00, available),
            rail="bank",
            client_key=f"sim-wd-{rng.randrange(10_000)}",
        )
        if w.status == Withdrawal.Status.PAID:
            with stats.lock:
                stats.acknowledged_withdrawals.append(w.pk)
        return w

    def invoice(rng: random.Random, p: Party) -> object:
        return invoice_weeks(timezone.now()) + release_invoices(later(days=30))

    def sweeps(rng: random.Random, p: Party) -> object:
        return (
            auto_approve(later(days=15))
            + finish_deposits(later(minutes=3))
            + finish_withdrawals(later(minutes=3))
        )

    return {
        "deposit": deposit,
        "fund": fund,
        "submit": submit,
        "approve": approve,
        "refund": refund,
        "dispute": dispute,
        "withdraw": withdraw,
        "invoice": invoice,
        "sweeps": sweeps,
    }


WEIGHTS = {
    "deposit": 3,
    "fund": 4,
    "submit": 3,
    "approve": 3,
    "refund": 1,
    "dispute": 1,
    "withdraw": 2,
    "invoice": 1,
    "sweeps": 2,
}


def _worker(
    i: int,
    seed: int,
    config: Config,
    parties: list[Party],
    ops: dict[str, Any],
    stats: Stats,
    barrier: threading.Barrier,
) -> None:
    rng = random.Random(seed * 1000 + i)
    _local.rng, _local.config, _local.faulty = rng, config, False
    names = list(WEIGHTS)
    weights = [WEIGHTS[n] for n in names]
    try:
        barrier.wait(timeout=60)
        with connection.execute_wrapper(_kill_wrapper(stats)):
            for _ in range(config.ops):
                name = rng.choices(names, weights)[0]
                party = parties[i] if rng.random() < 0.7 else rng.choice(parties)  # some contention
                _local.fault_injected, _local.faulty = False, True
                try:
                    ops[name](rng, party)
                except DomainError as exc:
                    outcome = f"refused {exc.code}"
                except (DatabaseError, ProviderError) as exc:
                    outcome = f"failed {type(exc).__name__}"
                    if not _local.fault_injected:
                        with stats.lock:
                            stats.violations.append(f"{name}: {type(exc).__name__} without a fault: {exc}")
                else:
                    outcome = "ok"
                finally:
                    _local.faulty = False
                    reconnect_if_broken()
                with stats.lock:
                    stats.ops[name] += 1
                    stats.outcomes[outcome] += 1
    except BaseException as exc:  # a crash of the harness itself is a violation, reported below
        with stats.lock:
            stats.violations.append(f"thread {i} crashed: {type(exc).__name__}: {exc}")
    finally:
        connections.close_all()


def _heal() -> None:
    """Faults off: run every sweep, far enough in the future, until nothing is left to do."""
    for _ in range(10):
        results = run_sweeps(timezone.now() + timedelta(days=40))
        assert all(r.error is None for r in results), results
        if not any(r.processed for r in results):
            return
    raise AssertionError("the sweeps never settled")


def _outside(clearing: Account | None) -> int:
    """What the provider clearing account says left the outside world for the platform."""
    if clearing is None:
        return 0
    clearing.refresh_from_db()
    return clearing.debits_posted - clearing.credits_posted


def _check(stats: Stats, outside_before: int) -> list[str]:
    problems = list(stats.violations)
    problems += [f"ledger: {p}" for p in verify_ledger()]
    problems += [f"connects: {p}" for p in verify_connects()]
    # The bank's view: what moved at the provider is what the ledger shows, once each.
    executed = dict(SandboxProvider.executed)
    charged = {k.removeprefix("charge:"): v for k, v in executed.items() if k.startswith("charge:")}
    paid_out = {k.removeprefix("payout:"): v for k, v in executed.items() if k.startswith("payout:")}
    for key, cents in charged.items():
        legs = Transfer.objects.filter(key__in=[key, f"{key}:deposit"])  # a funding charge, a deposit
        recorded = legs.aggregate(n=Sum("amount"))["n"]
        if recorded != cents:
            problems.append(f"bank charged {cents} under {key}, the ledger shows {recorded}")
    paid = Withdrawal.objects.filter(status=Withdrawal.Status.PAID)
    if sorted(f"withdrawal:{w.pk}" for w in paid) != sorted(paid_out):
        problems.append(f"payouts made {sorted(paid_out)} != withdrawals paid {[w.pk for w in paid]}")
    for w in paid:
        if paid_out.get(f"withdrawal:{w.pk}") != w.net_cents:
            problems.append(
                f"withdrawal {w.pk}: paid {w.net_cents}, the bank paid {paid_out.get(f'withdrawal:{w.pk}')}"
            )
    moved = _outside(Account.objects.filter(kind=Account.Kind.PROVIDER_CLEARING).first()) - outside_before
    if moved != sum(charged.values()) - sum(paid_out.values()):
        problems.append(
            f"clearing moved {moved} != charges {sum(charged.values())} - payouts {sum(paid_out.values())}"
        )
    # The business rows.
    for m in ContractMilestone.objects.exclude(escrow_reference=""):
        held = escrow_state(m.escrow_reference).held
        if held != (m.amount_cents if m.status in IN_ESCROW else 0):
            problems.append(f"milestone {m.pk} {m.status}: escrow holds {held}")
    for inv in Invoice.objects.exclude(escrow_reference=""):
        held = escrow_state(inv.escrow_reference).held
        if held != (inv.amount_cents if inv.status == InvoiceStatus.IN_REVIEW else 0):
            problems.append(f"invoice {inv.pk} {inv.status}: escrow holds {held}")
    if Invoice.objects.filter(status=InvoiceStatus.IN_REVIEW).exists():
        problems.append("an invoice is still in review after its review period")
    for pk in stats.acknowledged_deposits:
        if Deposit.objects.get(pk=pk).status != Deposit.Status.SUCCEEDED:
            problems.append(f"deposit {pk} was acknowledged but is not succeeded")
    for pk in stats.acknowledged_withdrawals:
        if Withdrawal.objects.get(pk=pk).status != Withdrawal.Status.PAID:
            problems.append(f"withdrawal {pk} was acknowledged but is not paid")
    if Deposit.objects.filter(status=Deposit.Status.PENDING).exists():
        problems.append("a deposit intent is still pending after the sweeps")
    if Withdrawal.objects.filter(status=Withdrawal.Status.PENDING).exists():
        problems.append("a withdrawal intent is still pending after the sweeps")
    return problems


def test_fault_simulation(faults: Stats) -> None:
    config = DEEP if deep() else TINY
    seed = int(os.environ.get("HIREHALL_SEED") or random.SystemRandom().randrange(1, 1 << 31))
    print(f"\nsimulation seed {seed} (replay: HIREHALL_SEED={seed}); {config}")  # noqa: T201
    rng = random.Random(seed)
    parties = _world(config, rng)
    staff = make_user(is_staff=True)
    SandboxProvider.executed.clear()  # the bank's record starts now
    outside_before = _outside(Account.objects.filter(kind=Account.Kind.PROVIDER_CLEARING).first())
    ops = _operations(parties, staff, faults)
    barrier = threading.Barrier(config.threads)
    threads = [
        threading.Thread(target=_worker, args=(i, seed, config, parties, ops, faults, barrier))
        for i in range(config.threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
        assert not thread.is_alive(), "a simulation thread hung (deadlock?)"
    _heal()
    problems = _check(faults, outside_before)
    total = sum(faults.ops.values())
    print(  # noqa: T201
        f"seed {seed}: {total} ops {dict(faults.ops)}; outcomes {dict(faults.outcomes)}; "
        f"faults injected {sum(faults.faults.values())} {dict(faults.faults)}; violations {len(problems)}"
    )
    assert problems == [], f"seed {seed}: " + "\n".join(problems)
    assert total == config.threads * config.ops
