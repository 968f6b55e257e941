"""Faults between a provider call and its recording (issue 16, docs/reliability.md).

Each test breaks the world at one point — the recording transaction fails, the provider's answer is
lost, the sweep dies mid-batch, the request's connection is killed — and checks that the money moved
exactly once and that a retry or the sweep finishes the work.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import OperationalError, connection, connections
from django.utils import timezone

from hirehall.core.errors import DomainError
from hirehall.core.models import IdempotencyRecord
from hirehall.core.testing import make_user
from hirehall.ledger.selectors import balances_for
from hirehall.ledger.tests.helpers import assert_ledger_ok
from hirehall.payments import services
from hirehall.payments.models import Deposit, Withdrawal
from hirehall.payments.provider import SandboxProvider
from hirehall.payments.sweeps import finish_deposits, finish_withdrawals
from hirehall.payments.tests.helpers import bank, card, freelancer_with_available

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sandbox() -> Iterator[None]:
    SandboxProvider.faults.clear()
    SandboxProvider.executed.clear()
    yield
    SandboxProvider.faults.clear()
    SandboxProvider.executed.clear()


def _fail_once(monkeypatch: Any, name: str) -> None:
    """The next call of services.<name> fails as if the database connection died under it."""
    real = getattr(services, name)
    calls = {"n": 0}

    def broken(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("terminating connection due to administrator command")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, name, broken)


def _later() -> Any:
    return timezone.now() + timedelta(minutes=3)


def test_deposit_whose_recording_failed_is_finished_by_the_retry_not_replayed_as_pending(monkeypatch):
    user = make_user()
    method = card(user)
    _fail_once(monkeypatch, "deposit_record")
    with pytest.raises(OperationalError):
        services.deposit_create(actor=user, payment_method=method, amount_cents=50_00, client_key="k1")
    deposit = Deposit.objects.get()
    assert deposit.status == Deposit.Status.PENDING  # the card was charged, the wallet not yet credited
    assert SandboxProvider.executed == {f"charge:deposit:{deposit.pk}": 50_00}

    retried = services.deposit_create(actor=user, payment_method=method, amount_cents=50_00, client_key="k1")
    assert retried.pk == deposit.pk and retried.status == Deposit.Status.SUCCEEDED
    assert balances_for(user).wallet_balance == 50_00
    assert len(SandboxProvider.executed) == 1  # asked again under the same key: charged once
    assert_ledger_ok()


def test_deposit_with_a_lost_provider_answer_is_finished_by_the_sweep_exactly_once():
    user = make_user()
    method = card(user)
    SandboxProvider.faults["charge"] = "timeout"  # the card is charged, the answer never arrives
    with pytest.raises(DomainError) as refused:
        services.deposit_create(actor=user, payment_method=method, amount_cents=20_00)
    assert refused.value.code == "provider_unavailable"
    assert Deposit.objects.get().status == Deposit.Status.PENDING
    assert balances_for(user).wallet_balance == 0

    assert finish_deposits(timezone.now()) == 0  # within the grace period: left to its request
    assert finish_deposits(_later()) == 0  # provider still down: stays pending, nothing recorded
    SandboxProvider.faults.clear()
    assert finish_deposits(_later()) == 1
    assert finish_deposits(_later()) == 0  # rerun: nothing left, nothing twice
    assert Deposit.objects.get().status == Deposit.Status.SUCCEEDED
    assert balances_for(user).wallet_balance == 20_00
    assert list(SandboxProvider.executed.values()) == [20_00]
    assert_ledger_ok()


def test_refused_charge_found_by_the_sweep_is_recorded_failed_and_moves_nothing():
    user = make_user()
    method = card(user, "4000000000009995")
    deposit = Deposit.objects.create(user=user, payment_method=method, amount_cents=10_00)  # a left intent
    assert finish_deposits(_later()) == 1
    deposit.refresh_from_db()
    assert (deposit.status, deposit.failure_code) == (Deposit.Status.FAILED, "card_insufficient_funds")
    assert SandboxProvider.executed == {} and balances_for(user).wallet_balance == 0


def test_sweep_killed_mid_batch_leaves_nothing_claimed_and_the_rerun_finishes_each_once(monkeypatch):
    user = make_user()
    method = card(user)
    for amount in (1_00, 2_00, 3_00):
        Deposit.objects.create(user=user, payment_method=method, amount_cents=amount)
    real = services.deposit_finish
    seen = {"n": 0}

    def dies_on_second(deposit: Deposit) -> Deposit:
        seen["n"] += 1
        if seen["n"] == 2:
            raise SystemExit("worker killed")  # not an Exception: the sweep cannot catch it
        return real(deposit)

    monkeypatch.setattr("hirehall.payments.sweeps.deposit_finish", dies_on_second)
    with pytest.raises(SystemExit):
        finish_deposits(_later())
    assert Deposit.objects.filter(status=Deposit.Status.PENDING).count() == 2
    monkeypatch.setattr("hirehall.payments.sweeps.deposit_finish", real)
    assert finish_deposits(_later()) == 2
    assert finish_deposits(_later()) == 0
    assert balances_for(user).wallet_balance == 6_00
    assert sorted(SandboxProvider.executed.values()) == [1_00, 2_00, 3_00]
    assert_ledger_ok()


def test_withdrawal_whose_settlement_failed_is_settled_by_the_retry_with_the_payout_made_once(monkeypatch):
    freelancer = freelancer_with_available(100_00)
    destination = bank(freelancer)
    _fail_once(monkeypatch, "withdrawal_settle")
    with pytest.raises(OperationalError):
        services.withdrawal_create(
            actor=freelancer, destination=destination, amount_cents=40_00, rail="bank", client_key="w1"
        )
    withdrawal = Withdrawal.objects.get()
    assert withdrawal.status == Withdrawal.Status.PENDING
    assert balances_for(freelancer).earnings_available == 60_00  # reserved, not lost

    retried = services.withdrawal_create(
        actor=freelancer, destination=destination, amount_cents=40_00, rail="bank", client_key="w1"
    )
    assert retried.pk == withdrawal.pk and retried.status == Withdrawal.Status.PAID
    assert SandboxProvider.executed == {f"payout:withdrawal:{withdrawal.pk}": withdrawal.net_cents}
    assert balances_for(freelancer).earnings_available == 60_00
    assert_ledger_ok()


def test_withdrawal_with_a_lost_payout_answer_is_settled_by_the_sweep_exactly_once():
    freelancer = freelancer_with_available(100_00)
    destination = bank(freelancer)
    SandboxProvider.faults["payout"] = "timeout"
    with pytest.raises(DomainError) as refused:
        services.withdrawal_create(actor=freelancer, destination=destination, amount_cents=30_00, rail="bank")
    assert refused.value.code == "provider_unavailable"
    assert Withdrawal.objects.get().status == Withdrawal.Status.PENDING
    SandboxProvider.faults.clear()
    assert finish_withdrawals(_later()) == 1
    assert finish_withdrawals(_later()) == 0
    assert Withdrawal.objects.get().status == Withdrawal.Status.PAID
    assert len(SandboxProvider.executed) == 1
    assert balances_for(freelancer).earnings_available == 70_00
    assert_ledger_ok()


def test_failed_payout_found_by_the_sweep_returns_the_reserved_money():
    freelancer = freelancer_with_available(100_00)
    destination = bank(freelancer, "000111111116")
    SandboxProvider.faults["payout"] = "error"
    with pytest.raises(DomainError):
        services.withdrawal_create(actor=freelancer, destination=destination, amount_cents=30_00, rail="bank")
    assert balances_for(freelancer).earnings_available == 70_00
    SandboxProvider.faults.clear()
    assert finish_withdrawals(_later()) == 1
    assert Withdrawal.objects.get().status == Withdrawal.Status.FAILED
    assert balances_for(freelancer).earnings_available == 100_00
    assert_ledger_ok()


def test_an_abandoned_in_progress_key_is_taken_over_after_the_lease_not_409_forever(api_client_for):
    user = make_user()
    method = card(user)
    api = api_client_for(user)
    body = {"amount": "25.00", "payment_method_id": str(method.pk)}
    with time_machine.travel(timezone.now(), tick=False) as clock:
        # The request that claimed the key died with its connection before it could release it.
        first = api.post("/api/v1/wallet/deposits", body, key="dead")
        assert first.status_code == 201
        IdempotencyRecord.objects.filter(key="dead").update(
            state=IdempotencyRecord.State.IN_PROGRESS, response_status=None, response_body=None
        )
        assert api.post("/api/v1/wallet/deposits", body, key="dead").status_code == 409
        clock.shift(timedelta(minutes=3))
        retry = api.post("/api/v1/wallet/deposits", body, key="dead")
    assert retry.status_code == 201, retry.content
    assert retry.json() == first.json()  # the service replayed by key: the deposit is the same one
    assert Deposit.objects.count() == 1 and balances_for(user).wallet_balance == 25_00
    assert IdempotencyRecord.objects.get(key="dead").state == IdempotencyRecord.State.COMPLETE


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_killed_connection_inside_a_deposit_releases_the_key_and_the_retry_credits_once(
    api_client_for, monkeypatch
):
    user = make_user()
    method = card(user)
    api = api_client_for(user)
    api.client.raise_request_exception = False
    real = services.deposit_record
    calls = {"n": 0}

    def killed(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:  # the server's own connection is terminated between its statements
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return real(**kwargs)

    monkeypatch.setattr(services, "deposit_record", killed)
    body = {"amount": "30.00", "payment_method_id": str(method.pk)}
    first = api.post("/api/v1/wallet/deposits", body, key="kill-1")
    assert first.status_code == 500
    assert not IdempotencyRecord.objects.filter(key="kill-1").exists()  # released on a new connection
    assert Deposit.objects.get().status == Deposit.Status.PENDING
    retry = api.post("/api/v1/wallet/deposits", body, key="kill-1")
    assert retry.status_code == 201, retry.content
    assert retry.json()["status"] == "succeeded"
    assert balances_for(user).wallet_balance == 30_00
    assert len(SandboxProvider.executed) == 1
    assert_ledger_ok()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweep_runners_and_a_retry_racing_on_one_pending_deposit_credit_it_once():
    user = make_user()
    method = card(user)
    SandboxProvider.faults["charge"] = "timeout"
    with pytest.raises(DomainError):
        services.deposit_create(actor=user, payment_method=method, amount_cents=40_00, client_key="race")
    SandboxProvider.faults.clear()
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def run(step: Callable[[], object]) -> None:
        try:
            barrier.wait()
            step()
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connections.close_all()

    later = _later()
    steps: list[Callable[[], object]] = [
        lambda: finish_deposits(later),
        lambda: finish_deposits(later),
        lambda: services.deposit_create(
            actor=user, payment_method=method, amount_cents=40_00, client_key="race"
        ),
    ]
    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Deposit.objects.get().status == Deposit.Status.SUCCEEDED
    assert balances_for(user).wallet_balance == 40_00
    assert list(SandboxProvider.executed.values()) == [40_00]
    assert_ledger_ok()
