"""Hypothesis stateful test: random sequences of money operations, every invariant after every step.

The machine keeps its own model of what each balance should be (using the DESIGN fee rules) and
compares it with the ledger after each step, together with `verify_ledger()` (sums zero, cached
totals = transfer sums, bounds hold) and "a refused operation changed nothing".
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from hirehall.core.errors import DomainError
from hirehall.core.testing import make_user
from hirehall.core.testing.deep import machine_settings
from hirehall.ledger import operations as ops
from hirehall.ledger.fees import Tier, service_fee_cents
from hirehall.ledger.selectors import balances_for
from hirehall.ledger.sweeps import release_security_holds
from hirehall.ledger.tests.helpers import snapshot
from hirehall.ledger.verify import verify_ledger
from hirehall.payments.services import deposit_create, escrow_fund_from, withdrawal_create
from hirehall.payments.tests.helpers import bank, card

TIERS = (Tier(500_00, 2000), Tier(10_000_00, 1000), Tier(None, 500))
_run = itertools.count(1)


def mfee(cents: int) -> int:
    return (cents * 500 + 5000) // 10000


amounts = st.integers(min_value=1_00, max_value=900_00)


class MoneyMachine(RuleBasedStateMachine):
    open_refs = Bundle("open_refs")
    closed_refs = Bundle("closed_refs")

    def __init__(self) -> None:
        super().__init__()
        self.run = next(_run)
        self.client, self.freelancer = make_user(), make_user()
        self.card = card(self.client)
        self.nsf_card = card(self.client, "4000000000009995")
        self.bank = bank(self.freelancer)
        self.failing_bank = bank(self.freelancer, "000111111116")
        self.keys = itertools.count(1)
        self.refs = itertools.count(1)
        # The model.
        self.wallet_balance = 0
        self.escrow: dict[str, tuple[int, int]] = {}
        self.billed = 0
        self.pending = 0
        self.available = 0

    def key(self) -> str:
        return f"sm{self.run}:{next(self.keys)}"

    def refused(self, fn, code: str | None = None) -> None:
        """The operation must raise a DomainError and leave every account exactly as it was."""
        before = snapshot()
        with pytest.raises(DomainError) as exc:
            fn()
        if code:
            assert exc.value.code == code, exc.value
        assert snapshot() == before

    def pay(self, amount: int) -> None:
        fee = service_fee_cents(amount, self.billed, TIERS)
        self.billed += amount
        self.pending += amount - fee

    @property
    def in_escrow(self) -> int:
        return sum(a + f for a, f in self.escrow.values())

    @rule(amount=amounts)
    def deposit(self, amount: int) -> None:
        deposit_create(actor=self.client, payment_method=self.card, amount_cents=amount)
        self.wallet_balance += amount

    @rule(amount=amounts)
    def deposit_declined(self, amount: int) -> None:
        self.refused(
            lambda: deposit_create(actor=self.client, payment_method=self.nsf_card, amount_cents=amount),
            "card_insufficient_funds",
        )

    @rule(target=open_refs, amount=amounts, by_card=st.booleans())
    def fund(self, amount: int, by_card: bool) -> object:
        ref = f"milestone:{self.run}-{next(self.refs)}"
        total = amount + mfee(amount)
        fund = lambda: escrow_fund_from(  # noqa: E731
            actor=self.client,
            payee=self.freelancer,
            reference=ref,
            amount_cents=amount,
            key=self.key(),
            payment_method=self.card if by_card else None,
        )
        if not by_card and self.wallet_balance - self.in_escrow < total:
            self.refused(fund, "insufficient_funds")
            return ref  # never funded: release/refund on it must be refused
        fund()
        if by_card:
            self.wallet_balance += total
        self.escrow[ref] = (amount, mfee(amount))
        return ref

    @rule(target=closed_refs, ref=consumes(open_refs))
    def release(self, ref: str) -> object:
        if ref not in self.escrow:
            self.refused(
                lambda: ops.escrow_release(actor=self.client, reference=ref, key=self.key()),
                "escrow_not_funded",
            )
            return ref
        amount, fee = self.escrow.pop(ref)
        ops.escrow_release(actor=self.client, reference=ref, key=self.key())
        self.wallet_balance -= amount + fee
        self.pay(amount)
        return ref

    @rule(target=closed_refs, ref=consumes(open_refs), share=st.integers(min_value=1, max_value=99))
    def partial_release(self, ref: str, share: int) -> object:
        if ref not in self.escrow:
            return ref
        amount, fee = self.escrow.pop(ref)
        part = max(1, amount * share // 100)
        ops.escrow_release(actor=self.client, reference=ref, key=self.key(), amount_cents=part)
        kept_fee = fee if part == amount else (2 * fee * part + amount) // (2 * amount)
        self.wallet_balance -= part + kept_fee
        self.pay(part)
        return ref

    @rule(target=closed_refs, ref=consumes(open_refs))
    def refund(self, ref: str) -> object:
        if ref in self.escrow:
            ops.escrow_refund(actor=self.client, reference=ref, key=self.key())
            del self.escrow[ref]
        return ref

    @rule(ref=closed_refs)
    def double_release(self, ref: str) -> None:
        self.refused(
            lambda: ops.escrow_release(actor=self.client, reference=ref, key=self.key()), "escrow_not_funded"
        )

    @rule(ref=closed_refs)
    def double_refund(self, ref: str) -> None:
        self.refused(
            lambda: ops.escrow_refund(actor=self.client, reference=ref, key=self.key()), "escrow_not_funded"
        )

    @rule()
    def hold_passes(self) -> None:
        release_security_holds(datetime.now(UTC) + timedelta(days=6))
        self.available += self.pending
        self.pending = 0

    @rule(amount=st.integers(min_value=1, max_value=500_00))
    def withdraw(self, amount: int) -> None:
        go = lambda: withdrawal_create(  # noqa: E731
            actor=self.freelancer, destination=self.bank, amount_cents=amount, rail="bank"
        )
        if amount <= 99:
            self.refused(go, "validation_error")
        elif amount > self.available:
            self.refused(go, "insufficient_funds")
        else:
            go()
            self.available -= amount

    @rule(amount=st.integers(min_value=1_00, max_value=500_00))
    def withdrawal_fails_and_is_voided(self, amount: int) -> None:
        if amount > self.available:
            return
        before = balances_for(self.freelancer)
        with pytest.raises(DomainError) as exc:
            withdrawal_create(
                actor=self.freelancer, destination=self.failing_bank, amount_cents=amount, rail="bank"
            )
        assert exc.value.code == "payout_failed"
        assert balances_for(self.freelancer) == before

    @invariant()
    def ledger_is_consistent(self) -> None:
        assert verify_ledger() == []

    @invariant()
    def balances_match_the_model(self) -> None:
        c, f = balances_for(self.client), balances_for(self.freelancer)
        assert c.wallet_balance == self.wallet_balance
        assert c.wallet_in_escrow == self.in_escrow
        assert c.wallet_available == self.wallet_balance - self.in_escrow >= 0
        assert (f.earnings_pending, f.earnings_available, f.earnings_withdrawing) == (
            self.pending,
            self.available,
            0,
        )


@pytest.mark.django_db
def test_money_state_machine():
    run_state_machine_as_test(
        MoneyMachine,
        settings=machine_settings(examples=25, steps=20),
    )
