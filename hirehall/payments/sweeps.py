"""Finish provider intents left pending: a crash, a killed connection or a provider timeout between
the durable intent row and the recorded answer (docs/reliability.md).

Safe twice and concurrently: the provider is asked under the row's own key (it moves money once per
key) and the answer is recorded under the row's lock, only while the row is still pending. Nothing is
marked "processing": a runner that dies mid-batch leaves the rows pending, and the next run picks
them up again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from hirehall.core.errors import DomainError
from hirehall.core.sweeps_registry import run_batch, sweep
from hirehall.payments.funding import card_charge_finish
from hirehall.payments.models import CardCharge, Deposit, Withdrawal
from hirehall.payments.services import deposit_finish, withdrawal_finish

# Leave the request that created the intent time to finish it itself (it would, in the normal case).
GRACE = timedelta(minutes=2)


def _recorded(finish: Callable[[], object]) -> bool:
    # A refusal (declined card, refused payout) is recorded by the service before it raises: the
    # row is finished. Only a provider that still cannot answer leaves it pending for the next run.
    try:
        finish()
    except DomainError as exc:
        if exc.code == "provider_unavailable":
            raise
    return True


def _finish_deposit(pk: int) -> bool:
    return _recorded(
        lambda: deposit_finish(Deposit.objects.select_related("payment_method", "user").get(pk=pk))
    )


def _finish_withdrawal(pk: int) -> bool:
    related = ("destination", "user", "ledger_group")
    return _recorded(lambda: withdrawal_finish(Withdrawal.objects.select_related(*related).get(pk=pk)))


@sweep("payments.finish_deposits")
def finish_deposits(now: datetime) -> int:
    due = Deposit.objects.filter(status=Deposit.Status.PENDING, created_at__lte=now - GRACE)
    return run_batch(
        "payments.finish_deposits", due.order_by("pk").values_list("pk", flat=True), _finish_deposit
    ).done


@sweep("payments.finish_withdrawals")
def finish_withdrawals(now: datetime) -> int:
    due = Withdrawal.objects.filter(status=Withdrawal.Status.PENDING, created_at__lte=now - GRACE)
    return run_batch(
        "payments.finish_withdrawals", due.order_by("pk").values_list("pk", flat=True), _finish_withdrawal
    ).done


def _finish_card_charge(pk: int) -> bool:
    return _recorded(
        lambda: card_charge_finish(CardCharge.objects.select_related("payment_method", "user").get(pk=pk))
    )


@sweep("payments.finish_card_charges")
def finish_card_charges(now: datetime) -> int:
    """Card charges taken for a purpose whose recording never happened: in the ledger once, or never."""
    due = CardCharge.objects.filter(status=CardCharge.Status.PENDING, created_at__lte=now - GRACE)
    return run_batch(
        "payments.finish_card_charges", due.order_by("pk").values_list("pk", flat=True), _finish_card_charge
    ).done
