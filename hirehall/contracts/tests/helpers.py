from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from hirehall.core.sweeps_registry import run_sweeps
from hirehall.ledger.models import Account, Transfer
from hirehall.ledger.selectors import balances_for


def sweep(now: datetime | None = None) -> dict[str, int]:
    results = run_sweeps(now or timezone.now())
    assert all(r.error is None for r in results), results
    return {r.name: r.processed for r in results}


def earnings(user):  # (pending, available) in cents
    b = balances_for(user)
    return b.earnings_pending, b.earnings_available


def earning_transfers(user):
    return list(
        Transfer.objects.filter(
            credit_account__owner=user, credit_account__kind=Account.Kind.FREELANCER_EARNINGS, code=Transfer.Code.EARNING
        ).order_by("pk")
    )
