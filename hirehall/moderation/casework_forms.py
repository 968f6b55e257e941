"""Forms of the staff casework pages (adjustments, identity queue) and the freelancer's identity check."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from hirehall.core.forms import MoneyField
from hirehall.moderation.models import AdjustmentAccount, AdjustmentDirection


class AdjustmentForm(forms.Form):
    account = forms.ChoiceField(label=_("Account"), choices=AdjustmentAccount.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=AdjustmentDirection.choices)
    amount = MoneyField(label=_("Amount (USD)"), min_cents=1, help_text=_("For example 25.00"))
    reason = forms.CharField(
        label=_("Reason the user reads"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in their transaction list and in the notification."),
    )
    # The form's own key: a resubmitted form is the same adjustment, never a second one.
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class IdentityDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    reason = forms.CharField(label=_("Reason the freelancer reads"), max_length=1000, required=False)


class IdentityForm(forms.Form):
    document = forms.FileField(
        label=_("Identity document"),
        help_text=_(
            "A photo or scan of your passport, ID card or driving licence: "
            "JPEG, PNG, WebP or PDF, up to 10 MB."
        ),
    )
    selfie = forms.FileField(
        label=_("Selfie"),
        help_text=_("A clear photo of your face, holding the same document: JPEG, PNG or WebP, up to 10 MB."),
    )
