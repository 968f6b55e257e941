"""Deliveries that are due (a retry whose backoff has passed, or a task that never ran) are sent here:
nothing is lost if a worker dies."""

from __future__ import annotations

from datetime import datetime

from hirehall.core.sweeps_registry import run_batch, sweep
from hirehall.webhooks.models import DeliveryStatus, WebhookDelivery
from hirehall.webhooks.services import delivery_attempt


@sweep("webhooks.retry_due")
def retry_due(now: datetime) -> int:
    due = (
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now, endpoint__is_active=True
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
    return run_batch("webhooks.retry_due", due, lambda pk: delivery_attempt(delivery_id=pk, now=now)).done
