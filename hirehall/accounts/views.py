from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hirehall.accounts.forms import AddRoleForm, ApiTokenForm
from hirehall.accounts.selectors import api_token_get_for, api_tokens_for
from hirehall.accounts.services import api_token_create, api_token_revoke, user_set_roles
from hirehall.core.web import refusals, request_user


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    context = {
        "tokens": list(api_tokens_for(user)),
        "token_form": ApiTokenForm(),
        "role_form": AddRoleForm(),
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
        messages.success(request, f"You can now act as a {role}.")
    else:
        messages.error(request, "Choose client or freelancer.")
    return redirect("account_settings")


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the token a name and a scope.")
        return redirect("account_settings")
    with refusals(request) as refused:
        _token, raw = api_token_create(
            actor=request_user(request), name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
    if refused:
        return redirect("account_settings")
    # Shown once on the next page, then gone: only its hash is stored.
    request.session["new_token"] = raw
    messages.success(request, "Token created. Copy it now: it will not be shown again.")
    return redirect("account_settings")


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = request_user(request)
    token = api_token_get_for(user, token_id)
    api_token_revoke(actor=user, token=token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("account_settings")
