from __future__ import annotations

from django import forms

from hirehall.webhooks.events import EVENT_TYPES


class EndpointForm(forms.Form):
    url = forms.CharField(
        max_length=2000,
        label="Endpoint URL",
        help_text="A public https:// address of yours; we POST signed JSON to it.",
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/hooks/hirehall"}),
    )
    events = forms.MultipleChoiceField(
        choices=[(name, f"{name} — {text}") for name, text in EVENT_TYPES.items()],
        widget=forms.CheckboxSelectMultiple,
        label="Events",
    )
    operator = forms.BooleanField(required=False, label="Operator endpoint: every user's events (staff only)")
