"""Messaging writes (DESIGN §10): rooms, messages with files, edits, read state, archive.

Lock order (docs/money.md): the sender's user row (the rate limit is a per-user cap) → in a proposal
room, the job and the proposal (proposals' interview rules) → the room. The other members are told
through `notifications.notify` ("new_message": in-app row now, email after commit); the
`message_sent` signal (moderation will hook in) is sent after commit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hirehall.accounts.models import User
from hirehall.contracts.models import Contract
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError
from hirehall.core.restrictions import MESSAGES, ensure_allowed
from hirehall.core.uploads import StoredAttachment, discard, store_attachments
from hirehall.jobs.lock_objects import users_qs_select_for_update
from hirehall.messaging import errors as _errors  # noqa: F401 - registers the error codes
from hirehall.messaging import selectors
from hirehall.messaging.lock_objects import messages_qs_select_for_update, rooms_qs_select_for_update
from hirehall.messaging.models import Attachment, Membership, Message, Room, RoomKind
from hirehall.messaging.signals import message_edited, message_sent
from hirehall.notifications.services import notify
from hirehall.offplatform import check, reason_codes
from hirehall.proposals.models import Offer, Proposal
from hirehall.proposals.services import interview_message_record

MAX_BODY = 5000
MAX_FILES = 5
PREVIEW = 140


@dataclass(frozen=True)
class Policy:
    """DESIGN §10's figures, from settings (an operator changes them there)."""

    rate_count: int
    rate_seconds: int
    edit_minutes: int


def policy() -> Policy:
    return Policy(
        rate_count=int(getattr(settings, "MESSAGING_RATE_LIMIT_COUNT", 20)),
        rate_seconds=int(getattr(settings, "MESSAGING_RATE_LIMIT_SECONDS", 60)),
        edit_minutes=int(getattr(settings, "MESSAGING_EDIT_MINUTES", 10)),
    )


# --- rooms ----------------------------------------------------------------------------------------
def _room_get_or_create(
    lookup: dict[str, object], defaults: dict[str, object], members: Sequence[int]
) -> Room:
    """One room per attachment (a UNIQUE column): a concurrent second creator gets the first's room."""
    room = Room.objects.filter(**lookup).first()
    if room is None:
        try:
            with transaction.atomic():
                room = Room.objects.create(**lookup, **defaults, created_at=clock_now())
        except IntegrityError:
            room = Room.objects.get(**lookup)
    now = clock_now()
    for user_id in dict.fromkeys(members):
        Membership.objects.get_or_create(room=room, user_id=user_id, defaults={"joined_at": now})
    return room


def _party(actor: User, *party_ids: int) -> None:
    if actor.pk not in party_ids:
        raise DomainError("not_found", "No such conversation.")


@transaction.atomic(durable=True)
def room_for_proposal(*, actor: User, proposal: Proposal) -> Room:
    """The interview room of a proposal: its client and its freelancer."""
    client_id = proposal.job.client_id
    _party(actor, client_id, proposal.freelancer_id)
    return _room_get_or_create(
        {"proposal": proposal},
        {"kind": RoomKind.PROPOSAL, "job_id": proposal.job_id, "title": proposal.job.title[:200]},
        [client_id, proposal.freelancer_id],
    )


@transaction.atomic(durable=True)
def room_for_offer(*, actor: User, offer: Offer) -> Room:
    _party(actor, offer.client_id, offer.freelancer_id)
    return _room_get_or_create(
        {"offer": offer},
        {"kind": RoomKind.OFFER, "job_id": offer.proposal.job_id, "title": f"Offer: {offer.title}"[:200]},
        [offer.client_id, offer.freelancer_id],
    )


@transaction.atomic(durable=True)
def room_for_contract(*, actor: User, contract: Contract) -> Room:
    _party(actor, contract.client_id, contract.freelancer_id)
    return _room_get_or_create(
        {"contract": contract},
        {"kind": RoomKind.CONTRACT, "job_id": contract.job_id, "title": contract.title[:200]},
        [contract.client_id, contract.freelancer_id],
    )


@transaction.atomic(durable=True)
def room_direct(*, actor: User, other: User) -> Room:
    """A direct room between two users who share a contract (anyone else: 404, never a hint)."""
    if other.pk == actor.pk or not selectors.share_contract(actor.pk, [other.pk]):
        raise DomainError("not_found", "No such person.")
    low, high = sorted((actor.pk, other.pk))
    return _room_get_or_create(
        {"direct_key": f"{low}:{high}"},
        {"kind": RoomKind.DIRECT, "title": "Direct messages"},
        [low, high],
    )


