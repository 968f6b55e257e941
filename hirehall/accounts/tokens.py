"""Personal access tokens: `hh_<random>`; the database keeps only sha256(token)."""

from __future__ import annotations

import hashlib
import secrets

from django.http import HttpRequest

from hirehall.accounts.models import ApiToken, User

TOKEN_PREFIX = "hh_"  # noqa: S105 - a public marker, not a secret


def new_token_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def bearer_token(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def active_token(raw: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def user_from_request(request: HttpRequest) -> User | None:
    """Who is asking: a valid bearer token's owner, else the session user, else None."""
    raw = bearer_token(request)
    if raw is not None:
        token = active_token(raw)
        return token.user if token else None
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        return user
    return None
