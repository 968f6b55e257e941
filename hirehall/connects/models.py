"""Connects (DESIGN §3): lots with an expiry, spent oldest-first, and a history of every change.

Connects are not money, so they live here and not in the ledger (the ledger only sees the dollars
paid for bundles and Freelancer Plus). Amounts are whole Connects. The balance is the sum of the
unexpired lots' `remaining`; a CHECK keeps every lot between 0 and what it was granted with.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Plan(models.TextChoices):
    BASIC = "basic", _("Basic")
    PLUS = "plus", _("Freelancer Plus")


class ConnectsAccount(models.Model):
    """One per freelancer: the row every spend locks first, the plan and the billing cycle."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connects_account"
    )
    plan = models.CharField(max_length=8, choices=Plan.choices, default=Plan.BASIC)
    billing_day = models.PositiveSmallIntegerField(help_text="day of month the cycle renews (1–28)")
    next_cycle_at = models.DateTimeField(db_index=True, help_text="next monthly grant / Plus renewal")
    plus_cancelled_at = models.DateTimeField(null=True, blank=True, help_text="Plus ends at next cycle")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(billing_day__gte=1, billing_day__lte=28), name="connects_billing_day_1_28"
            ),
            models.CheckConstraint(condition=Q(plan__in=["basic", "plus"]), name="connects_plan_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.plan}"


class LotSource(models.TextChoices):
    SIGNUP = "signup", _("Sign-up grant")
    MONTHLY = "monthly", _("Monthly grant")
    PLUS = "plus", _("Freelancer Plus")
    PURCHASE = "purchase", _("Purchase")
    REFUND = "refund", _("Refund")


class ConnectsLot(models.Model):
    """Connects from one grant, purchase or refund; expires a year after issue."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=16, choices=LotSource.choices)
    granted = models.PositiveIntegerField()
    remaining = models.IntegerField()
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    expired_at = models.DateTimeField(null=True, blank=True)
    # Idempotency key of the grant/purchase/refund: a retried or concurrent duplicate loses here.
    key = models.CharField(max_length=200, unique=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "expires_at", "id"], name="connects_lot_fifo"),
            models.Index(fields=["expires_at"], name="connects_lot_expiry", condition=Q(remaining__gt=0)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(granted__gt=0), name="connects_lot_granted_gt_0"),
            models.CheckConstraint(
                condition=Q(remaining__gte=0) & Q(remaining__lte=F("granted")),
                name="connects_lot_remaining_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.remaining}/{self.granted}"


class EntryKind(models.TextChoices):
    GRANT = "grant", _("Granted")
    PURCHASE = "purchase", _("Bought")
    SPEND = "spend", pgettext_lazy("connects entry", "Spent")
    REFUND = "refund", _("Returned")
    EXPIRE = "expire", pgettext_lazy("connects entry", "Expired")


class ConnectsEntry(models.Model):
    """The history: one row per change, signed (+ in, − out), with what it was for."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    delta = models.IntegerField()
    balance_after = models.IntegerField()
    reference = models.CharField(max_length=120, blank=True, help_text='e.g. "proposal:7"')
    description = models.CharField(max_length=200, blank=True)
    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "-id"], name="connects_entry_user")]
        constraints = [
            models.CheckConstraint(condition=~Q(delta=0), name="connects_entry_delta_nonzero"),
            models.CheckConstraint(condition=Q(balance_after__gte=0), name="connects_entry_balance_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.delta:+d}"


class ConnectsEntryLot(models.Model):
    """Which lots an entry touched, and by how many Connects (ADR 0006): a refund goes back to the
    lots its spend came from."""

    entry = models.ForeignKey(ConnectsEntry, on_delete=models.CASCADE, related_name="lots")
    lot = models.ForeignKey(ConnectsLot, on_delete=models.PROTECT, related_name="+")
    units = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(units__gt=0), name="connects_entry_lot_units_gt_0"),
            models.UniqueConstraint(fields=["entry", "lot"], name="connects_entry_lot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.lot_id}:{self.units}"
