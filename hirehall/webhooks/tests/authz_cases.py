"""Authorization matrix rows for the webhook routes (run by hirehall/core/tests' harness)."""

from __future__ import annotations

from typing import Any

from hirehall.core.clock import now
from hirehall.core.tests.authz import Case, World
from hirehall.webhooks.models import WebhookDelivery, WebhookEndpoint

SIGNED_IN = {"anon": 302, "other": 200, "owner": 200, "staff": 200}
OWNER_PAGE = {"anon": 302, "other": 404, "owner": 200, "staff": 404}
OWNER_ACTION = {"anon": 302, "other": 404, "owner": 302, "staff": 404}
API_SIGNED_IN = {"anon": 401, "other": 200, "owner": 200, "staff": 200}
API_CREATE = {"anon": 401, "other": 201, "owner": 201, "staff": 201}
API_OWNER = {"anon": 401, "other": 404, "owner": 200, "staff": 404}
API_OWNER_ACCEPTED = {"anon": 401, "other": 404, "owner": 202, "staff": 404}


def _once(w: World, name: str, make: Any) -> Any:
    if name not in w.objects:
        w.objects[name] = make()
    return w.objects[name]


def endpoint(w: World) -> WebhookEndpoint:
    # Written directly: the matrix checks who may reach it, not the address rules (tests/test_webhooks.py).
    return _once(
        w,
        "webhook_endpoint",
        lambda: WebhookEndpoint.objects.create(
            owner=w.owner,
            url="https://93.184.216.34/hook",
            events=["job.posted"],
            secret="whsec_AAAA",
            created_at=now(),
        ),
    )


def delivery(w: World) -> WebhookDelivery:
    return _once(
        w,
        "webhook_delivery",
        lambda: WebhookDelivery.objects.create(
            endpoint=endpoint(w),
            message_id="msg_authz",
            event_type="job.posted",
            payload="{}",
            status="failed",
            attempts=1,
            created_at=now(),
        ),
    )


CASES = [
    Case("GET", "/settings/webhooks/", SIGNED_IN),
    Case(
        "GET",
        "/settings/webhooks/<int:pk>/",
        OWNER_PAGE,
        url=lambda w: f"/settings/webhooks/{endpoint(w).pk}/",
    ),
    Case(
        "POST",
        "/settings/webhooks/<int:pk>/delete/",
        OWNER_ACTION,
        url=lambda w: f"/settings/webhooks/{endpoint(w).pk}/delete/",
    ),
    Case(
        "POST",
        "/settings/webhooks/<int:pk>/enable/",
        OWNER_ACTION,
        url=lambda w: f"/settings/webhooks/{endpoint(w).pk}/enable/",
    ),
    Case(
        "POST",
        "/settings/webhooks/deliveries/<int:pk>/redeliver/",
        OWNER_ACTION,
        url=lambda w: f"/settings/webhooks/deliveries/{delivery(w).pk}/redeliver/",
    ),
    Case("GET", "/api/v1/webhooks/endpoints", API_SIGNED_IN),
    Case(
        "POST",
        "/api/v1/webhooks/endpoints",
        API_CREATE,
        data={"url": "https://93.184.216.34/hook", "events": ["job.posted"]},
    ),
    Case(
        "GET",
        "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries",
        API_OWNER,
        url=lambda w: f"/api/v1/webhooks/endpoints/{endpoint(w).pk}/deliveries",
    ),
    Case(
        "POST",
        "/api/v1/webhooks/deliveries/{delivery_id}/redeliver",
        API_OWNER_ACCEPTED,
        url=lambda w: f"/api/v1/webhooks/deliveries/{delivery(w).pk}/redeliver",
    ),
]
