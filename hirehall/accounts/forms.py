from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

from hirehall.accounts.models import ApiToken, User
from hirehall.accounts.services import user_set_roles


class RolesMixin(forms.Form):
    is_client = forms.BooleanField(required=False, label="I want to hire (client)")
    is_freelancer = forms.BooleanField(required=False, label="I want to work (freelancer)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("is_client") and not data.get("is_freelancer"):
            raise forms.ValidationError("Choose at least one role; you can add the other later.")
        return data


class SignupRolesForm(RolesMixin):
    """allauth calls `signup` once the user exists (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(max_length=150, required=False, label="Full name")
    field_order = ["name", "is_client", "is_freelancer"]

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data.get("name", "")
        user.save(update_fields=["name"])
        user_set_roles(
            actor=user,
            client=bool(self.cleaned_data["is_client"]),
            freelancer=bool(self.cleaned_data["is_freelancer"]),
        )


class AddRoleForm(forms.Form):
    role = forms.ChoiceField(choices=[("client", "Client"), ("freelancer", "Freelancer")])


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, label="Token name", help_text="e.g. “desktop tracker”")
    scope = forms.ChoiceField(choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
