from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hirehall.accounts.models import ApiToken, User
from hirehall.accounts.selectors import api_token_get_for, api_tokens_for
from hirehall.accounts.services import api_token_create, api_token_revoke, user_set_locale
from hirehall.core.api import problems
from hirehall.core.pagination import MAX_LIMIT, paginate
from hirehall.core.schemas import Id, IdStr
from hirehall.core.web import request_user

router = Router(tags=["accounts"])


class MeOut(Schema):  # from the User
    id: IdStr
    email: str
    name: str
    roles: list[str]
    is_staff: bool
    date_joined: datetime
    language: str = Field(description="The language of the user's pages and emails (`en`, `es`).")
    timezone: str = Field(description="The IANA timezone their pages and emails show times in.")


class MePatch(Schema):
    language: str | None = Field(None, max_length=16, description="One of the site's languages: `en`, `es`.")
    timezone: str | None = Field(None, max_length=64, description="An IANA name such as `Europe/Madrid`.")


class TokenOut(Schema):
    id: IdStr
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


@router.get("/me", response={200: MeOut, **problems(401)}, summary="The signed-in user")
def me(request: HttpRequest) -> User:
    return request_user(request)


@router.patch(
    "/me",
    response={200: MeOut, **problems(401, 403, 422)},
    summary="Change your language and/or timezone (the settings page's choices)",
)
def update_me(request: HttpRequest, payload: MePatch) -> User:
    # The same service and checks as Settings → Language and timezone: an unknown value is a 422
    # validation_error and nothing is saved.
    return user_set_locale(actor=request_user(request), language=payload.language, time_zone=payload.timezone)


@router.get("/me/tokens", response={200: TokenPage, **problems(400, 401)}, summary="Your API tokens")
def list_tokens(
    request: HttpRequest, cursor: str | None = None, limit: int = Query(20, ge=1, le=MAX_LIMIT)
) -> dict[str, object]:
    rows, next_cursor = paginate(api_tokens_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": next_cursor}


@router.post(
    "/me/tokens",
    response={201: TokenCreatedOut, **problems(401, 403, 409, 422)},
    summary="Create an API token (the secret is returned once)",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status:
    token, raw = api_token_create(actor=request_user(request), name=payload.name, scope=payload.scope)
    token.token = raw  # type: ignore[attr-defined]  # the secret exists only in this response
    return Status(201, token)


@router.post(
    "/me/tokens/{token_id}/revoke",
    response={200: TokenOut, **problems(401, 403, 404, 409, 422)},
    summary="Revoke an API token",
)
def revoke_token(request: HttpRequest, token_id: Id) -> ApiToken:
    user = request_user(request)
    return api_token_revoke(actor=user, token=api_token_get_for(user, token_id))
