from __future__ import annotations

from django import forms

from hirehall.core import restrictions

FEATURE_CHOICES = [
    (restrictions.PROPOSALS, "Send proposals"),
    (restrictions.JOBS, "Post jobs"),
    (restrictions.MESSAGES, "Send messages"),
    (restrictions.REPORTS, "Send reports"),
]


class UserActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("warn", "Warn"),
            ("restrict", "Restrict features"),
            ("suspend", "Suspend"),
            ("reinstate", "Reinstate"),
        ]
    )
    features = forms.MultipleChoiceField(
        choices=FEATURE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For a restriction.",
    )
    until = forms.DateTimeField(
        required=False, help_text="Optional end of a restriction (UTC, YYYY-MM-DD HH:MM)."
    )
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The user reads this, in the app and by email.",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(forms.Form):
    actioned = forms.BooleanField(required=False, label="Action was taken")
    outcome = forms.CharField(
        max_length=500, widget=forms.Textarea(attrs={"rows": 2}), help_text="The reporter reads this."
    )


class AnswerForm(forms.Form):
    overturn = forms.BooleanField(required=False, label="Overturn the decision")
    answer = forms.CharField(
        max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), help_text="The user reads this."
    )


class AppealForm(forms.Form):
    restriction_id = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62
    )
    strike_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62)
    text = forms.CharField(
        max_length=3000, widget=forms.Textarea(attrs={"rows": 3}), label="Why should staff reconsider?"
    )
