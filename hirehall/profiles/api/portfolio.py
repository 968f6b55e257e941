"""Your portfolio (items and their files), employment history and education."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from hirehall.core.api import problems
from hirehall.core.errors import DomainError
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.profiles import selectors, services
from hirehall.profiles.api._common import own_profile
from hirehall.profiles.models import PortfolioItem
from hirehall.profiles.schemas import EducationOut, EmploymentOut, PortfolioFileOut, PortfolioItemOut

router = Router()


class PortfolioIn(Schema):
    title: str = Field(min_length=1, max_length=120)
    description: str = Field("", max_length=5000)
    role: str = Field("", max_length=120)
    result: str = Field("", max_length=200)
    link: str = Field("", max_length=300)
    skills: list[str] = Field(default_factory=list, description="skill slugs")


class PortfolioPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = Field(None, max_length=5000)
    role: str | None = Field(None, max_length=120)
    result: str | None = Field(None, max_length=200)
    link: str | None = Field(None, max_length=300)
    skills: list[str] | None = None


@router.post(
    "/me/portfolio",
    response={201: PortfolioItemOut, **problems(401, 403, 409, 422)},
    summary="Add a portfolio item",
)
def create_portfolio_item(request: HttpRequest, payload: PortfolioIn) -> Status:
    user, profile = own_profile(request)
    data = payload.dict()
    skills = selectors.skills_by_slugs(data.pop("skills"))
    item = services.portfolio_item_create(actor=user, profile=profile, skills=skills, **data)
    return Status(201, selectors.portfolio_item_get_for(user, item.pk))


@router.patch(
    "/me/portfolio/{item_id}",
    response={200: PortfolioItemOut, **problems(401, 404, 422)},
    summary="Change a portfolio item",
)
def patch_portfolio_item(request: HttpRequest, item_id: Id, payload: PortfolioPatch) -> PortfolioItem:
    user = request_user(request)
    item = selectors.owned_portfolio_item_get_for(user, item_id)
    data = payload.dict(exclude_unset=True)
    slugs = data.pop("skills", None)
    skills = selectors.skills_by_slugs(slugs) if slugs is not None else None
    services.portfolio_item_update(actor=user, item=item, skills=skills, **data)
    return selectors.portfolio_item_get_for(user, item.pk)


@router.delete(
    "/me/portfolio/{item_id}", response={204: None, **problems(401, 404)}, summary="Delete a portfolio item"
)
def delete_portfolio_item(request: HttpRequest, item_id: Id) -> Status:
    user = request_user(request)
    services.portfolio_item_delete(actor=user, item=selectors.owned_portfolio_item_get_for(user, item_id))
    return Status(204, None)


@router.post(
    "/me/portfolio/{item_id}/files",
    response={201: PortfolioFileOut, **problems(401, 404, 409, 413, 415, 422)},
    summary="Attach an image (re-encoded) or a PDF/Office document to a portfolio item",
)
def add_portfolio_file(
    request: HttpRequest,
    item_id: Id,
    file: UploadedFile = File(...),  # noqa: B008
) -> Status:
    user = request_user(request)
    item = selectors.owned_portfolio_item_get_for(user, item_id)
    return Status(201, services.portfolio_file_add(actor=user, item=item, upload=file))


@router.delete(
    "/me/portfolio/{item_id}/files/{file_id}",
    response={204: None, **problems(401, 404)},
    summary="Remove a file from a portfolio item",
)
def delete_portfolio_file(request: HttpRequest, item_id: Id, file_id: Id) -> Status:
    user = request_user(request)
    item = selectors.owned_portfolio_item_get_for(user, item_id)
    file = selectors.portfolio_file_get_for(user, file_id)
    if file.item_id != item.pk:
        raise DomainError("not_found", "No such file.")
    services.portfolio_file_delete(actor=user, file=file)
    return Status(204, None)


# --- employment and education ----------------------------------------------------------------------
class EmploymentIn(Schema):
    company: str = Field(min_length=1, max_length=120)
    role: str = Field(min_length=1, max_length=120)
    start_year: int
    end_year: int | None = None
    description: str = Field("", max_length=2000)


class EducationIn(Schema):
    school: str = Field(min_length=1, max_length=150)
    degree: str = Field("", max_length=120)
    field_of_study: str = Field("", max_length=120)
    start_year: int | None = None
    end_year: int | None = None


@router.post(
    "/me/employment", response={201: EmploymentOut, **problems(401, 403, 409, 422)}, summary="Add employment"
)
def create_employment(request: HttpRequest, payload: EmploymentIn) -> Status:
    user, profile = own_profile(request)
    return Status(201, services.employment_create(actor=user, profile=profile, **payload.dict()))


@router.delete(
    "/me/employment/{row_id}", response={204: None, **problems(401, 404)}, summary="Remove employment"
)
def delete_employment(request: HttpRequest, row_id: Id) -> Status:
    user = request_user(request)
    services.employment_delete(actor=user, employment=selectors.owned_employment_get_for(user, row_id))
    return Status(204, None)


@router.post(
    "/me/education", response={201: EducationOut, **problems(401, 403, 409, 422)}, summary="Add education"
)
def create_education(request: HttpRequest, payload: EducationIn) -> Status:
    user, profile = own_profile(request)
    return Status(201, services.education_create(actor=user, profile=profile, **payload.dict()))


@router.delete(
    "/me/education/{row_id}", response={204: None, **problems(401, 404)}, summary="Remove education"
)
def delete_education(request: HttpRequest, row_id: Id) -> Status:
    user = request_user(request)
    services.education_delete(actor=user, education=selectors.owned_education_get_for(user, row_id))
    return Status(204, None)
