"""Every write of the outgoing webhooks: endpoints, recording events, delivery attempts, redelivery.

Events are recorded by `events_record` inside the transaction of the change they report (the rows
are the outbox); each delivery is sent after commit by a Celery task (`tasks.deliver`) and, if that
never runs or fails, by the `webhooks.retry_due` sweep. An attempt claims its row for a short lease,
commits, calls the network holding no lock, then records the outcome in a second transaction.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from standardwebhooks.webhooks import Webhook

from hirehall.accounts.models import User
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError
from hirehall.webhooks import ssrf
from hirehall.webhooks.events import EVENT_TYPES
from hirehall.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

MAX_ENDPOINTS_PER_USER = 10
# A claimed attempt that never recorded its outcome (the worker died) is due again after this.
LEASE = timedelta(minutes=5)
USER_AGENT = "Hirehall-Webhooks/1"


def max_attempts() -> int:
    return int(getattr(settings, "HIREHALL_WEBHOOK_MAX_ATTEMPTS", 6))


def disable_after() -> int:
    return int(getattr(settings, "HIREHALL_WEBHOOK_DISABLE_AFTER", 15))


def backoff(attempts: int) -> timedelta:
    """Delay before the next attempt after `attempts` failed ones: 1 min, 4, 16, 64, 256 (×4 each)."""
    base = int(getattr(settings, "HIREHALL_WEBHOOK_RETRY_BASE_SECONDS", 60))
    return timedelta(seconds=base * 4 ** max(attempts - 1, 0))


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


# --- endpoints -------------------------------------------------------------------------------------
def _clean_events(events: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(events))
    if not chosen:
        raise DomainError("unknown_event_type", "Choose at least one event type.")
    unknown = [e for e in chosen if e not in EVENT_TYPES]
    if unknown:
        raise DomainError("unknown_event_type", f"Unknown event type: {unknown[0][:60]}.")
    return chosen


@transaction.atomic(durable=True)
def endpoint_create(
    *, actor: User, url: str, events: Iterable[str], operator: bool = False
) -> WebhookEndpoint:
    """A new endpoint with a fresh signing secret. Operator endpoints (every user's events) are staff's."""
    if operator and not actor.is_staff:
        raise DomainError("permission_denied", "Only staff can register operator endpoints.")
    chosen = _clean_events(events)
    url = url.strip()
    ssrf.resolve(url)
    # Lock the owner's row: two concurrent creations cannot both pass the limit.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if WebhookEndpoint.objects.filter(owner=actor).count() >= MAX_ENDPOINTS_PER_USER:
        raise DomainError("too_many_endpoints", f"At most {MAX_ENDPOINTS_PER_USER} endpoints per account.")
    return WebhookEndpoint.objects.create(
        owner=actor, url=url, events=chosen, secret=new_secret(), is_operator=operator, created_at=clock_now()
    )


@transaction.atomic(durable=True)
def endpoint_delete(*, actor: User, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


@transaction.atomic(durable=True)
def endpoint_enable(*, actor: User, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Turn a disabled endpoint back on; its pending deliveries resume."""
    endpoint.is_active = True
    endpoint.consecutive_failures = 0
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    endpoint.save(update_fields=["is_active", "consecutive_failures", "disabled_at", "disabled_reason"])
    WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(
        next_attempt_at=clock_now()
    )
    return endpoint


# --- recording events (inside the reporting change's transaction) -----------------------------------
def events_record(
    *, event_type: str, message_id: str, data: dict[str, Any], user_ids: Iterable[int | None]
) -> int:
    """Queue `event_type` for the active endpoints of `user_ids` and the operator endpoints.

    Called by the receivers in the caller's transaction: the rows commit or roll back with the change.
    One query when nobody listens; a message already recorded for an endpoint is not recorded again.
    """
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}: add it to webhooks/events.py")
    owners = {pk for pk in user_ids if pk is not None}
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(is_active=True).filter(
            Q(owner_id__in=owners) | Q(is_operator=True)
        )
        if event_type in e.events
    ]
    if not endpoints:
        return 0
    done = set(
        WebhookDelivery.objects.filter(endpoint__in=endpoints, message_id=message_id).values_list(
            "endpoint_id", flat=True
        )
    )
    at = clock_now()
    body = json.dumps(
        {"type": event_type, "timestamp": at.isoformat().replace("+00:00", "Z"), "data": data},
        separators=(",", ":"),
        sort_keys=True,
    )
    rows = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=e,
                message_id=message_id,
                event_type=event_type,
                payload=body,
                next_attempt_at=at,
                created_at=at,
            )
            for e in endpoints
            if e.pk not in done
        ]
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return len(ids)


