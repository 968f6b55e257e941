"""Payment methods, deposits and withdrawals: the provider side of money.

Balances are never stored here: the ledger holds them. These rows record what was asked of the
payment provider and what it answered, so a receipt and a support agent can tell the story.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hirehall.core.money import CURRENCY


class PaymentMethod(models.Model):
    """A saved card (to pay) or payout destination (to withdraw). Only the provider's token is kept."""

    class Kind(models.TextChoices):
        CARD = "card", _("Card")
        BANK_ACCOUNT = "bank_account", _("Bank account")
        DEBIT_CARD = "debit_card", _("Debit card (instant payouts)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payment_methods"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    provider = models.CharField(max_length=32, default="sandbox")
    provider_token = models.CharField(max_length=128, unique=True)
    brand = models.CharField(max_length=32, blank=True)
    last4 = models.CharField(max_length=4)
    exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "kind"])]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        name = self.brand or self.get_kind_display()
        return f"{name} •••• {self.last4}"

    @property
    def is_payout_destination(self) -> bool:
        return self.kind in {self.Kind.BANK_ACCOUNT, self.Kind.DEBIT_CARD}


class Deposit(models.Model):
    """Money added to a client's wallet from a card."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Processing")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deposits")
    payment_method = models.ForeignKey(PaymentMethod, on_delete=models.PROTECT, related_name="+")
    amount_cents = models.BigIntegerField()
    currency = models.CharField(max_length=3, default=CURRENCY)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    failure_code = models.CharField(max_length=32, blank=True)
    provider_ref = models.CharField(max_length=128, blank=True)
    client_key = models.CharField(max_length=255, null=True, blank=True)
    ledger_group = models.ForeignKey(
        "ledger.TransferGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="deposit_amount_gt_0"),
            models.UniqueConstraint(fields=["user", "client_key"], name="deposit_user_key_unique"),
            models.CheckConstraint(
                condition=~Q(status="succeeded") | Q(ledger_group__isnull=False),
                name="deposit_succeeded_has_ledger",
            ),
        ]

    def __str__(self) -> str:
        return f"deposit {self.pk} {self.amount_cents} {self.status}"


class Withdrawal(models.Model):
    """Money sent from a freelancer's available earnings to a payout destination."""

    class Rail(models.TextChoices):
        BANK = "bank", _("Bank transfer (1–3 business days)")
        INSTANT = "instant", _("Instant to debit card")

    class Status(models.TextChoices):
        PENDING = "pending", _("Processing")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="withdrawals")
    destination = models.ForeignKey(PaymentMethod, on_delete=models.PROTECT, related_name="+")
    rail = models.CharField(max_length=8, choices=Rail.choices)
    amount_cents = models.BigIntegerField(help_text="taken from available earnings, fee included")
    fee_cents = models.BigIntegerField()
    currency = models.CharField(max_length=3, default=CURRENCY)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    failure_code = models.CharField(max_length=32, blank=True)
    provider_ref = models.CharField(max_length=128, blank=True)
    client_key = models.CharField(max_length=255, null=True, blank=True)
    ledger_group = models.ForeignKey(
        "ledger.TransferGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0) & Q(fee_cents__gte=0), name="withdrawal_amounts"
            ),
            models.CheckConstraint(
                condition=Q(amount_cents__gt=models.F("fee_cents")), name="withdrawal_amount_gt_fee"
            ),
            models.UniqueConstraint(fields=["user", "client_key"], name="withdrawal_user_key_unique"),
        ]

    def __str__(self) -> str:
        return f"withdrawal {self.pk} {self.amount_cents} {self.status}"

    @property
    def net_cents(self) -> int:
        return self.amount_cents - self.fee_cents


class CardCharge(models.Model):
    """The durable intent of a card charge taken for a purpose (escrow, bonus, offer, Connects...):
    written before the provider is asked, under the provider idempotency key it is asked with.

    `payments.funding` records the captured charge in the ledger (a leg keyed `key`); if the request
    dies between the charge and its recording, or the provider's answer is lost, the row stays
    `pending` and `payments.finish_card_charges` asks the provider again under the same key and keeps
    the money in the client's wallet (docs/reliability.md). A charge is recorded or never made.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Processing")
        RECORDED = "recorded", _("Recorded")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    payment_method = models.ForeignKey(PaymentMethod, on_delete=models.PROTECT, related_name="+")
    amount_cents = models.BigIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    provider_ref = models.CharField(max_length=128, blank=True)
    failure_code = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="card_charge_amount_gt_0")
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"card charge {self.key} {self.amount_cents} {self.status}"
