from __future__ import annotations

from datetime import datetime

from hirehall.core.sweeps_registry import run_batch, sweep
from hirehall.ledger.models import Transfer
from hirehall.ledger.operations import earning_hold_release


@sweep("ledger.release_security_holds")
def release_security_holds(now: datetime) -> int:
    """Earnings whose 5-day security hold has passed become available (one transaction each).

    Safe twice and concurrently: each release has a unique idempotency key and re-checks the
    pending row under its lock, so a second runner finds it resolved and skips it.
    """
    due = (
        Transfer.objects.filter(
            code=Transfer.Code.EARNING, status=Transfer.Status.PENDING, hold_until__lte=now
        )
        .order_by("hold_until", "pk")
        .values_list("pk", flat=True)
    )
    # A row resolved by a concurrent runner is refused (logged) and counted as failed, not done.
    return run_batch(
        "ledger.release_security_holds",
        due,
        lambda pk: earning_hold_release(actor=None, transfer_id=pk, as_of=now),
    ).done
