"""Test-data builders for messaging, through the services (as production builds it)."""

from __future__ import annotations

from hirehall.accounts.models import User
from hirehall.messaging import services
from hirehall.messaging.models import Message
from hirehall.proposals.models import Proposal


def say(actor: User, proposal: Proposal, body: str) -> Message:
    """A message on a proposal's interview room (the client's first one opens the interview)."""
    room = services.room_for_proposal(actor=actor, proposal=proposal)
    return services.message_send(actor=actor, room=room, body=body)
