"""Connects deadlines: lots expiring a year after issue, and monthly cycles (grant or Plus renewal)."""

from __future__ import annotations

from datetime import datetime

from hirehall.connects.models import ConnectsAccount, ConnectsLot
from hirehall.connects.services import connects_cycle_process, connects_lot_expire
from hirehall.core.sweeps_registry import sweep

BATCH = 500


@sweep("connects.expire_lots")
def expire_lots(now: datetime) -> int:
    ids = list(
        ConnectsLot.objects.filter(expires_at__lte=now, expired_at__isnull=True)
        .order_by("expires_at", "id")
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(connects_lot_expire(lot_id=pk, now=now) for pk in ids)


@sweep("connects.monthly_cycle")
def monthly_cycle(now: datetime) -> int:
    ids = list(
        ConnectsAccount.objects.filter(next_cycle_at__lte=now)
        .order_by("next_cycle_at", "id")
        .values_list("pk", flat=True)[:BATCH]
    )
    # An account many months behind (the server was off) catches up one cycle per run.
    return sum(connects_cycle_process(account_id=pk, now=now) for pk in ids)
