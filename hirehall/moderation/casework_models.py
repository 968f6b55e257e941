"""Rows of the staff casework added after the first moderation release: four-eyes ledger adjustments
and the identity verification queue (imported by models.py so Django registers them)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AdjustmentAccount(models.TextChoices):
    WALLET = "wallet", _("Client wallet")
    EARNINGS = "earnings", _("Freelancer available balance")


class AdjustmentDirection(models.TextChoices):
    CREDIT = "credit", _("Credit (add money)")
    DEBIT = "debit", _("Debit (take money)")


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second staff approval")
    APPLIED = "applied", _("Applied")
    REFUSED = "refused", _("Refused")


class LedgerAdjustment(models.Model):
    """A staff credit or debit of a user's wallet or available earnings, with the reason the user reads.

    At or below `HIREHALL_ADJUSTMENT_FOUR_EYES_CENTS` the requester's request applies it; above, a
    second, different staff member approves it (the database refuses an approver equal to the
    requester). The money moves once, under the ledger key `adjustment:<id>`.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    account = models.CharField(max_length=10, choices=AdjustmentAccount.choices)
    direction = models.CharField(max_length=6, choices=AdjustmentDirection.choices)
    amount_cents = models.BigIntegerField()
    reason = models.CharField(max_length=500)
    status = models.CharField(
        max_length=10, choices=AdjustmentStatus.choices, default=AdjustmentStatus.PENDING
    )
    needs_second_approval = models.BooleanField(default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The requester's own key (the API's Idempotency-Key, the web form's key): a resent request is
    # the same adjustment, never a second credit.
    request_key = models.CharField(max_length=255, blank=True)
    requested_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_reason = models.CharField(max_length=1000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    transfer_group = models.OneToOneField(
        "ledger.TransferGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="moderation_adjustment_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("requested_by")),
                name="moderation_adjustment_four_eyes",
            ),
            models.CheckConstraint(
                condition=~Q(status="applied") | Q(transfer_group__isnull=False),
                name="moderation_adjustment_applied_has_group",
            ),
            models.UniqueConstraint(
                fields=["requested_by", "request_key"],
                condition=~Q(request_key=""),
                name="moderation_adjustment_request_key",
            ),
        ]

    def __str__(self) -> str:
        return f"adjustment {self.pk}"

    @property
    def signed_cents(self) -> int:
        return self.amount_cents if self.direction == AdjustmentDirection.CREDIT else -self.amount_cents


class IdentityStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", pgettext_lazy("identity check status", "Verified")
    REFUSED = "refused", _("Not accepted")


class IdentitySubmission(models.Model):
    """A sandbox identity check: a document (image or PDF) and a selfie, stored privately under
    server-chosen names and served only to the owner and staff, always as downloads."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    document_path = models.CharField(max_length=300)
    document_type = models.CharField(max_length=100)
    document_name = models.CharField(max_length=200)
    selfie_path = models.CharField(max_length=300)
    selfie_type = models.CharField(max_length=100)
    selfie_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=IdentityStatus.choices, default=IdentityStatus.PENDING)
    reason = models.CharField(max_length=1000, blank=True)
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="moderation_identity_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"identity {self.pk} of {self.user_id}"
