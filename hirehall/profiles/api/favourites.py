"""Favourites: the client's lists of saved freelancers."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hirehall.core.api import problems
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.profiles import selectors, services
from hirehall.profiles.models import FavouriteList, ProfileSkill
from hirehall.profiles.schemas import FavouriteEntryPage, FavouriteListOut, FavouriteListPage

router = Router()


class FavouriteListIn(Schema):
    name: str = Field(min_length=1, max_length=80)


@router.get(
    "/favourites", response={200: FavouriteListPage, **problems(400, 401)}, summary="Your favourites lists"
)
def list_favourites(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, next_cursor = paginate(
        selectors.favourite_lists_for(request_user(request)), cursor=cursor, limit=limit
    )
    return {"items": rows, "next": next_cursor}


@router.post(
    "/favourites", response={201: FavouriteListOut, **problems(401, 403, 409, 422)}, summary="Create a list"
)
def create_favourite_list(request: HttpRequest, payload: FavouriteListIn) -> Status:
    return Status(201, services.favourite_list_create(actor=request_user(request), name=payload.name))


@router.delete("/favourites/{list_id}", response={204: None, **problems(401, 404)}, summary="Delete a list")
def delete_favourite_list(request: HttpRequest, list_id: Id) -> Status:
    user = request_user(request)
    services.favourite_list_delete(actor=user, favourite_list=selectors.favourite_list_get_for(user, list_id))
    return Status(204, None)


@router.get(
    "/favourites/{list_id}/freelancers",
    response={200: FavouriteEntryPage, **problems(400, 401, 404)},
    summary="Freelancers saved in a list",
)
def list_favourite_entries(
    request: HttpRequest, list_id: Id, cursor: str | None = None, limit: int = 20
) -> dict[str, object]:
    user = request_user(request)
    fl = selectors.favourite_list_get_for(user, list_id)
    rows, next_cursor = paginate(
        selectors.favourite_entries(user, fl).prefetch_related(
            Prefetch(
                "profile__profile_skills",
                queryset=ProfileSkill.objects.select_related("skill").order_by("position"),
            )
        ),
        cursor=cursor,
        limit=limit,
    )
    return {"entries": rows, "next": next_cursor}  # FavouriteEntryPage shows each entry's profile


@router.put(
    "/favourites/{list_id}/freelancers/{freelancer_id}",
    response={200: FavouriteListOut, **problems(401, 403, 404)},
    summary="Save a freelancer to a list (idempotent)",
)
def add_favourite(request: HttpRequest, list_id: Id, freelancer_id: Id) -> FavouriteList:
    user = request_user(request)
    fl = selectors.favourite_list_get_for(user, list_id)
    services.favourite_add(
        actor=user, profile=selectors.freelancer_profile_get_for(user, freelancer_id), favourite_list=fl
    )
    fl.size = fl.entries.count()  # type: ignore[attr-defined]  # as favourite_lists_for() annotates it
    return fl


@router.delete(
    "/favourites/{list_id}/freelancers/{freelancer_id}",
    response={204: None, **problems(401, 404)},
    summary="Remove a freelancer from a list",
)
def remove_favourite(request: HttpRequest, list_id: Id, freelancer_id: Id) -> Status:
    user = request_user(request)
    fl = selectors.favourite_list_get_for(user, list_id)
    services.favourite_remove(
        actor=user, profile=selectors.freelancer_profile_get_for(user, freelancer_id), favourite_list=fl
    )
    return Status(204, None)
