"""Connects deadlines: lots expiring a year after issue, and monthly cycles (grant or Plus renewal)."""

from __future__ import annotations

from datetime import datetime

from hirehall.connects.models import ConnectsAccount, ConnectsLot
from hirehall.connects.services import connects_cycle_process, connects_lot_expire
from hirehall.core.sweeps_registry import run_batch, sweep


@sweep("connects.expire_lots")
def expire_lots(now: datetime) -> int:
    due = (
        ConnectsLot.objects.filter(expires_at__lte=now, expired_at__isnull=True)
        .order_by("expires_at", "id")
        .values_list("pk", flat=True)
    )
    return run_batch("connects.expire_lots", due, lambda pk: connects_lot_expire(lot_id=pk, now=now)).done


@sweep("connects.monthly_cycle")
def monthly_cycle(now: datetime) -> int:
    due = (
        ConnectsAccount.objects.filter(next_cycle_at__lte=now)
        .order_by("next_cycle_at", "id")
        .values_list("pk", flat=True)
    )
    # An account many months behind (the server was off) catches up one cycle per run.
    return run_batch(
        "connects.monthly_cycle", due, lambda pk: connects_cycle_process(account_id=pk, now=now)
    ).done
