from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from hirehall.core.models import IdempotencyRecord
from hirehall.core.sweeps_registry import sweep


@sweep("core.purge_idempotency_records")
def purge_idempotency_records(now: datetime) -> int:
    """Stored API responses are replayable for 24 h (like Stripe); older keys may be reused."""
    cutoff = now - timedelta(hours=settings.HIREHALL_IDEMPOTENCY_TTL_HOURS)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
