"""Messaging API output. Lists are built from the selectors' prefetches: no query per row."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from hirehall.core.schemas import IdStr
from hirehall.messaging.models import Attachment, Membership, Message


def file_url(room_id: int, attachment_id: int) -> str:
    return f"/api/v1/conversations/{room_id}/files/{attachment_id}"


class MemberOut(Schema):
    id: IdStr
    name: str


class ConversationOut(Schema):
    """One room as the caller sees it (built from an inbox Membership)."""

    id: IdStr
    kind: str
    title: str
    job_id: IdStr | None
    proposal_id: IdStr | None
    offer_id: IdStr | None
    contract_id: IdStr | None
    members: list[MemberOut]
    unread: int
    archived: bool
    last_read_message_id: IdStr | None
    last_message_at: datetime | None
    last_message_preview: str

    @staticmethod
    def resolve_id(m: Membership) -> int:
        return m.room_id

    @staticmethod
    def resolve_kind(m: Membership) -> str:
        return m.room.kind

    @staticmethod
    def resolve_title(m: Membership) -> str:
        return m.room.title

    @staticmethod
    def resolve_job_id(m: Membership) -> int | None:
        return m.room.job_id

    @staticmethod
    def resolve_proposal_id(m: Membership) -> int | None:
        return m.room.proposal_id

    @staticmethod
    def resolve_offer_id(m: Membership) -> int | None:
        return m.room.offer_id

    @staticmethod
    def resolve_contract_id(m: Membership) -> int | None:
        return m.room.contract_id

    @staticmethod
    def resolve_members(m: Membership) -> list[dict[str, object]]:
        return [{"id": x.user_id, "name": x.user.display_name} for x in m.room.memberships.all()]

    @staticmethod
    def resolve_unread(m: Membership) -> int:
        return int(getattr(m, "unread_count", 0))

    @staticmethod
    def resolve_last_read_message_id(m: Membership) -> int | None:
        return m.last_read_message_id or None

    @staticmethod
    def resolve_last_message_at(m: Membership) -> datetime | None:
        return m.room.last_message_at

    @staticmethod
    def resolve_last_message_preview(m: Membership) -> str:
        return m.room.last_message_preview


class ConversationPage(Schema):
    items: list[ConversationOut]
    next: str | None
    unread_total: int


class MessageFileOut(Schema):
    id: IdStr
    name: str
    content_type: str
    size: int
    is_image: bool
    url: str

    @staticmethod
    def resolve_name(a: Attachment) -> str:
        return a.original_name

    @staticmethod
    def resolve_url(a: Attachment) -> str:
        return file_url(a.message.room_id, a.pk)


class MessageOut(Schema):
    id: IdStr
    conversation_id: IdStr
    sender_id: IdStr
    sender_name: str
    body: str
    created_at: datetime
    edited_at: datetime | None
    attachments: list[MessageFileOut]
    hidden: bool  # removed by staff: no body and no files (the web shows "Removed by Hirehall staff")

    @staticmethod
    def resolve_conversation_id(m: Message) -> int:
        return m.room_id

    @staticmethod
    def resolve_body(m: Message) -> str:
        return "" if m.hidden else m.body

    @staticmethod
    def resolve_sender_name(m: Message) -> str:
        return m.sender.display_name

    @staticmethod
    def resolve_attachments(m: Message) -> list[Attachment]:
        return [] if m.hidden else list(m.attachments.all())


class MessageWriteOut(MessageOut):
    """A send's or an edit's answer: the message and the off-platform `warnings` of its text ([] when
    clean or between contract partners; the same codes as `POST /api/v1/moderation/check`)."""

    warnings: list[str]

    @staticmethod
    def resolve_warnings(m: Message) -> list[str]:
        return list(m.warnings)


class MessagePage(Schema):
    items: list[MessageOut]
    next: str | None


class ReadOut(Schema):
    conversation_id: IdStr
    last_read_message_id: IdStr | None
    unread: int
    unread_total: int
