from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hirehall.accounts.locale import language_codes, timezone_names
from hirehall.accounts.models import ApiToken, User
from hirehall.accounts.services import user_set_locale, user_set_roles


class RolesMixin(forms.Form):
    is_client = forms.BooleanField(required=False, label=_("I want to hire (client)"))
    is_freelancer = forms.BooleanField(required=False, label=_("I want to work (freelancer)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("is_client") and not data.get("is_freelancer"):
            raise forms.ValidationError(_("Choose at least one role; you can add the other later."))
        return data


class SignupRolesForm(RolesMixin):
    """allauth calls `signup` once the user exists (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(max_length=150, required=False, label=_("Full name"))
    field_order = ["name", "is_client", "is_freelancer"]

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data.get("name", "")
        user.save(update_fields=["name"])
        # The language the visitor signed up in becomes the account's (changeable in settings).
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in language_codes():
            user_set_locale(actor=user, language=language)
        user_set_roles(
            actor=user,
            client=bool(self.cleaned_data["is_client"]),
            freelancer=bool(self.cleaned_data["is_freelancer"]),
        )


class AddRoleForm(forms.Form):
    role = forms.ChoiceField(choices=[("client", _("Client")), ("freelancer", _("Freelancer"))])


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, label=_("Token name"), help_text=_("e.g. “desktop tracker”"))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)


def _timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(timezone_names())]


class LocaleForm(forms.Form):
    """The account's language and timezone (account settings page)."""

    language = forms.ChoiceField(label=_("Language"), choices=lambda: list(settings.LANGUAGES))
    timezone = forms.ChoiceField(
        label=_("Timezone"),
        choices=_timezone_choices,
        help_text=_("Dates and times on every page and in emails are shown in this timezone."),
    )
