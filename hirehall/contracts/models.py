"""Contracts: fixed-price milestones in escrow, the hourly Work Diary and its weekly invoices, disputes.

Fields and constraints only; every workflow lives in the services. State machines are the
`*_TRANSITIONS` tables next to their choices: services refuse any other change with a DomainError.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ContractKind(models.TextChoices):
    HOURLY = "hourly", _("Hourly")
    FIXED = "fixed", _("Fixed price")


class ContractStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


CONTRACT_TRANSITIONS: dict[str, set[str]] = {
    ContractStatus.ACTIVE: {ContractStatus.PAUSED, ContractStatus.ENDED},
    ContractStatus.PAUSED: {ContractStatus.ACTIVE, ContractStatus.ENDED},
    ContractStatus.ENDED: set(),
}


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
    paused_reason = models.CharField(max_length=200, blank=True)
    # Who paused: a freelancer may resume only their own pause; a client may resume any.
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hourly_rate_cents = models.PositiveBigIntegerField(null=True, blank=True)
    weekly_limit_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    # A lowered limit waits for the next Monday (DESIGN §8); raising applies at once.
    next_weekly_limit_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    next_limit_from = models.DateField(null=True, blank=True)
    # The limit a dispute set aside (it drops to 0 while the case is open).
    limit_before_dispute = models.PositiveSmallIntegerField(null=True, blank=True)
    manual_time_allowed = models.BooleanField(default=False)
    total_cents = models.PositiveBigIntegerField(null=True, blank=True)
    is_trial = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    # A contract keeps the fee schedule it started under (DESIGN §5).
    fee_schedule_version = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["client", "-id"]), models.Index(fields=["freelancer", "-id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="hourly", hourly_rate_cents__gte=300)
                | Q(kind="fixed", total_cents__gte=500),
                name="contracts_terms",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "paused", "ended"]), name="contracts_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_hourly(self) -> bool:
        return self.kind == ContractKind.HOURLY


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Not funded yet")
    FUNDED = "funded", _("Funded (in escrow)")
    SUBMITTED = "submitted", _("Work submitted")
    APPROVED = "approved", _("Approved and paid")
    REFUNDED = "refunded", _("Refunded to the client")
    DISPUTED = "disputed", _("In dispute")
    SETTLED = "settled", _("Settled by a dispute decision")


M = MilestoneStatus
MILESTONE_TRANSITIONS: dict[str, set[str]] = {
    M.PENDING: {M.FUNDED},
    # The client may release a funded milestone before any submission.
    M.FUNDED: {M.SUBMITTED, M.APPROVED, M.REFUNDED, M.DISPUTED},
    # Request changes sends the work back to funded; approve (any amount) pays.
    M.SUBMITTED: {M.FUNDED, M.APPROVED, M.REFUNDED, M.DISPUTED},
    # A dispute ends in a decision: paid in full or in part (settled), or refunded.
    M.DISPUTED: {M.REFUNDED, M.SETTLED},
    M.APPROVED: set(),
    M.REFUNDED: set(),
    M.SETTLED: set(),
}
IN_ESCROW = (M.FUNDED, M.SUBMITTED, M.DISPUTED)


class ContractMilestone(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    amount_cents = models.PositiveBigIntegerField()
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING)
    escrow_reference = models.CharField(max_length=120, blank=True, help_text="ledger escrow reference")
    funded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="latest submission")
    auto_approve_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    paid_cents = models.PositiveBigIntegerField(default=0)
    approved_at = models.DateTimeField(null=True, blank=True)
    dispute = models.ForeignKey(
        "contracts.Dispute", null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["status", "auto_approve_at"], name="contracts_ms_auto")]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gte=500), name="contracts_ms_gte_5"),
            models.UniqueConstraint(fields=["contract", "position"], name="contracts_ms_position"),
            models.CheckConstraint(
                condition=Q(paid_cents__lte=models.F("amount_cents")), name="contracts_ms_paid_le_amount"
            ),
            # A submitted milestone always carries its auto-approval deadline.
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(auto_approve_at__isnull=False),
                name="contracts_ms_submitted_deadline",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Submission(models.Model):
    milestone = models.ForeignKey(ContractMilestone, on_delete=models.CASCADE, related_name="submissions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(max_length=5000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"submission {self.pk}"


class ContractFile(models.Model):
    """A stored upload (submission file or dispute evidence): server-chosen path, checked download."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="files")
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    dispute = models.ForeignKey(
        "contracts.Dispute", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.original_name


class ContractEvent(models.Model):
    """The timeline: one row per thing that happened, in order."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(max_length=300)
    amount_cents = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["contract", "id"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


class RefundRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the freelancer")
    ACCEPTED = "accepted", _("Accepted: refunded")
    EXPIRED = "expired", _("No answer: refunded")
    DISPUTED = "disputed", _("Disputed")


REFUND_TRANSITIONS: dict[str, set[str]] = {
    RefundRequestStatus.OPEN: {
        RefundRequestStatus.ACCEPTED,
        RefundRequestStatus.EXPIRED,
        RefundRequestStatus.DISPUTED,
    },
    RefundRequestStatus.ACCEPTED: set(),
    RefundRequestStatus.EXPIRED: set(),
    RefundRequestStatus.DISPUTED: set(),
}


class RefundRequest(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="refund_requests")
    status = models.CharField(max_length=10, choices=RefundRequestStatus.choices, default="open")
    reason = models.CharField(max_length=1000, blank=True)
    amount_cents = models.PositiveBigIntegerField(help_text="in escrow when asked")
    created_at = models.DateTimeField()
    respond_by = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract"], condition=Q(status="open"), name="contracts_one_open_refund_request"
            )
        ]
        indexes = [models.Index(fields=["status", "respond_by"])]

    def __str__(self) -> str:
        return f"refund request {self.pk}"


# --- hourly ---------------------------------------------------------------------------------------
class SegmentKind(models.TextChoices):
    TRACKED = "tracked", _("Tracked")
    MANUAL = "manual", _("Manual time")


class WorkSegment(models.Model):
    """Ten minutes of work, aligned to the clock. Deleted (with its screenshot) until invoiced."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="segments")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField()
    week_start = models.DateField(help_text="Monday of the segment's week")
    kind = models.CharField(max_length=8, choices=SegmentKind.choices)
    memo = models.CharField(max_length=300, blank=True)
    screenshot = models.CharField(max_length=255, blank=True)
    screenshot_at = models.DateTimeField(null=True, blank=True)
    keyboard = models.JSONField(default=list, help_text="keystrokes per minute, 10 values")
    mouse = models.JSONField(default=list, help_text="mouse events per minute, 10 values")
    active_minutes = models.PositiveSmallIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, help_text="sha256 of what was sent: a resend is a no-op")
    created_at = models.DateTimeField()
    # Decided when the week is invoiced.
    invoice = models.ForeignKey(
        "contracts.Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="segments"
    )
    billable = models.BooleanField(default=False)
    protected = models.BooleanField(default=False)
    disputed = models.BooleanField(default=False)

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["contract", "week_start", "start"])]
        constraints = [
            # One freelancer cannot be in two places: the same slot twice (any contract) is refused.
            models.UniqueConstraint(fields=["freelancer", "start"], name="contracts_segment_slot"),
            models.CheckConstraint(condition=Q(active_minutes__lte=10), name="contracts_segment_minutes"),
            models.CheckConstraint(
                condition=~Q(kind="manual") | Q(screenshot=""), name="contracts_manual_no_screenshot"
            ),
            models.CheckConstraint(
                condition=~Q(protected=True) | Q(billable=True, kind="tracked"),
                name="contracts_protected_is_billable_tracked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id}@{self.start:%Y-%m-%d %H:%M}"


class InvoiceStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("In review (client may dispute)")
    DISPUTED = "disputed", _("Disputed")
    UNPAID = "unpaid", _("Charge failed")
    PAID = "paid", _("Paid to the freelancer")
    PROTECTED = "protected", _("Paid by Hirehall protection")
    REFUNDED = "refunded", _("Refunded to the client")


INV = InvoiceStatus
INVOICE_TRANSITIONS: dict[str, set[str]] = {
    INV.IN_REVIEW: {INV.DISPUTED, INV.PAID},
    INV.DISPUTED: {INV.PAID, INV.REFUNDED},
    # A week with nothing to bill (all time over the limit) is settled as soon as it is invoiced.
    INV.UNPAID: {INV.IN_REVIEW, INV.PAID, INV.PROTECTED, INV.REFUNDED},
    INV.PAID: set(),
    INV.PROTECTED: set(),
    INV.REFUNDED: set(),
}


class Invoice(models.Model):
    """One hourly week, invoiced Monday 12:00 (DESIGN §8). UNIQUE (contract, week): billed once."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="invoices")
    week_start = models.DateField()
    status = models.CharField(max_length=10, choices=InvoiceStatus.choices)
    rate_cents = models.PositiveBigIntegerField()
    limit_hours = models.PositiveSmallIntegerField()
    tracked_minutes = models.PositiveIntegerField(default=0)
    manual_minutes = models.PositiveIntegerField(default=0)
    billable_minutes = models.PositiveIntegerField(default=0)
    over_limit_minutes = models.PositiveIntegerField(default=0)
    protected_minutes = models.PositiveIntegerField(default=0)
    amount_cents = models.PositiveBigIntegerField()
    protected_cents = models.PositiveBigIntegerField(default=0)
    refunded_cents = models.PositiveBigIntegerField(default=0)
    paid_cents = models.PositiveBigIntegerField(default=0)
    escrow_reference = models.CharField(max_length=120, blank=True)
    invoiced_at = models.DateTimeField()
    review_until = models.DateTimeField()
    available_at = models.DateTimeField()
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week_start"]
        indexes = [models.Index(fields=["status", "review_until"])]
        constraints = [
            models.UniqueConstraint(fields=["contract", "week_start"], name="contracts_invoice_week"),
            models.CheckConstraint(
                condition=Q(protected_cents__lte=models.F("amount_cents"))
                & Q(refunded_cents__lte=models.F("amount_cents")),
                name="contracts_invoice_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"invoice {self.pk} week {self.week_start}"


class ProtectionClaim(models.Model):
    """Opened when a weekly charge fails; the protection fund pays the protected time if it stays unpaid."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAID = "paid", _("Paid by the protection fund")
        CLOSED = "closed", _("Closed: the client paid")

    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="protection_claim")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    failure_code = models.CharField(max_length=40, blank=True)
    protected_cents = models.PositiveBigIntegerField()
    paid_cents = models.PositiveBigIntegerField(default=0)
    opened_at = models.DateTimeField()
    decide_at = models.DateTimeField(help_text="the protection fund pays if still unpaid by then")
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"protection claim {self.pk}"


class IdentityVerification(models.Model):
    """A freelancer's identity, verified by staff (an hourly-protection condition, DESIGN §8)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_verification"
    )
    identity_verified = models.BooleanField(default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {'verified' if self.identity_verified else 'not verified'}"


# --- disputes -------------------------------------------------------------------------------------
class DisputeStatus(models.TextChoices):
    AWAITING_RESPONSE = "awaiting", _("Waiting for the other side")
    STAFF_REVIEW = "review", _("Staff review / mediation")
    RESOLVED = "resolved", _("Resolved")


DISPUTE_TRANSITIONS: dict[str, set[str]] = {
    DisputeStatus.AWAITING_RESPONSE: {DisputeStatus.STAFF_REVIEW, DisputeStatus.RESOLVED},
    DisputeStatus.STAFF_REVIEW: {DisputeStatus.RESOLVED},
    DisputeStatus.RESOLVED: set(),
}


class Dispute(models.Model):
    """A case: who opened it, what is contested, every deadline, messages, evidence, the outcome.

    Hourly: the client disputes segments of an invoice; the freelancer answers within 3 days.
    Fixed price: the freelancer disputes a non-release or a refund request; the client answers within
    5 business days, then staff mediate up to 30 days and decide a split.
    """

    class Kind(models.TextChoices):
        HOURLY = "hourly", _("Hourly (disputed time)")
        FIXED = "fixed", _("Fixed price (escrow)")

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="disputes")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=DisputeStatus.choices, default="awaiting")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=3000)
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="disputes"
    )
    segments = models.ManyToManyField(WorkSegment, blank=True, related_name="disputes")
    amount_cents = models.PositiveBigIntegerField(help_text="the money contested")
    opened_at = models.DateTimeField()
    respond_by = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(max_length=20, blank=True)
    mediation_until = models.DateTimeField(null=True, blank=True)
    mediation_overdue = models.BooleanField(default=False)
    # Staff fill this in (admin) before posting a fixed-price split.
    proposed_freelancer_cents = models.PositiveBigIntegerField(null=True, blank=True)
    freelancer_cents = models.PositiveBigIntegerField(null=True, blank=True)
    client_cents = models.PositiveBigIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=300, blank=True)
    # Staff write why they decided (admin, before posting); both parties read it on the case file.
    decision_reason = models.TextField(max_length=3000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "respond_by"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="hourly") | Q(invoice__isnull=False),
                name="contracts_hourly_dispute_invoice",
            ),
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(status__in=["awaiting", "review"]),
                name="contracts_one_open_dispute_per_invoice",
            ),
        ]

    def __str__(self) -> str:
        return f"dispute {self.pk} ({self.kind})"


class DisputeMessage(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"message {self.pk}"
