"""Account writes: roles and personal access tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hirehall.accounts.locale import language_codes, timezone_names
from hirehall.accounts.models import ApiToken, User
from hirehall.accounts.tokens import hash_token, new_token_secret
from hirehall.core.errors import DomainError

ROLES = ("client", "freelancer")
MAX_ACTIVE_TOKENS = 20


def user_set_roles(*, actor: User, client: bool, freelancer: bool) -> User:
    """Add roles. A role, once taken, stays: its contracts and history depend on it."""
    if not (client or freelancer or actor.is_client or actor.is_freelancer):
        raise DomainError("validation_error", "Choose at least one role: client or freelancer.")
    fields = []
    if client and not actor.is_client:
        actor.is_client = True
        fields.append("is_client")
    if freelancer and not actor.is_freelancer:
        actor.is_freelancer = True
        fields.append("is_freelancer")
    if fields:
        actor.save(update_fields=fields)
    return actor


def user_set_locale(*, actor: User, language: str | None = None, time_zone: str | None = None) -> User:
    """Save the language and/or timezone pages and emails use for this user (times stay UTC in the
    database). Unknown values are refused, never stored."""
    fields = []
    if language is not None:
        if language not in language_codes():
            raise DomainError("validation_error", f"language must be one of {sorted(language_codes())}")
        actor.language = language
        fields.append("language")
    if time_zone is not None:
        if time_zone not in timezone_names():
            raise DomainError("validation_error", "timezone must be an IANA name like Europe/Madrid")
        actor.timezone = time_zone
        fields.append("timezone")
    if fields:
        actor.save(update_fields=fields)
    return actor


@transaction.atomic
def api_token_create(*, actor: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """Returns the token row and the raw secret, which is never stored and shown once."""
    name = name.strip()
    if not name or len(name) > 100:
        raise DomainError("validation_error", "Token name must be 1 to 100 characters.")
    if scope not in ApiToken.Scope.values:
        raise DomainError("validation_error", f"scope must be one of {ApiToken.Scope.values}")
    # Lock the user row so two concurrent creations cannot both pass the cap.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise DomainError("conflict", f"At most {MAX_ACTIVE_TOKENS} active tokens; revoke one first.")
    raw = new_token_secret()
    token = ApiToken.objects.create(
        user=actor, name=name, scope=scope, prefix=raw[: len("hh_") + 6], token_hash=hash_token(raw)
    )
    return token, raw


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise DomainError("not_found")
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        token.refresh_from_db(fields=["revoked_at"])
    return token
