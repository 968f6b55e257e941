"""Reads: a user's notifications, unread count and channels. Nobody sees another user's rows."""

from __future__ import annotations

from django.db.models import QuerySet

from hirehall.accounts.models import User
from hirehall.core.errors import NotFound
from hirehall.notifications import kinds
from hirehall.notifications.kinds import Channel
from hirehall.notifications.models import Notification, NotificationPreference


def notifications_for(user: User, *, unread: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    return qs.filter(read_at__isnull=True) if unread else qs


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def channels_for(user: User) -> dict[str, Channel]:
    """Every kind's channel for this user: their choice, else the kind's default. One query."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {k.key: Channel(chosen.get(k.key, k.default)) for k in kinds.all_kinds()}


def channel_for(user: User, kind: str) -> Channel:
    spec = kinds.get(kind)
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind).values_list("channel", flat=True).first()
    )
    return Channel(chosen or spec.default)


def notification_get_for(user: User, pk: int) -> Notification:
    """The user's own notification; anyone else's is a 404."""
    found = Notification.objects.filter(user=user, pk=pk).first()
    if found is None:
        raise NotFound("No such notification.")
    return found