# --- messages -------------------------------------------------------------------------------------
def _clean_body(body: str, *, has_files: bool) -> str:
    body = body.strip()
    if len(body) > MAX_BODY:
        raise DomainError("validation_error", f"A message is at most {MAX_BODY:,} characters.")
    if not body and not has_files:
        raise DomainError("validation_error", "Write a message or attach a file.")
    return body


def _check_rate(actor: User) -> None:
    """DESIGN §10: at most N messages per window per sender (the caller holds the user's row lock)."""
    p = policy()
    now = clock_now()
    recent = list(
        Message.objects.filter(sender_id=actor.pk, created_at__gt=now - timedelta(seconds=p.rate_seconds))
        .order_by("created_at")
        .values_list("created_at", flat=True)[: p.rate_count]
    )
    if len(recent) >= p.rate_count:
        retry = max(1, math.ceil((recent[0] + timedelta(seconds=p.rate_seconds) - now).total_seconds()))
        raise DomainError(
            "message_rate_limited",
            f"You are sending messages too fast: at most {p.rate_count} every {p.rate_seconds} seconds. "
            f"Try again in {retry} seconds.",
            retry_after=retry,
        )


def _offplatform(actor: User, room: Room, body: str, *, acknowledged: bool) -> list[str]:
    """DESIGN §10: until the members share a contract, contact details trigger a warning first."""
    others = [m.user_id for m in Membership.objects.filter(room=room).exclude(user_id=actor.pk)]
    if not body or selectors.share_contract(actor.pk, others):
        return []
    result = check(body, share_contract=False)
    if not result.flagged:
        return []
    reasons = sorted(set(result.reasons))
    if not acknowledged:
        raise DomainError(
            "offplatform_warning",
            "This message looks like it shares contact details or asks to pay outside Hirehall. "
            "Until you have a contract together, keep the conversation and payments on Hirehall: "
            "it is what protects both of you. Send it anyway only if it does not.",
            reasons=reasons,
        )
    return reasons


def _preview(body: str, files: int) -> str:
    text = " ".join(body.split())
    if not text:
        return f"📎 {files} file{'s' if files != 1 else ''}"
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


def message_send(
    *,
    actor: User,
    room: Room,
    body: str,
    files: Sequence[UploadedFile] = (),
    acknowledge_warning: bool = False,
) -> Message:
    """Send a message (with files) to a room the actor is a member of.

    Refused: a non-member (404), an empty or too long message (422), the rate limit (429
    `message_rate_limited`), the off-platform warning (422 `offplatform_warning`, unless
    acknowledged), a closed interview (409). Files are stored first and removed again on refusal.
    """
    body = _clean_body(body, has_files=bool(files))
    stored = store_attachments(files, folder=f"messages/{room.pk}", max_files=MAX_FILES) if files else []
    try:
        message = _send(actor, room, body, stored, acknowledge_warning)
    except Exception:
        discard(stored)
        raise
    return message


@transaction.atomic(durable=True)
def _send(
    actor: User, room: Room, body: str, stored: Sequence[StoredAttachment], acknowledged: bool
) -> Message:
    users_qs_select_for_update().filter(pk=actor.pk).first()
    if not Membership.objects.filter(room=room, user_id=actor.pk).exists():
        raise DomainError("not_found", "No such conversation.")
    ensure_allowed(actor, MESSAGES)  # a moderation restriction (hirehall.core.restrictions)
    _check_rate(actor)
    reasons = _offplatform(actor, room, body, acknowledged=acknowledged)
    if room.kind == RoomKind.PROPOSAL and room.proposal_id is not None:
        interview_message_record(
            actor=actor, proposal=Proposal.objects.select_related("job").get(pk=room.proposal_id)
        )
    room = rooms_qs_select_for_update().get(pk=room.pk)
    now = clock_now()
    message = Message.objects.create(
        room=room, sender=actor, body=body, created_at=now, offplatform_reasons=",".join(reasons)[:200]
    )
    Attachment.objects.bulk_create(
        [
            Attachment(
                message=message,
                path=s.path,
                thumb_path=s.thumb_path,
                original_name=s.name,
                content_type=s.content_type,
                size=s.size,
            )
            for s in stored
        ]
    )
    message.warnings = tuple(reason_codes(reasons))
    room.last_message_at = now
    room.last_message_preview = _preview(body, len(stored))
    room.save(update_fields=["last_message_at", "last_message_preview"])
    # A new message brings an archived room back to everyone's inbox; the sender has read it.
    Membership.objects.filter(room=room, archived=True).update(archived=False)
    Membership.objects.filter(room=room, user_id=actor.pk).update(last_read_message_id=message.pk)
    others = list(Membership.objects.filter(room=room).exclude(user_id=actor.pk).select_related("user"))
    recipients = [m.user_id for m in others]
    for member in others:
        # One "new message" notification per unread stretch: the key names the member's read mark,
        # so further messages before they read the room add nothing; after they read, the next does.
        notify(
            user=member.user,
            kind="new_message",
            title=format_lazy(
                _("New message from {name} in {room}"), name=actor.display_name, room=room.title
            ),
            body=_preview(body, len(stored)),
            url=f"/messages/{room.pk}/",
            ref=f"room:{room.pk}",
            key=f"new_message:room:{room.pk}:after:{member.last_read_message_id}",
        )
    transaction.on_commit(
        lambda: message_sent.send(
            sender=Message, message=message, room=room, recipient_ids=recipients, offplatform_reasons=reasons
        )
    )
    return message


