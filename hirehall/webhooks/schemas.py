"""The webhooks API's output shapes (names prefixed: Ninja files schemas by class name)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from hirehall.core.schemas import IdStr


class WebhookEndpointOut(Schema):
    id: IdStr
    url: str
    events: list[str]
    operator: bool
    active: bool
    consecutive_failures: int
    disabled_at: datetime | None
    disabled_reason: str
    created_at: datetime

    @staticmethod
    def resolve_operator(obj: object) -> bool:
        return bool(getattr(obj, "is_operator", False))

    @staticmethod
    def resolve_active(obj: object) -> bool:
        return bool(getattr(obj, "is_active", False))


class WebhookEndpointCreatedOut(WebhookEndpointOut):
    secret: str  # shown once, in the answer to the creation


class WebhookEndpointPage(Schema):
    items: list[WebhookEndpointOut]
    next: str | None


class WebhookDeliveryOut(Schema):
    id: IdStr
    endpoint_id: IdStr
    message_id: str
    event_type: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    response_code: int | None
    response_body: str
    error: str
    created_at: datetime
    delivered_at: datetime | None


class WebhookDeliveryPage(Schema):
    items: list[WebhookDeliveryOut]
    next: str | None
