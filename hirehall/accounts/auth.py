"""The API's authentication: personal access tokens and the browser session.

It lives here, not in core, because it reads accounts' models: core imports no app (docs/decisions/0007).
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from hirehall.accounts.models import ApiToken, User
from hirehall.accounts.tokens import active_token
from hirehall.core.errors import DomainError


class TokenAuth(HttpBearer):
    """`Authorization: Bearer hh_...`: read scope for safe methods, write scope for the rest."""

    openapi_description = "Personal access token from Settings → API tokens."

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = active_token(token)
        if api_token is None:
            return None
        if not api_token.allows(request.method or "GET"):
            raise DomainError(
                "insufficient_scope", "This token is read-only; create one with the write scope."
            )
        _touch(api_token)
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class SessionUserAuth(APIKeyCookie):
    """The browser session (CSRF-checked for unsafe methods, like Django forms)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated and user.is_active:
            return user
        return None


def _touch(api_token: ApiToken) -> None:
    # At most one write a minute per token, not one per request.
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
