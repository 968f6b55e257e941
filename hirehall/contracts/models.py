"""The contract record an accepted offer creates (its terms, copied, and fixed-price milestones).

Only the record: the contracts work (diary, billing, submissions, disputes) builds on these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ContractKind(models.TextChoices):
    HOURLY = "hourly", "Hourly"
    FIXED = "fixed", "Fixed price"


class ContractStatus(models.TextChoices):
    ACTIVE = "active", "Active"


class Contract(models.Model):
    offer = models.OneToOneField("proposals.Offer", on_delete=models.PROTECT, related_name="contract")
    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, related_name="contracts")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="client_contracts"
    )
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="freelancer_contracts"
    )
    kind = models.CharField(max_length=8, choices=ContractKind.choices)
    title = models.CharField(max_length=120)
    status = models.CharField(max_length=12, choices=ContractStatus.choices, default=ContractStatus.ACTIVE)
    hourly_rate_cents = models.PositiveIntegerField(null=True, blank=True)
    weekly_limit_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    manual_time_allowed = models.BooleanField(default=False)
    total_cents = models.PositiveIntegerField(null=True, blank=True)
    is_trial = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    # A contract keeps the fee schedule it started under (DESIGN §5).
    fee_schedule_version = models.PositiveIntegerField()
    started_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["client", "-id"]), models.Index(fields=["freelancer", "-id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="hourly", hourly_rate_cents__gte=300)
                | Q(kind="fixed", total_cents__gte=500),
                name="contracts_terms",
            )
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", "Not funded yet"
    FUNDED = "funded", "Funded (in escrow)"


class ContractMilestone(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    amount_cents = models.PositiveIntegerField()
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING)
    escrow_reference = models.CharField(max_length=120, blank=True, help_text="ledger escrow reference")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gte=500), name="contracts_ms_gte_5"),
            models.UniqueConstraint(fields=["contract", "position"], name="contracts_ms_position"),
        ]

    def __str__(self) -> str:
        return self.description
