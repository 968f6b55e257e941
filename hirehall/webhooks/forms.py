from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hirehall.webhooks.events import EVENT_TYPES


class EndpointForm(forms.Form):
    url = forms.CharField(
        max_length=2000,
        label=_("Endpoint URL"),
        help_text=_("A public https:// address of yours; we POST signed JSON to it."),
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/hooks/hirehall"}),
    )
    events = forms.MultipleChoiceField(
        choices=[(name, format_lazy("{} — {}", name, _(text))) for name, text in EVENT_TYPES.items()],
        widget=forms.CheckboxSelectMultiple,
        label=_("Events"),
    )
    operator = forms.BooleanField(
        required=False, label=_("Operator endpoint: every user's events (staff only)")
    )
