from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hirehall.accounts.models import ApiToken
from hirehall.accounts.selectors import api_token_get_for, api_tokens_for
from hirehall.accounts.services import api_token_create, api_token_revoke
from hirehall.core.api import problems
from hirehall.core.pagination import MAX_LIMIT, paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: str
    email: str
    name: str
    roles: list[str]
    is_staff: bool
    date_joined: datetime


class TokenOut(Schema):
    id: str
    name: str
    prefix: str
    scope: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenPage(Schema):
    items: list[TokenOut]
    next: str | None


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    scope: ApiToken.Scope = ApiToken.Scope.READ


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The secret. Shown once; store it now.")


def _token_out(token: ApiToken) -> dict[str, object]:
    return {
        "id": str(token.pk),
        "name": token.name,
        "prefix": token.prefix,
        "scope": token.scope,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }


@router.get("/me", response={200: MeOut, **problems(401)}, summary="The signed-in user")
def me(request: HttpRequest) -> dict[str, object]:
    user = request_user(request)
    return {
        "id": str(user.pk),
        "email": user.email,
        "name": user.name,
        "roles": user.roles,
        "is_staff": user.is_staff,
        "date_joined": user.date_joined,
    }


@router.get("/me/tokens", response={200: TokenPage, **problems(400, 401)}, summary="Your API tokens")
def list_tokens(
    request: HttpRequest, cursor: str | None = None, limit: int = Query(20, ge=1, le=MAX_LIMIT)
) -> dict[str, object]:
    rows, next_cursor = paginate(api_tokens_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": [_token_out(t) for t in rows], "next": next_cursor}


@router.post(
    "/me/tokens",
    response={201: TokenCreatedOut, **problems(401, 403, 409, 422)},
    summary="Create an API token (the secret is returned once)",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status:
    token, raw = api_token_create(actor=request_user(request), name=payload.name, scope=payload.scope)
    return Status(201, {**_token_out(token), "token": raw})


@router.post(
    "/me/tokens/{token_id}/revoke",
    response={200: TokenOut, **problems(401, 403, 404, 409, 422)},
    summary="Revoke an API token",
)
def revoke_token(request: HttpRequest, token_id: Id) -> dict[str, object]:
    user = request_user(request)
    token = api_token_revoke(actor=user, token=api_token_get_for(user, token_id))
    return _token_out(token)
