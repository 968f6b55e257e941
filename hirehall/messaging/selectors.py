"""Messaging reads. Visibility is membership: a room, message or file of a room the user is not a
member of is a 404 (staff included: staff read cases through the staff tools, not private rooms)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from hirehall.accounts.models import User
from hirehall.contracts import selectors as contract_selectors
from hirehall.core.errors import NotFound
from hirehall.core.ids import parse_id
from hirehall.messaging.models import Attachment, Membership, Message, Room
from hirehall.proposals.models import Proposal

MAX_SEARCH = 100
SEARCH_MIN = 2
SEARCH_MAX = 100


def _pk(value: int | str) -> int:
    pk = parse_id(value)
    if pk is None:
        raise NotFound()
    return pk


def _unread_count() -> Coalesce:
    """Messages from others above the member's read mark, for an outer Membership queryset."""
    return Coalesce(
        Subquery(
            Message.objects.filter(room_id=OuterRef("room_id"), id__gt=OuterRef("last_read_message_id"))
            .exclude(sender_id=OuterRef("user_id"))
            .order_by()
            .values("room_id")
            .annotate(n=Count("id"))
            .values("n")[:1]
        ),
        0,
    )


def membership_get_for(user: User, room_id: int | str) -> Membership:
    """The user's membership of the room (with the room), else a 404."""
    membership = (
        Membership.objects.select_related("room", "room__job")
        .filter(user_id=user.pk, room_id=_pk(room_id))
        .annotate(unread_count=_unread_count())
        .first()
    )
    if membership is None:
        raise NotFound("No such conversation.")
    return membership


def room_get_for(user: User, room_id: int | str) -> Room:
    return membership_get_for(user, room_id).room


def inbox(
    user: User,
    *,
    archived: bool = False,
    job_id: int | None = None,
    contract_id: int | None = None,
    unread_only: bool = False,
) -> QuerySet[Membership]:
    """The user's rooms, newest activity first, each with `unread_count` and its members: two queries
    whatever the number of rooms (the memberships with rooms and counts; the members)."""
    qs = (
        Membership.objects.filter(user_id=user.pk, archived=archived)
        .select_related("room", "room__job")
        .annotate(unread_count=_unread_count())
        .prefetch_related(
            Prefetch("room__memberships", queryset=Membership.objects.select_related("user").order_by("pk"))
        )
    )
    if job_id is not None:
        qs = qs.filter(room__job_id=job_id)
    if contract_id is not None:
        qs = qs.filter(room__contract_id=contract_id)
    if unread_only:
        qs = qs.filter(unread_count__gt=0)
    return qs.order_by(F("room__last_message_at").desc(nulls_last=True), "-room_id")


def unread_total(user: User) -> int:
    """Unread messages in the user's rooms that are not archived: one query."""
    return (
        Message.objects.filter(
            room__memberships__user_id=user.pk,
            room__memberships__archived=False,
            id__gt=F("room__memberships__last_read_message_id"),
        )
        .exclude(sender_id=user.pk)
        .count()
    )


def room_of_proposal(proposal: Proposal) -> Room | None:
    """The proposal's interview room, if anybody opened it (the caller authorised the proposal)."""
    return Room.objects.filter(proposal=proposal).first()


def members_of(room: Room) -> list[Membership]:
    return list(Membership.objects.filter(room=room).select_related("user").order_by("pk"))


def messages_in(room: Room, *, after: int = 0) -> QuerySet[Message]:
    """Oldest first, with sender and files prefetched (two queries for any number of messages)."""
    qs = Message.objects.filter(room=room).select_related("sender").prefetch_related("attachments")
    if after:
        qs = qs.filter(id__gt=after)
    return qs.order_by("id")


def messages_around(message: Message, *, size: int = 10) -> list[Message]:
    """A message in context: up to `size` messages before and after it in its room, oldest first
    (four queries whatever the room's size). The caller authorised (staff in moderation)."""
    base = Message.objects.filter(room_id=message.room_id).select_related("sender")
    base = base.prefetch_related("attachments")
    older = list(base.filter(id__lt=message.pk).order_by("-id")[:size])[::-1]
    newer = list(base.filter(id__gt=message.pk).order_by("id")[:size])
    return [*older, message, *newer]


def message_get_for(user: User, room: Room, message_id: int | str) -> Message:
    message = Message.objects.filter(room=room, pk=_pk(message_id)).select_related("sender").first()
    if message is None:
        raise NotFound("No such message.")
    return message


def attachment_get_for(user: User, attachment_id: int | str, room_id: int | str | None = None) -> Attachment:
    qs = Attachment.objects.filter(
        pk=_pk(attachment_id),
        message__room__memberships__user_id=user.pk,
        message__hidden_at__isnull=True,  # a hidden message's files go with it
    )
    if room_id is not None:
        qs = qs.filter(message__room_id=_pk(room_id))
    attachment = qs.first()
    if attachment is None:
        raise NotFound("No such file.")
    return attachment


def search_messages(user: User, query: str) -> list[Message]:
    """Messages containing `query` (case-insensitive) in the user's own rooms, newest first."""
    query = " ".join(query.split())[:SEARCH_MAX]
    if len(query) < SEARCH_MIN:
        return []
    return list(
        Message.objects.filter(
            room__memberships__user_id=user.pk, body__icontains=query, hidden_at__isnull=True
        )
        .select_related("sender", "room")
        .order_by("-id")[:MAX_SEARCH]
    )


def share_contract(user_id: int, other_ids: Iterable[int]) -> bool:
    """DESIGN §10's exemption between contract partners (contracts owns the rule)."""
    return contract_selectors.share_contract(user_id, other_ids)
