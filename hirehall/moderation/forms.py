from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hirehall.core import restrictions

FEATURE_CHOICES = [
    (restrictions.PROPOSALS, _("Send proposals")),
    (restrictions.JOBS, _("Post jobs")),
    (restrictions.MESSAGES, _("Send messages")),
    (restrictions.REPORTS, _("Send reports")),
]


class UserActionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("warn", _("Warn")),
            ("restrict", _("Restrict features")),
            ("suspend", _("Suspend")),
            ("reinstate", _("Reinstate")),
        ],
    )
    features = forms.MultipleChoiceField(
        choices=FEATURE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a restriction."),
    )
    until = forms.DateTimeField(
        label=_("Until"),
        required=False,
        help_text=_("Optional end of a restriction (UTC, YYYY-MM-DD HH:MM)."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The user reads this, in the app and by email."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(forms.Form):
    actioned = forms.BooleanField(required=False, label=_("Action was taken"))
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The reporter reads this."),
    )


class AnswerForm(forms.Form):
    overturn = forms.BooleanField(required=False, label=_("Overturn the decision"))
    answer = forms.CharField(
        label=_("Answer"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The user reads this."),
    )


class AppealForm(forms.Form):
    restriction_id = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62
    )
    strike_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62)
    text = forms.CharField(
        max_length=3000, widget=forms.Textarea(attrs={"rows": 3}), label=_("Why should staff reconsider?")
    )
