"""Messaging's row locks (docs/money.md, "Lock order").

A send takes: the sender's user row (the rate limit is a per-user cap; `jobs.lock_objects`), then,
in a proposal room, the job and the proposal (proposals' interview rules), then the room row here.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hirehall.messaging.models import Message, Room


def rooms_qs_select_for_update() -> QuerySet[Room]:
    return Room.objects.order_by("pk").select_for_update(of=("self",))


def messages_qs_select_for_update() -> QuerySet[Message]:
    return Message.objects.order_by("pk").select_for_update(of=("self",))
