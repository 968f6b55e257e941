from __future__ import annotations

from django.db.models import QuerySet

from hirehall.accounts.models import ApiToken, User
from hirehall.core.errors import NotFound
from hirehall.core.ids import parse_id


def api_tokens_for(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-id")


def api_token_get_for(user: User, token_id: int | str) -> ApiToken:
    # Ids are opaque to clients: anything that is not one of *their* tokens is simply not found.
    pk = parse_id(token_id)
    token = ApiToken.objects.filter(user=user, pk=pk).first() if pk is not None else None
    if token is None:
        raise NotFound("No such token.")
    return token
