from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hirehall.accounts.models import User


class DeleteAccountForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, label=_("Your password"), strip=False)
    confirm = forms.CharField(label=_('Type "DELETE" to confirm'), max_length=10)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password

    def clean_confirm(self) -> str:
        confirm: str = self.cleaned_data["confirm"]
        if confirm.strip() != "DELETE":
            raise forms.ValidationError(_("Type DELETE in capitals."))
        return confirm
