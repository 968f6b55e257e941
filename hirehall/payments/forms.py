from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hirehall.core.forms import MoneyField as CoreMoneyField
from hirehall.ledger.models import Transfer
from hirehall.payments.models import PaymentMethod, Withdrawal


class MoneyField(CoreMoneyField):
    """A payment amount: more than zero (the core field's parser does the rest)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_cents=1, **kwargs)


class IdempotentForm(forms.Form):
    # A fresh key per rendered form: a double-click or a resubmitted page is one payment, not two.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class DepositForm(IdempotentForm):
    amount = MoneyField(label=_("Amount (USD)"), help_text=_("Between $1.00 and $10,000.00"))
    payment_method = forms.ChoiceField(label=_("Card"))

    def __init__(self, *args: Any, methods: list[PaymentMethod], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["payment_method"])
        field.choices = [(str(m.pk), m.display) for m in methods]


class CardForm(forms.Form):
    number = forms.CharField(
        label=_("Card number"), max_length=23, help_text=_("Sandbox: 4242 4242 4242 4242")
    )
    exp_month = forms.IntegerField(label=_("Expiry month"), min_value=1, max_value=12)
    exp_year = forms.IntegerField(label=_("Expiry year"), min_value=2000, max_value=2100)
    cvc = forms.CharField(label=_("CVC"), max_length=4)
    for_payouts = forms.BooleanField(required=False, widget=forms.HiddenInput)


class BankAccountForm(forms.Form):
    routing_number = forms.CharField(
        label=_("Routing number"), max_length=20, help_text=_("Sandbox: 110000000")
    )
    account_number = forms.CharField(
        label=_("Account number"), max_length=34, help_text=_("Sandbox: 000123456789")
    )
    label = forms.CharField(label=_("Nickname"), max_length=100, required=False)


class WithdrawForm(IdempotentForm):
    amount = MoneyField(label=_("Amount (USD)"), help_text=_("The rail's fee is deducted from this amount."))
    rail = forms.ChoiceField(choices=Withdrawal.Rail.choices, label=_("Speed"))
    destination = forms.ChoiceField(label=_("To"))

    def __init__(self, *args: Any, destinations: list[PaymentMethod], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["destination"])
        field.choices = [(str(m.pk), m.display) for m in destinations]


class TransactionFilterForm(forms.Form):
    account = forms.ChoiceField(
        label=_("Account"),
        required=False,
        choices=[("", _("All accounts")), ("wallet", _("Wallet")), ("earnings", _("Earnings"))],
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Transfer.Code.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Transfer.Status.choices]
    )
    since = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))


class FeeCalculatorForm(forms.Form):
    amount = forms.CharField(label=_("Payment amount (USD)"), initial="600.00", max_length=20)
    prior_billings = forms.CharField(
        label=_("Already billed to this client (USD)"), initial="0.00", max_length=20, required=False
    )
