"""In-app notifications and per-kind preferences (DESIGN §10).

A Notification is one event for one user: what the bell counts and the list page shows. Its email
state records what the email path did with it. References to the objects of apps above this one are
plain text (`ref`, e.g. "contract:12") and a link: notifications sit low in the layer order and never
hold a foreign key to a higher app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hirehall.notifications.kinds import Channel


class EmailState(models.TextChoices):
    NONE = "none", _("No email")
    PENDING = "pending", _("Email scheduled")
    DIGEST = "digest", _("Waiting for the daily digest")
    SENT = "sent", _("Email sent")
    FAILED = "failed", _("Email failed")


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=2000, blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="a path on this site")
    ref = models.CharField(max_length=80, blank=True, help_text='the object, e.g. "contract:12"')
    # Set by callers that may run twice (sweeps): one notification per user and key.
    key = models.CharField(max_length=120, blank=True)
    email_state = models.CharField(max_length=8, choices=EmailState.choices, default=EmailState.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["user", "-id"], name="notification_user"),
            models.Index(
                fields=["user", "-id"], condition=Q(read_at__isnull=True), name="notification_user_unread"
            ),
            models.Index(
                fields=["created_at"], condition=Q(email_state="digest"), name="notification_digest_due"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notification_once"),
            models.CheckConstraint(
                condition=Q(email_state__in=[s.value for s in EmailState]), name="notification_email_state"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}:{self.pk}"


class NotificationPreference(models.Model):
    """A user's choice for one kind; no row means the kind's default (kinds.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in Channel]), name="notification_preference_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}={self.channel}"