def _enqueue(ids: list[int]) -> None:
    from hirehall.webhooks.tasks import deliver

    for pk in ids:
        deliver.delay(pk)


# --- attempts ----------------------------------------------------------------------------------------
def sign(*, secret: str, message_id: str, at: datetime, body: str) -> dict[str, str]:
    """The Standard Webhooks headers for one attempt (the timestamp is the attempt's)."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


@transaction.atomic(durable=True)
def _claim(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    delivery = (
        WebhookDelivery.objects.select_for_update()
        .select_related("endpoint")
        .filter(
            pk=delivery_id,
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now,
            endpoint__is_active=True,
        )
        .first()
    )
    if delivery is None:
        return None
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.next_attempt_at = now + LEASE
    delivery.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
    return delivery


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> bool:
    """One attempt at a due delivery. False when it is not due (done, leased, or its endpoint is off)."""
    now = now or clock_now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return False
    endpoint = delivery.endpoint
    code: int | None = None
    body = error = ""
    try:
        target = ssrf.resolve(endpoint.url)  # again: DNS may point elsewhere since registration
        headers = sign(secret=endpoint.secret, message_id=delivery.message_id, at=now, body=delivery.payload)
        timeout = float(getattr(settings, "HIREHALL_WEBHOOK_TIMEOUT_SECONDS", 10))
        response = ssrf.post(target, delivery.payload.encode(), headers, timeout=timeout)
        code, body = response.status, response.body
        if not 200 <= code < 300:
            error = f"HTTP {code}"
    except DomainError as exc:
        error = exc.detail
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
    _record(delivery.pk, now=now, code=code, body=body, error=error)
    return True


@transaction.atomic(durable=True)
def _record(delivery_id: int, *, now: datetime, code: int | None, body: str, error: str) -> None:
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    delivery.response_code = code
    delivery.response_body = body[:1000]
    delivery.error = error[:300]
    if not error:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        if endpoint.consecutive_failures:
            endpoint.consecutive_failures = 0
            endpoint.save(update_fields=["consecutive_failures"])
    else:
        if delivery.attempts >= max_attempts():
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        endpoint.consecutive_failures += 1
        fields = ["consecutive_failures"]
        if endpoint.is_active and endpoint.consecutive_failures >= disable_after():
            endpoint.is_active = False
            endpoint.disabled_at = now
            endpoint.disabled_reason = (
                f"Disabled after {endpoint.consecutive_failures} failed attempts in a row."
            )
            fields += ["is_active", "disabled_at", "disabled_reason"]
            logger.warning("webhook endpoint %s disabled after repeated failures", endpoint.pk)
        endpoint.save(update_fields=fields)
    delivery.save(
        update_fields=["response_code", "response_body", "error", "status", "delivered_at", "next_attempt_at"]
    )


@transaction.atomic(durable=True)
def delivery_redeliver(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (same webhook-id, so receivers can tell it is the same event)."""
    locked = WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    if not locked.endpoint.is_active:
        raise DomainError("invalid_state", "The endpoint is disabled: enable it first.")
    if locked.status == DeliveryStatus.PENDING:
        raise DomainError("invalid_state", "This delivery is already queued.")
    locked.status = DeliveryStatus.PENDING
    locked.next_attempt_at = clock_now()
    locked.save(update_fields=["status", "next_attempt_at"])
    pk = locked.pk
    transaction.on_commit(lambda: _enqueue([pk]), robust=True)
    return locked
