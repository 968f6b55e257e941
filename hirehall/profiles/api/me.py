"""Your freelancer profile: fields, skills, languages, photo and intro video."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from hirehall.core.api import problems
from hirehall.core.money import parse_money
from hirehall.profiles import selectors, services
from hirehall.profiles.api._common import fresh_profile, own_profile
from hirehall.profiles.models import FreelancerProfile, LanguageLevel, Visibility
from hirehall.profiles.schemas import FreelancerOut

router = Router()


class ProfilePatch(Schema):
    title: str | None = Field(None, max_length=120)
    overview: str | None = Field(None, max_length=5000)
    hourly_rate: str | None = Field(None, description='Decimal string, USD per hour, e.g. "45.00"')
    country: str | None = None
    timezone: str | None = None
    hours_per_week: int | None = None
    available_now: bool | None = None
    visibility: Visibility | None = None
    video_url: str | None = None


class SkillsIn(Schema):
    skills: list[str] = Field(description="Skill slugs in order of importance (max 15)")


class LanguageIn(Schema):
    code: str
    level: LanguageLevel


class LanguagesIn(Schema):
    languages: list[LanguageIn]


@router.get(
    "/me/freelancer-profile",
    response={200: FreelancerOut, **problems(401, 403)},
    summary="Your freelancer profile (created empty on first use) with its completeness",
)
def get_my_profile(request: HttpRequest) -> FreelancerProfile:
    return own_profile(request)[1]


@router.patch(
    "/me/freelancer-profile",
    response={200: FreelancerOut, **problems(401, 403, 422)},
    summary="Change fields of your freelancer profile",
)
def patch_my_profile(request: HttpRequest, payload: ProfilePatch) -> FreelancerProfile:
    changes = payload.dict(exclude_unset=True)
    if "hourly_rate" in changes:  # parsed before own_profile(), which may create the profile
        rate = changes.pop("hourly_rate")
        changes["hourly_rate_cents"] = None if rate is None else parse_money(rate, field="hourly_rate")
    user, profile = own_profile(request)
    services.freelancer_profile_update(actor=user, profile=profile, **changes)
    return fresh_profile(user)


@router.put(
    "/me/freelancer-profile/skills",
    response={200: FreelancerOut, **problems(401, 403, 422)},
    summary="Set your skills, in order",
)
def put_my_skills(request: HttpRequest, payload: SkillsIn) -> FreelancerProfile:
    user, profile = own_profile(request)
    services.freelancer_profile_set_skills(
        actor=user, profile=profile, skills=selectors.skills_by_slugs(payload.skills)
    )
    return fresh_profile(user)


@router.put(
    "/me/freelancer-profile/languages",
    response={200: FreelancerOut, **problems(401, 403, 422)},
    summary="Set your languages and levels",
)
def put_my_languages(request: HttpRequest, payload: LanguagesIn) -> FreelancerProfile:
    user, profile = own_profile(request)
    services.freelancer_profile_set_languages(
        actor=user, profile=profile, languages=[(lang.code, lang.level) for lang in payload.languages]
    )
    return fresh_profile(user)


@router.post(
    "/me/freelancer-profile/photo",
    response={200: FreelancerOut, **problems(401, 403, 413, 415, 422)},
    summary="Upload your photo (JPEG/PNG/WebP/GIF, re-encoded, cropped square)",
)
def post_my_photo(request: HttpRequest, photo: UploadedFile = File(...)) -> FreelancerProfile:  # noqa: B008
    user, profile = own_profile(request)
    services.freelancer_profile_set_photo(actor=user, profile=profile, upload=photo)
    return fresh_profile(user)


@router.delete(
    "/me/freelancer-profile/photo",
    response={200: FreelancerOut, **problems(401, 403)},
    summary="Remove your photo",
)
def delete_my_photo(request: HttpRequest) -> FreelancerProfile:
    user, profile = own_profile(request)
    services.freelancer_profile_remove_photo(actor=user, profile=profile)
    return fresh_profile(user)


@router.post(
    "/me/freelancer-profile/video",
    response={200: FreelancerOut, **problems(401, 403, 413, 415, 422)},
    summary="Upload your intro video (MP4/WebM/QuickTime)",
)
def post_my_video(request: HttpRequest, video: UploadedFile = File(...)) -> FreelancerProfile:  # noqa: B008
    user, profile = own_profile(request)
    services.freelancer_profile_set_video(actor=user, profile=profile, upload=video)
    return fresh_profile(user)


@router.delete(
    "/me/freelancer-profile/video",
    response={200: FreelancerOut, **problems(401, 403)},
    summary="Remove your intro video or link",
)
def delete_my_video(request: HttpRequest) -> FreelancerProfile:
    user, profile = own_profile(request)
    services.freelancer_profile_remove_video(actor=user, profile=profile)
    return fresh_profile(user)
