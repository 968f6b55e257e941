"""The daily digest (DESIGN §10): users who chose "digest" for a kind get one email a day."""

from __future__ import annotations

from datetime import datetime

from hirehall.core.sweeps_registry import run_batch, sweep
from hirehall.notifications.models import EmailState, Notification
from hirehall.notifications.services import digest_cutoff, digest_send


@sweep("notifications.daily_digest")
def daily_digest(now: datetime) -> int:
    due = (
        Notification.objects.filter(email_state=EmailState.DIGEST, created_at__lt=digest_cutoff(now))
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    return run_batch("notifications.daily_digest", due, lambda pk: digest_send(user_id=pk, now=now)).done
