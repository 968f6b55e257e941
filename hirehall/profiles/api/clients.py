"""Clients' company pages and their stats."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from hirehall.core.api import problems
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.profiles import selectors, services
from hirehall.profiles.models import ClientProfile
from hirehall.profiles.schemas import ClientOut

router = Router()


class ClientPatch(Schema):
    company_name: str | None = Field(None, max_length=150)
    description: str | None = Field(None, max_length=3000)
    size: str | None = None
    industry: str | None = Field(None, max_length=100)
    country: str | None = None
    website: str | None = Field(None, max_length=300)


@router.get(
    "/clients/{client_id}",
    response={200: ClientOut, **problems(401, 404)},
    summary="A client's company page and stats (id = the client's user id)",
)
def get_client(request: HttpRequest, client_id: Id) -> ClientProfile:
    return selectors.client_profile_get_for(request_user(request), client_id)


@router.patch(
    "/me/client-profile",
    response={200: ClientOut, **problems(401, 403, 422)},
    summary="Change your company page (created on first use)",
)
def patch_my_client_profile(request: HttpRequest, payload: ClientPatch) -> ClientProfile:
    user = request_user(request)
    profile = services.client_profile_ensure(actor=user)
    services.client_profile_update(actor=user, profile=profile, **payload.dict(exclude_unset=True))
    return selectors.client_profile_get_for(user, user.pk)
