"""Hypothesis stateful test of the fixed-price milestone machine: random sequences of client,
freelancer and sweep actions. After every step: the services agree with `MILESTONE_TRANSITIONS`,
a refused action changed no money, escrow holds exactly the milestones in escrow, and the ledger
verifies (sums zero, cached totals, bounds, billings)."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from hirehall.contracts.models import IN_ESCROW, MILESTONE_TRANSITIONS, ContractMilestone, MilestoneStatus
from hirehall.contracts.services import (
    milestone_add,
    milestone_approve,
    milestone_auto_approve,
    milestone_fund,
    milestone_request_changes,
    milestone_submit,
    refund_request_create,
    refund_request_expire,
)
from hirehall.core.errors import DomainError
from hirehall.core.testing import make_user
from hirehall.core.testing.deep import machine_settings
from hirehall.ledger.selectors import escrow_state
from hirehall.ledger.tests.helpers import fund_wallet, snapshot
from hirehall.ledger.verify import verify_ledger
from hirehall.proposals.testing import fixed_contract

_run = itertools.count(1)
M = MilestoneStatus


class MilestoneMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        n = next(_run)
        self.client, self.freelancer = make_user(), make_user()
        fund_wallet(self.client, 20_000_00)
        self.contract = fixed_contract(self.client, self.freelancer, (300_00, 200_00), title=f"Machine {n}")
        self.ended = False
        self.model = {m.pk: m.status for m in self.contract.milestones.all()}

    def pick(self, index: int) -> int:
        ids = sorted(self.model)
        return ids[index % len(ids)]

    def attempt(self, pk: int, to: str, fn, extra_ok: bool = True) -> None:
        allowed = to in MILESTONE_TRANSITIONS[self.model[pk]] and extra_ok
        before = snapshot()
        if allowed:
            fn()
            self.model[pk] = to
        else:
            with pytest.raises(DomainError):
                fn()
            assert snapshot() == before

    @rule(i=st.integers(0, 9))
    def fund(self, i: int) -> None:
        pk = self.pick(i)
        self.attempt(
            pk,
            M.FUNDED,
            lambda: milestone_fund(actor=self.client, contract=self.contract, milestone_id=pk),
            extra_ok=not self.ended and self.model[pk] == M.PENDING,  # not a submitted one back to funded
        )

    @rule(i=st.integers(0, 9))
    def submit(self, i: int) -> None:
        pk = self.pick(i)
        self.attempt(
            pk,
            M.SUBMITTED,
            lambda: milestone_submit(
                actor=self.freelancer, contract=self.contract, milestone_id=pk, message="v"
            ),
            extra_ok=not self.ended,
        )

    @rule(i=st.integers(0, 9))
    def request_changes(self, i: int) -> None:
        pk = self.pick(i)
        self.attempt(
            pk,
            M.FUNDED,
            lambda: milestone_request_changes(
                actor=self.client, contract=self.contract, milestone_id=pk, message="more"
            ),
            extra_ok=self.model[pk] == M.SUBMITTED,
        )

    @rule(i=st.integers(0, 9), share=st.sampled_from([None, 1, 50, 99]))
    def approve(self, i: int, share: int | None) -> None:
        pk = self.pick(i)
        amount = ContractMilestone.objects.get(pk=pk).amount_cents
        cents = None if share is None else max(1, amount * share // 100)
        self.attempt(
            pk,
            M.APPROVED,
            lambda: milestone_approve(
                actor=self.client, contract=self.contract, milestone_id=pk, amount_cents=cents
            ),
        )

    @rule(i=st.integers(0, 9))
    def auto_approve(self, i: int) -> None:
        pk = self.pick(i)
        due = timezone.now() + timedelta(days=30)
        released = milestone_auto_approve(milestone_id=pk, now=due)
        assert released == (self.model[pk] == M.SUBMITTED)
        if released:
            self.model[pk] = M.APPROVED

    @rule(amount=st.integers(5_00, 900_00))
    def add(self, amount: int) -> None:
        if self.ended:
            with pytest.raises(DomainError):
                milestone_add(
                    actor=self.client, contract=self.contract, description="More", amount_cents=amount
                )
            return
        m = milestone_add(actor=self.client, contract=self.contract, description="More", amount_cents=amount)
        self.model[m.pk] = M.PENDING

    @rule()
    def refund_and_expire(self) -> None:
        held = [pk for pk, s in self.model.items() if s in IN_ESCROW]
        if self.ended or not held:
            with pytest.raises(DomainError):
                refund_request_create(actor=self.client, contract=self.contract)
            return
        request = refund_request_create(actor=self.client, contract=self.contract)
        assert refund_request_expire(request_id=request.pk, now=request.respond_by)
        for pk in held:
            self.model[pk] = M.REFUNDED
        self.ended = True

    @invariant()
    def money_matches_the_states(self) -> None:
        rows = {m.pk: m for m in ContractMilestone.objects.filter(contract=self.contract)}
        for pk, status in self.model.items():
            row = rows[pk]
            assert row.status == status
            held = escrow_state(row.escrow_reference).held if row.escrow_reference else 0
            assert held == (row.amount_cents if status in IN_ESCROW else 0)
        assert verify_ledger() == []


@pytest.mark.django_db
def test_milestone_state_machine() -> None:
    run_state_machine_as_test(
        MilestoneMachine,
        settings=machine_settings(examples=10, steps=10),
    )
