"""Messaging API (issue 11): conversations, their messages, read state, files; and the proposal
interview thread at its old paths (`/proposals/{id}/messages`), now served from the proposal's room.

Thin: parse → authorise through a selector (not a member: 404) → one service → render.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Field, Router, Schema, Status

from hirehall.core.api import problems
from hirehall.core.files import serve_private_file
from hirehall.core.pagination import decode_offset_cursor, encode_offset_cursor, page_size, paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.messaging import selectors, services
from hirehall.messaging.models import Membership, Message
from hirehall.messaging.schemas import ConversationPage, MessageOut, MessagePage, MessageWriteOut, ReadOut
from hirehall.proposals.selectors import proposal_get_for

router = Router(tags=["messaging"])
SEND = problems(401, 404, 409, 422, 429)


class MessageIn(Schema):
    body: str = Field(min_length=1, max_length=5000)
    acknowledge_warning: bool = Field(
        False, description="send although the off-platform warning (422 offplatform_warning) was shown"
    )


class MessageEditIn(MessageIn):
    pass


class ArchiveIn(Schema):
    archived: bool = True


@router.get(
    "/conversations",
    response={200: ConversationPage, **problems(400, 401)},
    summary="Your conversations, newest activity first, each with its unread count",
)
def conversations(
    request: HttpRequest,
    cursor: str | None = None,
    limit: int = 20,
    unread: bool = False,
    archived: bool = False,
    job: Id | None = None,
    contract: Id | None = None,
) -> dict[str, object]:
    """`unread=true` lists only rooms with unread messages; `unread_total` counts every room."""
    user = request_user(request)
    qs = selectors.inbox(user, archived=archived, job_id=job, contract_id=contract, unread_only=unread)
    rows, nxt = paginate_inbox(qs, cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt, "unread_total": selectors.unread_total(user)}


def paginate_inbox(
    qs: QuerySet[Membership], *, cursor: str | None, limit: int | None
) -> tuple[list[Membership], str | None]:
    """Offset cursors: the inbox is ordered by activity, which changes; a page is a window of it."""
    offset, size = decode_offset_cursor(cursor), page_size(limit)
    rows = list(qs[offset : offset + size + 1])
    return rows[:size], (encode_offset_cursor(offset + size) if len(rows) > size else None)


@router.get(
    "/conversations/{conversation_id}/messages",
    response={200: MessagePage, **problems(400, 401, 404)},
    summary="Messages of a conversation, newest first",
)
def conversation_messages(
    request: HttpRequest, conversation_id: Id, cursor: str | None = None, limit: int = 50
) -> dict[str, object]:
    room = selectors.room_get_for(request_user(request), conversation_id)
    rows, nxt = paginate(selectors.messages_in(room), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: MessageWriteOut, **SEND},
    summary="Send a message (429 message_rate_limited; 422 offplatform_warning until acknowledged)",
)
def conversation_send(request: HttpRequest, conversation_id: Id, payload: MessageIn) -> Status:
    user = request_user(request)
    room = selectors.room_get_for(user, conversation_id)
    message = services.message_send(
        actor=user, room=room, body=payload.body, acknowledge_warning=payload.acknowledge_warning
    )
    return Status(201, _reloaded(message))


@router.patch(
    "/conversations/{conversation_id}/messages/{message_id}",
    response={200: MessageWriteOut, **problems(401, 403, 404, 409, 422)},
    summary="Edit your message (within 10 minutes of sending)",
)
def conversation_edit(
    request: HttpRequest, conversation_id: Id, message_id: Id, payload: MessageEditIn
) -> Message:
    user = request_user(request)
    room = selectors.room_get_for(user, conversation_id)
    message = selectors.message_get_for(user, room, message_id)
    edited = services.message_edit(
        actor=user, message=message, body=payload.body, acknowledge_warning=payload.acknowledge_warning
    )
    return _reloaded(edited)


@router.post(
    "/conversations/{conversation_id}/read",
    response={200: ReadOut, **problems(401, 404)},
    summary="Mark everything in the conversation read",
)
def conversation_read(request: HttpRequest, conversation_id: Id) -> dict[str, object]:
    user = request_user(request)
    room = selectors.room_get_for(user, conversation_id)
    last = services.room_mark_read(actor=user, room=room)
    return {
        "conversation_id": room.pk,
        "last_read_message_id": last or None,
        "unread": 0,
        "unread_total": selectors.unread_total(user),
    }


@router.post(
    "/conversations/{conversation_id}/archive",
    response={204: None, **problems(401, 404, 422)},
    summary="Archive (or with archived=false, unarchive) a conversation for yourself",
)
def conversation_archive(request: HttpRequest, conversation_id: Id, payload: ArchiveIn) -> Status:
    user = request_user(request)
    services.room_archive(
        actor=user, room=selectors.room_get_for(user, conversation_id), archived=payload.archived
    )
    return Status(204, None)


@router.get(
    "/conversations/{conversation_id}/files/{file_id}",
    response={200: None, **problems(401, 404)},
    summary="Download a file of a conversation (images inline, other files as attachments)",
)
def conversation_file(request: HttpRequest, conversation_id: Id, file_id: Id) -> HttpResponseBase:
    item = selectors.attachment_get_for(request_user(request), file_id, room_id=conversation_id)
    return serve_private_file(item.path, content_type=item.content_type, filename=item.original_name)


@router.get(
    "/messages/search",
    response={200: list[MessageOut], **problems(400, 401, 422)},
    summary="Search your own conversations (at least 2 characters; newest 100 matches)",
)
def message_search(request: HttpRequest, q: str = "") -> list[Message]:
    return selectors.search_messages(request_user(request), q)


# --- the proposal interview at its old paths ------------------------------------------------------
@router.get(
    "/proposals/{proposal_id}/messages",
    response={200: MessagePage, **problems(400, 401, 404)},
    summary="The interview thread (the proposal's conversation), newest first",
)
def proposal_messages(
    request: HttpRequest, proposal_id: Id, cursor: str | None = None, limit: int = 50
) -> dict[str, object]:
    user = request_user(request)
    room = selectors.room_of_proposal(proposal_get_for(user, proposal_id))
    if room is None:  # nobody has written yet: reading creates nothing
        return {"items": [], "next": None}
    rows, nxt = paginate(selectors.messages_in(room), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.post(
    "/proposals/{proposal_id}/messages",
    response={201: MessageWriteOut, **SEND},
    summary="Send a message on a proposal (the client's first one opens the interview)",
)
def proposal_send(request: HttpRequest, proposal_id: Id, payload: MessageIn) -> Status:
    user = request_user(request)
    room = services.room_for_proposal(actor=user, proposal=proposal_get_for(user, proposal_id))
    message = services.message_send(
        actor=user, room=room, body=payload.body, acknowledge_warning=payload.acknowledge_warning
    )
    return Status(201, _reloaded(message))


def _reloaded(message: Message) -> Message:
    """The message with what its output needs prefetched, keeping the write's `warnings`."""
    out = selectors.messages_in(message.room).get(pk=message.pk)
    out.warnings = message.warnings
    return out
