"""The notifications API's shapes, each defined once."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from hirehall.core.schemas import Id, IdStr
from hirehall.notifications.kinds import Channel
from hirehall.notifications.models import Notification
from hirehall.notifications.services import MAX_IDS


class NotificationOut(Schema):  # from a Notification
    id: IdStr
    kind: str
    title: str
    body: str
    url: str = Field(description="a path on this site; empty when there is nothing to open")
    ref: str = Field(description='the object the event is about, e.g. "contract:12"')
    read: bool
    read_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_read(obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationPage(Schema):
    items: list[NotificationOut]
    next: str | None
    unread_count: int


class NotificationsReadIn(Schema):
    ids: list[Id] = Field(default_factory=list, max_length=MAX_IDS, description="your notifications' ids")
    all: bool = Field(False, description="mark every notification read; `ids` is then ignored")


class NotificationsReadOut(Schema):
    marked: int = Field(description="how many changed from unread to read")
    unread_count: int


class NotificationPreferenceOut(Schema):
    kind: str
    label: str
    group: str
    channel: Channel
    default: Channel


class NotificationPreferencesOut(Schema):
    preferences: list[NotificationPreferenceOut]


class NotificationPreferenceIn(Schema):
    kind: str = Field(max_length=40)
    channel: Channel


class NotificationPreferencesIn(Schema):
    preferences: list[NotificationPreferenceIn] = Field(max_length=200)
