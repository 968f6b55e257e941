from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from hirehall.accounts.forms import AddRoleForm, ApiTokenForm, LocaleForm
from hirehall.accounts.locale import language_codes
from hirehall.accounts.selectors import api_token_get_for, api_tokens_for
from hirehall.accounts.services import api_token_create, api_token_revoke, user_set_locale, user_set_roles
from hirehall.core.web import refusals, request_user


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    context = {
        "tokens": list(api_tokens_for(user)),
        "token_form": ApiTokenForm(),
        "role_form": AddRoleForm(),
        "locale_form": LocaleForm(initial={"language": user.language, "timezone": user.timezone}),
        "new_token": request.session.pop("new_token", None),
    }
    return render(request, "accounts/settings.html", context)


@login_required
@require_POST
def add_role(request: HttpRequest) -> HttpResponse:
    form = AddRoleForm(request.POST)
    if form.is_valid():
        role = form.cleaned_data["role"]
        user_set_roles(actor=request_user(request), client=role == "client", freelancer=role == "freelancer")
        if role == "client":
            messages.success(request, _("You can now act as a client."))
        else:
            messages.success(request, _("You can now act as a freelancer."))
    else:
        messages.error(request, _("Choose client or freelancer."))
    return redirect("account_settings")


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name and a scope."))
        return redirect("account_settings")
    with refusals(request) as refused:
        _token, raw = api_token_create(
            actor=request_user(request), name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
    if refused:
        return redirect("account_settings")
    # Shown once on the next page, then gone: only its hash is stored.
    request.session["new_token"] = raw
    messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    return redirect("account_settings")


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = request_user(request)
    token = api_token_get_for(user, token_id)
    api_token_revoke(actor=user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("account_settings")


@login_required
@require_POST
def locale_update(request: HttpRequest) -> HttpResponse:
    form = LocaleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a language and a timezone from the lists."))
        return redirect("account_settings")
    user = user_set_locale(
        actor=request_user(request),
        language=form.cleaned_data["language"],
        time_zone=form.cleaned_data["timezone"],
    )
    # The confirmation is already in the newly chosen language.
    with translation.override(user.language):
        messages.success(request, _("Language and timezone saved."))
    return redirect("account_settings")


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """The footer's language switcher: Django's set_language (cookie, redirect to `next`), and for a
    signed-in user the saved language too, which otherwise wins over the cookie on the next page."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in language_codes():
        user_set_locale(actor=request_user(request), language=language)
    return set_language(request)
