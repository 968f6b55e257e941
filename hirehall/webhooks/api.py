"""Outgoing webhooks API: register endpoints, read their deliveries, redeliver one."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hirehall.core.api import problems
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.webhooks import selectors, services
from hirehall.webhooks.schemas import (
    WebhookDeliveryOut,
    WebhookDeliveryPage,
    WebhookEndpointCreatedOut,
    WebhookEndpointPage,
)

router = Router(tags=["webhooks"])


class WebhookEndpointIn(Schema):
    url: str = Field(max_length=2000)
    events: list[str] = Field(max_length=50)
    operator: bool = Field(False, description="staff only: receive every user's events")


@router.post(
    "/webhooks/endpoints",
    response={201: WebhookEndpointCreatedOut, **problems(400, 401, 403, 409, 422)},
    summary="Register a webhook endpoint (the answer shows its signing secret, once)",
)
def create_endpoint(request: HttpRequest, payload: WebhookEndpointIn) -> Status:
    endpoint = services.endpoint_create(
        actor=request_user(request), url=payload.url, events=payload.events, operator=payload.operator
    )
    return Status(201, endpoint)


@router.get(
    "/webhooks/endpoints",
    response={200: WebhookEndpointPage, **problems(400, 401)},
    summary="Your webhook endpoints",
)
def list_endpoints(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(selectors.endpoints_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.get(
    "/webhooks/endpoints/{endpoint_id}/deliveries",
    response={200: WebhookDeliveryPage, **problems(400, 401, 404)},
    summary="An endpoint's deliveries, newest first",
)
def list_deliveries(
    request: HttpRequest, endpoint_id: Id, cursor: str | None = None, limit: int = 20
) -> dict[str, object]:
    endpoint = selectors.endpoint_get_for(request_user(request), endpoint_id)
    rows, nxt = paginate(selectors.deliveries_for(endpoint), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.post(
    "/webhooks/deliveries/{delivery_id}/redeliver",
    response={202: WebhookDeliveryOut, **problems(401, 404, 409)},
    summary="Send a delivery again (same webhook-id)",
)
def redeliver(request: HttpRequest, delivery_id: Id) -> Status:
    user = request_user(request)
    delivery = services.delivery_redeliver(actor=user, delivery=selectors.delivery_get_for(user, delivery_id))
    delivery.refresh_from_db()
    return Status(202, delivery)
