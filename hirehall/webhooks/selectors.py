"""Reads and visibility: an endpoint and its deliveries are their owner's alone (anyone else: 404)."""

from __future__ import annotations

from django.db.models import QuerySet

from hirehall.accounts.models import User
from hirehall.core.errors import NotFound
from hirehall.webhooks.models import WebhookDelivery, WebhookEndpoint


def endpoints_for(user: User) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(owner=user)


def endpoint_get_for(user: User, endpoint_id: int) -> WebhookEndpoint:
    endpoint = endpoints_for(user).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound("No such webhook endpoint.")
    return endpoint


def deliveries_for(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(endpoint=endpoint)


def delivery_get_for(user: User, delivery_id: int) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.filter(pk=delivery_id, endpoint__owner=user).first()
    if delivery is None:
        raise NotFound("No such webhook delivery.")
    return delivery
