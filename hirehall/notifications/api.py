"""Notifications API: the list (unread filter, cursor), marking read, and per-kind preferences."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from hirehall.accounts.models import User
from hirehall.core.api import problems
from hirehall.core.pagination import MAX_LIMIT, paginate
from hirehall.core.web import request_user
from hirehall.notifications import kinds
from hirehall.notifications.schemas import (
    NotificationPage,
    NotificationPreferencesIn,
    NotificationPreferencesOut,
    NotificationsReadIn,
    NotificationsReadOut,
)
from hirehall.notifications.selectors import channels_for, notifications_for, unread_count
from hirehall.notifications.services import notification_preferences_set, notifications_mark_read

router = Router(tags=["notifications"])


@router.get(
    "/notifications",
    response={200: NotificationPage, **problems(400, 401)},
    summary="Your notifications, newest first",
)
def list_notifications(
    request: HttpRequest,
    unread: bool = False,
    cursor: str | None = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    user = request_user(request)
    rows, nxt = paginate(notifications_for(user, unread=unread), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt, "unread_count": unread_count(user)}


@router.post(
    "/notifications/read",
    response={200: NotificationsReadOut, **problems(401, 422)},
    summary="Mark notifications read: the given ids (others' ids are ignored) or all",
)
def read_notifications(request: HttpRequest, payload: NotificationsReadIn) -> dict[str, int]:
    user = request_user(request)
    marked = notifications_mark_read(actor=user, ids=payload.ids, all=payload.all)
    return {"marked": marked, "unread_count": unread_count(user)}


def _preferences(user: User) -> dict[str, Any]:
    current = channels_for(user)
    return {
        "preferences": [
            {
                "kind": k.key,
                "label": k.label,
                "group": k.group,
                "channel": current[k.key],
                "default": k.default,
            }
            for k in kinds.all_kinds()
        ]
    }


@router.get(
    "/me/notification-preferences",
    response={200: NotificationPreferencesOut, **problems(401)},
    summary="Your channel for every notification kind",
)
def get_preferences(request: HttpRequest) -> dict[str, Any]:
    return _preferences(request_user(request))


@router.put(
    "/me/notification-preferences",
    response={200: NotificationPreferencesOut, **problems(401, 422)},
    summary="Set your channel for some kinds (in_app, email, digest or off); the rest stay as they are",
)
def put_preferences(request: HttpRequest, payload: NotificationPreferencesIn) -> dict[str, Any]:
    user = request_user(request)
    notification_preferences_set(actor=user, choices={p.kind: p.channel.value for p in payload.preferences})
    return _preferences(user)
