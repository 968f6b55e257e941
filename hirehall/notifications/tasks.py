"""Thin Celery tasks: load by id, call a service (eager in the embedded mode and in tests)."""

from __future__ import annotations

from celery import shared_task

from hirehall.notifications import services


@shared_task(name="hirehall.notifications.tasks.send_notification_email")
def send_notification_email(notification_id: int) -> bool:
    return services.notification_email_deliver(notification_id=notification_id)


@shared_task(name="hirehall.notifications.tasks.send_email")
def send_email(to: list[str], subject: str, text: str, html: str) -> None:
    services.send_rendered_email(to=to, subject=subject, text=text, html=html)
