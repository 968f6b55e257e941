"""Signals other apps hook into (moderation will listen for the off-platform rule's strikes and
flags; notifications for "new message"). Sent after the message's transaction commits.

    message_sent(sender=Message, message=Message, room=Room, recipient_ids=list[int],
                 offplatform_reasons=list[str])
    message_edited(sender=Message, message=Message, room=Room, offplatform_reasons=list[str])

`offplatform_reasons` is non-empty when the sender was warned (DESIGN §10) and sent anyway.
"""

from __future__ import annotations

from django.dispatch import Signal

message_sent = Signal()
message_edited = Signal()
