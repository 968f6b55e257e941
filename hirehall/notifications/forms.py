from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from hirehall.notifications import kinds
from hirehall.notifications.kinds import Channel


class PreferencesForm(forms.Form):
    """One choice per kind, grouped as kinds.py groups them."""

    def __init__(self, *args: Any, current: dict[str, Channel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds.all_kinds():
            self.fields[kind.key] = forms.ChoiceField(
                label=_(kind.label), choices=Channel.choices, initial=current[kind.key]
            )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        grouped: dict[str, list[forms.BoundField]] = {}
        for kind in kinds.all_kinds():
            grouped.setdefault(_(kind.group), []).append(self[kind.key])
        return list(grouped.items())
