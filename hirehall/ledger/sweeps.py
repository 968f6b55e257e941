from __future__ import annotations

import logging
from datetime import datetime

from hirehall.core.errors import DomainError
from hirehall.core.sweeps_registry import sweep
from hirehall.ledger.models import Transfer
from hirehall.ledger.operations import earning_hold_release

logger = logging.getLogger(__name__)
BATCH = 500


@sweep("ledger.release_security_holds")
def release_security_holds(now: datetime) -> int:
    """Earnings whose 5-day security hold has passed become available (one transaction each).

    Safe twice and concurrently: each release has a unique idempotency key and re-checks the
    pending row under its lock, so a second runner finds it resolved and skips it.
    """
    due = list(
        Transfer.objects.filter(
            code=Transfer.Code.EARNING, status=Transfer.Status.PENDING, hold_until__lte=now
        )
        .order_by("hold_until", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    done = 0
    for transfer_id in due:
        try:
            earning_hold_release(actor=None, transfer_id=transfer_id, as_of=now)
            done += 1
        except DomainError as exc:  # resolved by a concurrent runner: nothing left to do
            logger.info("hold release %s skipped: %s", transfer_id, exc)
    return done
