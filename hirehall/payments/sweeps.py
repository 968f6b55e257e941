"""Finish provider intents left pending: a crash, a killed connection or a provider timeout between
the durable intent row and the recorded answer (docs/reliability.md).

Safe twice and concurrently: the provider is asked under the row's own key (it moves money once per
key) and the answer is recorded under the row's lock, only while the row is still pending. Nothing is
marked "processing": a runner that dies mid-batch leaves the rows pending, and the next run picks
them up again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from hirehall.core.errors import DomainError
from hirehall.core.sweeps_registry import sweep
from hirehall.payments.models import Deposit, Withdrawal
from hirehall.payments.services import deposit_finish, withdrawal_finish

logger = logging.getLogger(__name__)
BATCH = 200
# Leave the request that created the intent time to finish it itself (it would, in the normal case).
GRACE = timedelta(minutes=2)


@sweep("payments.finish_deposits")
def finish_deposits(now: datetime) -> int:
    done = 0
    due = Deposit.objects.filter(status=Deposit.Status.PENDING, created_at__lte=now - GRACE)
    for deposit in due.select_related("payment_method", "user").order_by("pk")[:BATCH]:
        try:
            deposit_finish(deposit)
        except DomainError as exc:  # declined (recorded as failed) or provider still down (next run)
            logger.info("deposit %s: %s", deposit.pk, exc.code)
            if exc.code == "provider_unavailable":
                continue
        done += 1
    return done


@sweep("payments.finish_withdrawals")
def finish_withdrawals(now: datetime) -> int:
    done = 0
    due = Withdrawal.objects.filter(status=Withdrawal.Status.PENDING, created_at__lte=now - GRACE)
    for withdrawal in due.select_related("destination", "user", "ledger_group").order_by("pk")[:BATCH]:
        try:
            withdrawal_finish(withdrawal)
        except DomainError as exc:
            logger.info("withdrawal %s: %s", withdrawal.pk, exc.code)
            if exc.code == "provider_unavailable":
                continue
        done += 1
    return done
