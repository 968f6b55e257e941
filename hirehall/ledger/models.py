"""Double-entry ledger (TigerBeetle-style): accounts with cached totals, transfers, linked groups.

Rows here are written ONLY by `hirehall.ledger.services` (a test enforces it). The CHECK and UNIQUE
constraints below are the last guard if a bug in that module ever tries something impossible.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hirehall.core.money import CURRENCY


class Account(models.Model):
    """A balance. Credit-normal: balance = credits_posted - debits_posted.

    Pending (two-phase) transfers reserve money: `debits_pending` is unavailable to spend and
    `credits_pending` is incoming but not yet usable. A bounded account can never have
    debits_posted + debits_pending exceed credits_posted.
    """

    class Kind(models.TextChoices):
        CLIENT_WALLET = "client_wallet", _("Wallet")
        FREELANCER_EARNINGS = "freelancer_earnings", _("Earnings")
        ESCROW = "escrow", _("Escrow")
        PLATFORM_REVENUE = "platform_revenue", _("Platform revenue")
        PROVIDER_CLEARING = "provider_clearing", _("Payment provider clearing")
        PROTECTION_FUND = "protection_fund", _("Protection fund")
        PLATFORM_ADJUSTMENTS = "platform_adjustments", _("Platform adjustments")
        SIMULATION = "simulation", _("Simulation (benchmarks and tests)")

    # Natural identity, e.g. "client_wallet:user:12:USD" or "escrow:milestone:7:USD": one unique
    # string works the same on SQLite and PostgreSQL (NULL owners would defeat a composite UNIQUE).
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(max_length=120, blank=True, help_text='business object, e.g. "milestone:7"')
    currency = models.CharField(max_length=3, default=CURRENCY)
    must_not_go_negative = models.BooleanField(default=True)
    debits_pending = models.BigIntegerField(default=0)
    debits_posted = models.BigIntegerField(default=0)
    credits_pending = models.BigIntegerField(default=0)
    credits_posted = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "ledger_account"  # named in raw SQL by services._add_to_accounts
        indexes = [models.Index(fields=["owner", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(debits_pending__gte=0)
                & Q(debits_posted__gte=0)
                & Q(credits_pending__gte=0)
                & Q(credits_posted__gte=0),
                name="ledger_account_totals_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(must_not_go_negative=False)
                | Q(credits_posted__gte=F("debits_posted") + F("debits_pending")),
                name="ledger_account_balance_bound",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def balance(self) -> int:
        return self.credits_posted - self.debits_posted

    @property
    def available(self) -> int:
        """What can be spent or withdrawn now: posted balance less reservations."""
        return self.credits_posted - self.debits_posted - self.debits_pending


class TransferGroup(models.Model):
    """Transfers that succeed or fail together (a payment and its fee legs), in one transaction.

    `key` is the client-chosen idempotency key of the whole operation: the UNIQUE constraint makes a
    retried or concurrent duplicate a no-op instead of a second payment.
    """

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("Wallet deposit")
        ESCROW_FUND = "escrow_fund", _("Escrow funding")
        ESCROW_RELEASE = "escrow_release", _("Escrow release")
        ESCROW_REFUND = "escrow_refund", _("Escrow refund")
        BONUS = "bonus", _("Bonus")
        HOLD_RELEASE = "hold_release", _("Security hold ended")
        WITHDRAWAL = "withdrawal", _("Withdrawal")
        WITHDRAWAL_SETTLE = "withdrawal_settle", _("Withdrawal paid out")
        WITHDRAWAL_FAIL = "withdrawal_fail", _("Withdrawal failed")
        PROTECTION_PAYOUT = "protection_payout", _("Hourly protection payout")
        ADJUSTMENT = "adjustment", _("Staff adjustment")
        SIMULATION = "simulation", _("Simulation")

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    reference = models.CharField(max_length=120, blank=True, db_index=True)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Amount paid to the freelancer before fees: feeds lifetime billings (fee tiers) and receipts.
    gross_cents = models.BigIntegerField(default=0)
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["payer", "payee"])]
        constraints = [
            models.CheckConstraint(condition=Q(gross_cents__gte=0), name="ledger_group_gross_gte_0")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class Transfer(models.Model):
    """Money from `debit_account` to `credit_account`: always balanced, always > 0 cents.

    A transfer is either posted at once, or pending (two-phase) and later posted (fully or in part:
    the rest stays with the debit account) or voided, exactly once.
    """

    class Status(models.TextChoices):
        # A context: "Posted" and "Pending" mean other things elsewhere (a job posted), and all apps'
        # catalogs merge into one per language.
        PENDING = "pending", pgettext_lazy("transfer status", "Pending")
        POSTED = "posted", pgettext_lazy("transfer status", "Posted")
        VOIDED = "voided", pgettext_lazy("transfer status", "Voided")

    class Code(models.TextChoices):
        DEPOSIT = "deposit", _("Deposit")
        CARD_CHARGE = "card_charge", _("Card charge")
        ESCROW_HOLD = "escrow_hold", _("Escrow")
        ESCROW_FEE_HOLD = "escrow_fee_hold", _("Marketplace fee (held with escrow)")
        MARKETPLACE_FEE = "marketplace_fee", _("Marketplace fee")
        SERVICE_FEE = "service_fee", _("Service fee")
        EARNING = "earning", _("Earning")
        BONUS = "bonus", _("Bonus")
        HOLD_RELEASE = "hold_release", _("Security hold ended")
        WITHDRAWAL = "withdrawal", _("Withdrawal")
        WITHDRAWAL_FEE = "withdrawal_fee", _("Withdrawal fee")
        ADJUSTMENT = "adjustment", _("Adjustment")
        SIMULATION = "simulation", _("Simulation")

    group = models.ForeignKey(TransferGroup, on_delete=models.PROTECT, related_name="transfers")
    key = models.CharField(max_length=255, unique=True)
    code = models.CharField(max_length=32, choices=Code.choices)
    debit_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="debits")
    credit_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="credits")
    amount = models.BigIntegerField(help_text="integer cents; for a pending transfer, the amount reserved")
    posted_amount = models.BigIntegerField(null=True, blank=True, help_text="what actually moved")
    currency = models.CharField(max_length=3, default=CURRENCY)
    status = models.CharField(max_length=8, choices=Status.choices)
    was_pending = models.BooleanField(default=False)
    reference = models.CharField(max_length=120, blank=True, db_index=True)
    hold_until = models.DateTimeField(null=True, blank=True, help_text="pending until this instant")
    resolved_group = models.ForeignKey(
        TransferGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="resolved_transfers"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["debit_account", "-id"]),
            models.Index(fields=["credit_account", "-id"]),
            models.Index(fields=["status", "hold_until"], name="ledger_tr_status_hold"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_transfer_amount_gt_0"),
            models.CheckConstraint(
                condition=~Q(debit_account=F("credit_account")), name="ledger_transfer_distinct_accounts"
            ),
            # The states a transfer can be in, and nothing else: a pending transfer has not moved
            # money; a posted one moved 0 < posted_amount <= amount; a voided one was pending.
            models.CheckConstraint(
                condition=(
                    Q(
                        status="pending",
                        was_pending=True,
                        posted_amount__isnull=True,
                        resolved_at__isnull=True,
                    )
                    | Q(status="posted", was_pending=False, posted_amount=F("amount"))
                    | Q(
                        status="posted",
                        was_pending=True,
                        posted_amount__gt=0,
                        posted_amount__lte=F("amount"),
                        resolved_at__isnull=False,
                        resolved_group__isnull=False,
                    )
                    | Q(
                        status="voided",
                        was_pending=True,
                        posted_amount__isnull=True,
                        resolved_at__isnull=False,
                        resolved_group__isnull=False,
                    )
                ),
                name="ledger_transfer_state",
            ),
            # At most one open escrow per business object: funding the same milestone twice is refused.
            models.UniqueConstraint(
                fields=["reference", "code"],
                condition=Q(status="pending", code__in=["escrow_hold", "escrow_fee_hold"]),
                name="ledger_one_open_escrow_per_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.amount} {self.status}"


class BillingRelationship(models.Model):
    """Lifetime billings of a freelancer with a client (all contracts): the fee tier input.

    Cached, updated under a row lock in the same transaction as the payment; ledger_verify checks it
    against the sum of payment groups.
    """

    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    billed_cents = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "freelancer"], name="ledger_billing_pair_unique"),
            models.CheckConstraint(condition=Q(billed_cents__gte=0), name="ledger_billing_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}->{self.freelancer_id}: {self.billed_cents}"


class FeeSchedule(models.Model):
    """A versioned fee policy. The one in force at an instant is the latest with effective_from <= it.

    Contracts keep the version they started under (they pass `version` to the fee engine).
    """

    version = models.PositiveIntegerField(unique=True)
    effective_from = models.DateTimeField(db_index=True)
    marketplace_fee_bps = models.PositiveIntegerField(help_text="client fee in basis points (500 = 5%)")
    bank_withdrawal_fee_cents = models.PositiveBigIntegerField()
    instant_withdrawal_fee_cents = models.PositiveBigIntegerField()
    security_hold_days = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-effective_from", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(marketplace_fee_bps__lte=10000), name="fee_marketplace_bps_le_100pct"
            )
        ]

    def __str__(self) -> str:
        return f"fee schedule v{self.version} from {self.effective_from:%Y-%m-%d}"


class FeeTier(models.Model):
    """Service-fee rate for lifetime billings in [previous tier's up_to, up_to). NULL up_to = no cap."""

    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="tiers")
    up_to_cents = models.BigIntegerField(null=True, blank=True)
    rate_bps = models.PositiveIntegerField()

    class Meta:
        ordering = [F("up_to_cents").asc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(condition=Q(rate_bps__lte=10000), name="fee_tier_bps_le_100pct"),
            models.UniqueConstraint(fields=["schedule", "up_to_cents"], name="fee_tier_unique_bound"),
        ]

    def __str__(self) -> str:
        return f"{self.rate_bps} bps up to {self.up_to_cents}"