@transaction.atomic(durable=True)
def message_edit(*, actor: User, message: Message, body: str, acknowledge_warning: bool = False) -> Message:
    """The sender may change the text for `MESSAGING_EDIT_MINUTES` (10) after sending."""
    message = messages_qs_select_for_update().select_related("room").get(pk=message.pk)
    if message.sender_id != actor.pk:
        raise DomainError("permission_denied", "Only the sender can edit a message.")
    if message.hidden_at is not None:
        raise DomainError("message_hidden", "Hirehall staff removed this message; it cannot be edited.")
    minutes = policy().edit_minutes
    now = clock_now()
    if now > message.created_at + timedelta(minutes=minutes):
        raise DomainError(
            "edit_window_closed", f"Messages can be edited for {minutes} minutes after sending."
        )
    body = _clean_body(body, has_files=message.attachments.exists())
    reasons = _offplatform(actor, message.room, body, acknowledged=acknowledge_warning)
    message.body = body
    message.edited_at = now
    if reasons:
        message.offplatform_reasons = ",".join(reasons)[:200]
    message.save(update_fields=["body", "edited_at", "offplatform_reasons"])
    message.warnings = tuple(reason_codes(reasons))
    if not Message.objects.filter(room_id=message.room_id, id__gt=message.pk).exists():  # the latest one
        Room.objects.filter(pk=message.room_id).update(last_message_preview=_preview(body, 1))
    room = message.room
    transaction.on_commit(
        lambda: message_edited.send(sender=Message, message=message, room=room, offplatform_reasons=reasons)
    )
    return message


# --- staff: hide a message ------------------------------------------------------------------------
HIDDEN_PREVIEW = "Removed by Hirehall staff"  # the inbox preview when the newest message is hidden


@transaction.atomic
def message_hide(*, actor: User, message: Message, reason: str) -> Message:
    """Hide a message from its room (moderation's staff action calls this inside its own audited
    transaction, hence not durable): the members see a placeholder instead of the body and files,
    the row keeps the original for staff. Only staff; a hidden message cannot be hidden again."""
    if not actor.is_staff:
        raise DomainError("not_found", "No such message.")
    message = messages_qs_select_for_update().select_related("room", "sender").get(pk=message.pk)
    if message.hidden_at is not None:
        raise DomainError("invalid_state", "This message is already hidden.")
    message.hidden_at = clock_now()
    message.hidden_reason = reason
    message.hidden_by = actor
    message.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    if not Message.objects.filter(room_id=message.room_id, id__gt=message.pk).exists():  # the newest one
        Room.objects.filter(pk=message.room_id).update(last_message_preview=HIDDEN_PREVIEW)
    return message


# --- read state and archive -----------------------------------------------------------------------
@transaction.atomic(durable=True)
def room_mark_read(*, actor: User, room: Room) -> int:
    """Everything in the room up to now is read by the actor. Returns the new read mark."""
    last = Message.objects.filter(room=room).order_by("-id").values_list("id", flat=True).first() or 0
    updated = Membership.objects.filter(room=room, user_id=actor.pk, last_read_message_id__lt=last).update(
        last_read_message_id=last
    )
    if not updated and not Membership.objects.filter(room=room, user_id=actor.pk).exists():
        raise DomainError("not_found", "No such conversation.")
    return last


@transaction.atomic(durable=True)
def room_archive(*, actor: User, room: Room, archived: bool = True) -> None:
    """Hide the room from the actor's inbox (a new message brings it back); the other side keeps it."""
    if not Membership.objects.filter(room=room, user_id=actor.pk).update(archived=archived):
        raise DomainError("not_found", "No such conversation.")
