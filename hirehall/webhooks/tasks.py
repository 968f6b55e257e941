"""Thin tasks: load by id, call the service."""

from __future__ import annotations

from celery import shared_task

from hirehall.webhooks.services import delivery_attempt


@shared_task(name="hirehall.webhooks.tasks.deliver")
def deliver(delivery_id: int) -> bool:
    return delivery_attempt(delivery_id=delivery_id)
