from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hirehall.core.forms import MoneyField
from hirehall.proposals.models import DeclineReason, Duration


def money(label: str | Promise, *, required: bool = True) -> MoneyField:
    return MoneyField(label=label, required=required)


class ProposalForm(forms.Form):
    bid = money(_("Your bid ($, hourly rate or fixed total)"))
    duration = forms.ChoiceField(choices=Duration.choices, label=_("How long will it take?"))
    cover_letter = forms.CharField(
        label=_("Cover letter"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000
    )
    milestones = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Milestones"),
        help_text=_("Fixed price only, optional: one per line as “description | amount”"),
    )
    boost = forms.IntegerField(
        min_value=0, max_value=500, required=False, initial=0, label=_("Boost (extra Connects)")
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args: object, questions: list | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.questions = questions or []
        for q in self.questions:
            self.fields[f"answer_{q.pk}"] = forms.CharField(
                label=q.text, widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=3000
            )

    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{q.pk}"] for q in self.questions]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class OfferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("fixed", _("Fixed price")), ("hourly", _("Hourly"))],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    hourly_rate = money(_("Hourly rate ($)"), required=False)
    weekly_limit_hours = forms.IntegerField(
        required=False, min_value=1, max_value=80, label=_("Weekly limit (hours)")
    )
    manual_time_allowed = forms.BooleanField(label=_("Manual time allowed"), required=False)
    milestones = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Milestones"),
        help_text=_("Fixed price: one per line as “description | amount”; the first is funded now"),
    )
    is_trial = forms.BooleanField(required=False, label=_("Trial contract"))
    start_date = forms.DateField(label=_("Start date"), required=False)
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=3000
    )


# Fields shown only for one kind of offer (hirehall.js hides and disables the other kind's).
OFFER_SHOW_WHEN = {
    "hourly_rate": "kind=hourly",
    "weekly_limit_hours": "kind=hourly",
    "manual_time_allowed": "kind=hourly",
    "milestones": "kind=fixed",
}


class InviteForm(forms.Form):
    freelancer_email = forms.EmailField(label=_("Freelancer email"))
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class InvitationDeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class OfferReplyForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)
