"""Every messaging route × {anon, other, owner, staff}. A room is its members' only: anybody else
(staff included) gets a 404 for the room, its messages and its files."""

from __future__ import annotations

from typing import Any

from hirehall.core.tests.authz import Case, World
from hirehall.jobs.tests.authz_cases import API_SIGNED_IN, OWNER_API, OWNER_PAGE, OWNER_POST, SIGNED_IN
from hirehall.messaging import services
from hirehall.messaging.tests.helpers import png
from hirehall.proposals.tests.world import contract_of_owner, get

OWNER_REDIRECT = OWNER_POST  # anon → login, owner → the room, anybody else 404
OWNER_API_CREATED = {"anon": 401, "other": 404, "owner": 201, "staff": 404}
OWNER_API_NO_CONTENT = {"anon": 401, "other": 404, "owner": 204, "staff": 404}


def _room(w: World) -> Any:
    """The owner's interview room on their job's proposal `p_in`: one text message and one image."""
    if "room" not in w.objects:
        proposal = get(w, "p_in")
        room = services.room_for_proposal(actor=w.owner, proposal=proposal)
        w.objects["message"] = services.message_send(actor=w.owner, room=room, body="Hello from the matrix")
        w.objects["file_message"] = services.message_send(actor=w.owner, room=room, body="", files=[png()])
        w.objects["room"] = room
    return w.objects["room"]


def room_id(w: World) -> int:
    return _room(w).pk


def message_id(w: World) -> int:
    _room(w)
    return w.objects["message"].pk


def file_id(w: World) -> int:
    _room(w)
    return w.objects["file_message"].attachments.get().pk


def partner_id(w: World) -> int:
    return contract_of_owner(w).client_id


CASES: list[Case] = [
    Case("GET", "/messages/", SIGNED_IN),
    Case("GET", "/messages/unread/", SIGNED_IN),
    Case("GET", "/messages/<int:room_id>/", OWNER_PAGE, url=lambda w: f"/messages/{room_id(w)}/"),
    Case(
        "GET",
        "/messages/<int:room_id>/poll/",
        OWNER_PAGE,
        url=lambda w: f"/messages/{room_id(w)}/poll/?after=0",
    ),
    Case(
        "POST",
        "/messages/<int:room_id>/send/",
        OWNER_POST,
        url=lambda w: f"/messages/{room_id(w)}/send/",
        data={"body": "Matrix says hi"},
    ),
    Case(
        "POST",
        "/messages/<int:room_id>/archive/",
        OWNER_POST,
        url=lambda w: f"/messages/{room_id(w)}/archive/",
    ),
    Case(
        "POST",
        "/messages/<int:room_id>/m/<int:message_id>/edit/",
        OWNER_POST,
        url=lambda w: f"/messages/{room_id(w)}/m/{message_id(w)}/edit/",
        data={"body": "Edited in the matrix"},
    ),
    Case("GET", "/messages/files/<int:file_id>/", OWNER_PAGE, url=lambda w: f"/messages/files/{file_id(w)}/"),
    Case(
        "GET",
        "/messages/files/<int:file_id>/thumb/",
        OWNER_PAGE,
        url=lambda w: f"/messages/files/{file_id(w)}/thumb/",
    ),
    Case(
        "GET",
        "/messages/proposal/<int:proposal_id>/",
        OWNER_REDIRECT,
        url=lambda w: f"/messages/proposal/{get(w, 'p_in').pk}/",
    ),
    Case(
        "GET",
        "/messages/offer/<int:offer_id>/",
        OWNER_REDIRECT,
        url=lambda w: f"/messages/offer/{get(w, 'offer_to_owner').pk}/",
    ),
    Case(
        "GET",
        "/messages/contract/<int:contract_id>/",
        OWNER_REDIRECT,
        url=lambda w: f"/messages/contract/{contract_of_owner(w).pk}/",
    ),
    Case(
        "GET",
        "/messages/with/<int:user_id>/",
        OWNER_REDIRECT,
        url=lambda w: f"/messages/with/{partner_id(w)}/",
        note="a direct room needs a shared contract: the others share none with that user",
    ),
    # API
    Case("GET", "/api/v1/conversations", API_SIGNED_IN, url="/api/v1/conversations?unread=true"),
    Case(
        "GET",
        "/api/v1/conversations/{conversation_id}/messages",
        OWNER_API,
        url=lambda w: f"/api/v1/conversations/{room_id(w)}/messages",
    ),
    Case(
        "POST",
        "/api/v1/conversations/{conversation_id}/messages",
        OWNER_API_CREATED,
        url=lambda w: f"/api/v1/conversations/{room_id(w)}/messages",
        data={"body": "Matrix API says hi"},
    ),
    Case(
        "PATCH",
        "/api/v1/conversations/{conversation_id}/messages/{message_id}",
        OWNER_API,
        url=lambda w: f"/api/v1/conversations/{room_id(w)}/messages/{message_id(w)}",
        data={"body": "Edited through the API"},
    ),
    Case(
        "POST",
        "/api/v1/conversations/{conversation_id}/read",
        OWNER_API,
        url=lambda w: f"/api/v1/conversations/{room_id(w)}/read",
    ),
    Case(
        "POST",
        "/api/v1/conversations/{conversation_id}/archive",
        OWNER_API_NO_CONTENT,
        url=lambda w: f"/api/v1/conversations/{room_id(w)}/archive",
        data={"archived": True},
    ),
    Case(
        "GET",
        "/api/v1/conversations/{conversation_id}/files/{file_id}",
        OWNER_API,
        url=lambda w: f"/api/v1/conversations/{room_id(w)}/files/{file_id(w)}",
    ),
    Case("GET", "/api/v1/messages/search", API_SIGNED_IN, url="/api/v1/messages/search?q=matrix"),
]
