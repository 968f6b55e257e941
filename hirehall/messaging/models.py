"""Conversation rooms, their members and messages (DESIGN §10).

A room is attached to exactly one thing: a proposal (the interview), an offer, a contract, or it is
a direct room between two users who share a contract. Visibility is membership: a user who has no
Membership row for a room gets a 404 for the room, its messages and its files.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RoomKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    OFFER = "offer", _("Offer")
    CONTRACT = "contract", _("Contract")
    DIRECT = "direct", _("Direct")


class Room(models.Model):
    kind = models.CharField(max_length=8, choices=RoomKind.choices)
    proposal = models.OneToOneField(
        "proposals.Proposal", null=True, blank=True, on_delete=models.CASCADE, related_name="room"
    )
    offer = models.OneToOneField(
        "proposals.Offer", null=True, blank=True, on_delete=models.CASCADE, related_name="room"
    )
    contract = models.OneToOneField(
        "contracts.Contract", null=True, blank=True, on_delete=models.CASCADE, related_name="room"
    )
    # "<smaller user id>:<larger user id>": one direct room per pair.
    direct_key = models.CharField(max_length=41, null=True, blank=True, unique=True)
    # Denormalised for the inbox's filters (a direct room has neither).
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField(null=True, blank=True)
    last_message_preview = models.CharField(max_length=140, blank=True)

    class Meta:
        indexes = [models.Index(fields=["job"], name="messaging_room_job")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="proposal", proposal__isnull=False, offer__isnull=True, contract__isnull=True)
                    | Q(kind="offer", offer__isnull=False, proposal__isnull=True, contract__isnull=True)
                    | Q(kind="contract", contract__isnull=False, proposal__isnull=True, offer__isnull=True)
                )
                & Q(direct_key__isnull=True)
                | Q(
                    kind="direct",
                    direct_key__isnull=False,
                    proposal__isnull=True,
                    offer__isnull=True,
                    contract__isnull=True,
                ),
                name="messaging_room_attached_once",
            ),
        ]

    def __str__(self) -> str:
        return f"room {self.pk} ({self.kind})"


class Membership(models.Model):
    """One user in one room: read state and archive flag.

    Unread = messages from others with an id above `last_read_message_id`, counted in the query that
    lists rooms (no stored counter to drift or race).
    """

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_message_id = models.BigIntegerField(default=0)  # messages up to this id are read
    archived = models.BooleanField(default=False)
    joined_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="messaging_one_membership")]
        indexes = [models.Index(fields=["user", "archived"], name="messaging_member_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.room_id}"


class Message(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000, blank=True)
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    # The sender was warned (off-platform rule) and sent anyway: what moderation will look at.
    offplatform_reasons = models.CharField(max_length=200, blank=True)
    # Hidden by staff (moderation's "hide a message"): the members see a placeholder instead of the
    # body and files; the row keeps the original for staff.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=1000, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Not stored: the off-platform warning codes of the send or edit that returned this instance
    # (the API's `warnings`); a tuple, so the class default is never shared mutable state.
    warnings: tuple[str, ...] = ()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["room", "id"], name="messaging_msg_room"),
            models.Index(fields=["sender", "created_at"], name="messaging_msg_sender_time"),
        ]

    def __str__(self) -> str:
        return self.body[:40]

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None


class Attachment(models.Model):
    """A file on a message: stored under a server-chosen name; images re-encoded with a thumbnail."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    path = models.CharField(max_length=255)
    thumb_path = models.CharField(max_length=255, blank=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
