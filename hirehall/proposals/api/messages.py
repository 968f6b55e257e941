"""The interview thread on a proposal."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hirehall.core.api import problems
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.proposals import selectors, services
from hirehall.proposals.schemas import MessageOut, MessagePage

router = Router()


class InterviewMessageIn(Schema):
    body: str = Field(min_length=1, max_length=5000)


@router.get(
    "/proposals/{proposal_id}/messages",
    response={200: MessagePage, **problems(400, 401, 404)},
    summary="The interview thread",
)
def list_messages(
    request: HttpRequest, proposal_id: Id, cursor: str | None = None, limit: int = 50
) -> dict[str, object]:
    user = request_user(request)
    rows, nxt = paginate(
        selectors.messages_of(selectors.proposal_get_for(user, proposal_id)), cursor=cursor, limit=limit
    )
    return {"items": rows, "next": nxt}


@router.post(
    "/proposals/{proposal_id}/messages",
    response={201: MessageOut, **problems(401, 404, 409, 422)},
    summary="Send a message (the client's first one opens the interview)",
)
def send_message(request: HttpRequest, proposal_id: Id, payload: InterviewMessageIn) -> Status:
    user = request_user(request)
    message = services.message_send(
        actor=user, proposal=selectors.proposal_get_for(user, proposal_id), body=payload.body
    )
    return Status(201, message)
