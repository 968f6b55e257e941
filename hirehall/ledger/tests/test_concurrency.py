"""Real races on PostgreSQL: threads with their own connections hit one escrow, one wallet, one key.

Skipped on SQLite (it serialises writers, so there is nothing to race). `race()` gives each thread
its own connection and closes it at the end, so the test database can be dropped.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection

from hirehall.core.testing import make_user, race
from hirehall.ledger import operations as ops
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.selectors import balances_for, escrow_state
from hirehall.ledger.tests.helpers import assert_ledger_ok, fund_wallet
from hirehall.ledger.verify import verify_ledger

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL for real concurrency"),
    pytest.mark.django_db(transaction=True),
]
THREADS = 12


def test_one_escrow_is_released_or_refunded_exactly_once():
    client, freelancer = make_user(), make_user()
    fund_wallet(client, 1_000_00)
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:1", amount_cents=600_00, key="fund")

    def release_or_refund(i: int) -> str:
        if i % 2:
            return ops.escrow_release(actor=client, reference="milestone:1", key=f"release-{i}").kind
        return ops.escrow_refund(actor=client, reference="milestone:1", key=f"refund-{i}").kind

    results = race(THREADS, release_or_refund)
    outcomes = Counter(r.status for r in results)
    assert outcomes == {"ok": 1, "refused": THREADS - 1}, results
    assert {r.code for r in results if r.status == "refused"} <= {"escrow_not_funded", "already_resolved"}
    winner = next(r.value for r in results if r.ok)
    b, f = balances_for(client), balances_for(freelancer)
    if winner == TransferGroup.Kind.ESCROW_RELEASE:
        assert (b.wallet_balance, f.earnings_pending) == (1_000_00 - 630_00, 490_00)
    else:
        assert (b.wallet_balance, f.earnings_pending) == (1_000_00, 0)
    assert b.wallet_in_escrow == 0 and escrow_state("milestone:1").held == 0
    assert_ledger_ok()


def test_one_wallet_never_goes_negative_under_concurrent_funding():
    client, freelancer = make_user(), make_user()
    fund_wallet(client, 1_000_00)

    # Each funding takes 200 + 10 fee: four fit in 1,000, the fifth must be refused.
    results = race(
        THREADS,
        lambda i: (
            ops.escrow_fund(
                actor=client,
                payee=freelancer,
                reference=f"milestone:{i}",
                amount_cents=200_00,
                key=f"fund-{i}",
            ).pk
        ),
    )
    outcomes = Counter(r.status for r in results)
    assert outcomes == {"ok": 4, "refused": THREADS - 4}, results
    assert {r.code for r in results if r.status == "refused"} == {"insufficient_funds"}
    b = balances_for(client)
    assert (b.wallet_in_escrow, b.wallet_available) == (840_00, 160_00)
    assert_ledger_ok()


def test_the_same_idempotency_key_moves_money_once():
    client, freelancer = make_user(), make_user()
    fund_wallet(client, 1_000_00)
    results = race(
        THREADS,
        lambda i: (
            ops.bonus_pay(
                actor=client, payee=freelancer, reference="contract:1", amount_cents=100_00, key="one-bonus"
            ).pk
        ),
    )
    assert {r.status for r in results} == {"ok"}, results
    assert len({r.value for r in results}) == 1
    assert balances_for(freelancer).earnings_pending == 80_00
    assert balances_for(client).wallet_balance == 1_000_00 - 105_00
    assert_ledger_ok()


def test_concurrent_withdrawals_never_overdraw_earnings():
    client, freelancer = make_user(), make_user()
    fund_wallet(client, 1_000_00)
    ops.bonus_pay(actor=client, payee=freelancer, reference="contract:1", amount_cents=125_00, key="b")
    from datetime import UTC, datetime, timedelta

    from hirehall.ledger.sweeps import release_security_holds

    release_security_holds(datetime.now(UTC) + timedelta(days=6))
    assert balances_for(freelancer).earnings_available == 100_00

    def withdraw(i: int) -> int:
        group, _legs = ops.withdrawal_reserve(
            actor=freelancer, amount_cents=30_00, fee_cents=99, key=f"w-{i}", reference=f"withdrawal:{i}"
        )
        ops.withdrawal_settle(actor=freelancer, reserve=group, paid=True)
        return group.pk

    results = race(THREADS, withdraw)
    assert Counter(r.status for r in results) == {"ok": 3, "refused": THREADS - 3}, results
    assert balances_for(freelancer).earnings_available == 10_00
    assert_ledger_ok()


def test_mixed_traffic_on_shared_accounts_does_not_deadlock():
    clients = [make_user() for _ in range(3)]
    freelancers = [make_user() for _ in range(3)]
    for c in clients:
        fund_wallet(c, 10_000_00)
    for i in range(THREADS):
        c, f = clients[i % 3], freelancers[(i + 1) % 3]
        ops.escrow_fund(actor=c, payee=f, reference=f"milestone:m{i}", amount_cents=100_00, key=f"mf-{i}")

    def mixed(i: int) -> str:
        c, f = clients[i % 3], freelancers[(i + 1) % 3]
        out = []
        for j in range(5):
            fund_wallet(c, 1_00, key=f"dep-{i}-{j}")
            ops.bonus_pay(
                actor=c, payee=f, reference=f"contract:{i}", amount_cents=10_00, key=f"bonus-{i}-{j}"
            )
        if i % 2:
            out.append(ops.escrow_release(actor=c, reference=f"milestone:m{i}", key=f"rel-{i}").kind)
        else:
            out.append(ops.escrow_refund(actor=c, reference=f"milestone:m{i}", key=f"ref-{i}").kind)
        return ",".join(out)

    results = race(THREADS, mixed)
    assert {r.status for r in results} == {"ok"}, results
    assert verify_ledger() == []
