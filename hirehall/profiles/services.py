"""Every write to profiles, portfolios, client pages and favourites.

Each use case is one durable transaction that also updates the search index, so the index can never
disagree with the profile. Another user's object is reported as not found (it is not theirs to
know about). Stored files that become unused are deleted only after the commit.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any
from urllib.parse import urlparse

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model

from hirehall.accounts.models import User
from hirehall.core import uploads
from hirehall.core.errors import DomainError, NotFound
from hirehall.profiles import search_index
from hirehall.profiles.models import (
    ClientProfile,
    CompanySize,
    Education,
    Employment,
    FavouriteEntry,
    FavouriteList,
    FreelancerProfile,
    LanguageLevel,
    PortfolioFile,
    PortfolioItem,
    ProfileLanguage,
    ProfileSkill,
    Skill,
    Visibility,
)
from hirehall.profiles.reference import COUNTRY_NAMES, LANGUAGE_NAMES

MAX_SKILLS = 15
MAX_LANGUAGES = 10
MAX_PORTFOLIO_ITEMS = 50
MAX_FILES_PER_ITEM = 10
MAX_ENTRIES = 20  # employment or education rows
MAX_FAVOURITE_LISTS = 50
_TIMEZONES = frozenset(zoneinfo.available_timezones())
VIDEO_LINK_HOSTS = (
    "youtube.com",
    "www.youtube.com",
    "youtu.be",
    "vimeo.com",
    "www.vimeo.com",
    "www.loom.com",
    "loom.com",
)


def _invalid(detail: str) -> DomainError:
    return DomainError("validation_error", detail)


def _own_profile(actor: User, profile: FreelancerProfile) -> None:
    if profile.user_id != actor.pk:
        raise NotFound("No such profile.")


def _check_video_link(url: str) -> str:
    """Intro video links: https on a known video host only (they are embedded as links, not fetched)."""
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme != "https" or (parsed.hostname or "").lower() not in VIDEO_LINK_HOSTS:
        raise DomainError("validation_error", "Video links must be https on YouTube, Vimeo or Loom.")
    return url


def _after_commit_delete(*paths: str) -> None:
    kept = [p for p in paths if p]
    if kept:
        transaction.on_commit(lambda: uploads.delete_stored(*kept))


@contextmanager
def _discard_on_error(*paths: str) -> Iterator[None]:
    """Files are written before the rows that name them: if writing the rows fails, delete them."""
    try:
        yield
    except BaseException:
        uploads.delete_stored(*paths)
        raise


def _max_length(model: type[Model], name: str) -> int:
    return int(getattr(model._meta.get_field(name), "max_length", 0) or 0)


# --- freelancer profile -------------------------------------------------------------------------


@transaction.atomic(durable=True)
def freelancer_profile_ensure(*, actor: User) -> FreelancerProfile:
    """The actor's profile, created empty on first use. Only freelancers have one."""
    if not actor.is_freelancer:
        raise DomainError("role_required", "Add the freelancer role to create a profile.")
    profile, _ = FreelancerProfile.objects.get_or_create(user=actor)
    return profile


PROFILE_FIELDS = (
    "title",
    "overview",
    "hourly_rate_cents",
    "country",
    "timezone",
    "hours_per_week",
    "available_now",
    "visibility",
    "video_url",
)


def _clean_profile_field(name: str, value: Any) -> Any:
    if name in ("title", "overview"):
        value = str(value or "").strip()
        cap = _max_length(FreelancerProfile, name)
        if len(value) > cap:
            raise _invalid(f"{name} is limited to {cap} characters.")
        return value
    if name == "hourly_rate_cents":
        if value is None:
            return None
        rate = int(value)
        if not FreelancerProfile.MIN_RATE_CENTS <= rate <= FreelancerProfile.MAX_RATE_CENTS:
            raise _invalid("Hourly rate must be between $3.00 and $999.00.")
        return rate
    if name == "country":
        value = str(value or "").upper()
        if value and value not in COUNTRY_NAMES:
            raise _invalid(f"Unknown country code {value!r}.")
        return value
    if name == "timezone":
        value = str(value or "")
        if value and value not in _TIMEZONES:
            raise _invalid(f"Unknown time zone {value!r}.")
        return value
    if name == "hours_per_week":
        if value is None:
            return None
        hours = int(value)
        if not 1 <= hours <= 80:
            raise _invalid("Hours per week must be between 1 and 80.")
        return hours
    if name == "available_now":
        return bool(value)
    if name == "visibility":
        if value not in Visibility.values:
            raise _invalid(f"visibility must be one of {Visibility.values}.")
        return value
    if name == "video_url":
        return _check_video_link(value) if value else ""
    raise _invalid(f"Unknown field {name!r}.")


@transaction.atomic(durable=True)
def freelancer_profile_update(
    *, actor: User, profile: FreelancerProfile, **changes: Any
) -> FreelancerProfile:
    """Change any of PROFILE_FIELDS; validation happens before anything is written."""
    _own_profile(actor, profile)
    cleaned = {name: _clean_profile_field(name, value) for name, value in changes.items()}
    changed = [name for name, value in cleaned.items() if getattr(profile, name) != value]
    for name in changed:
        setattr(profile, name, cleaned[name])
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])
        search_index.reindex_profile(profile.pk)
    return profile


@transaction.atomic(durable=True)
def freelancer_profile_set_skills(
    *, actor: User, profile: FreelancerProfile, skills: Sequence[Skill]
) -> FreelancerProfile:
    """Replace the skills with this ordered list (the first ones show on search cards)."""
    _own_profile(actor, profile)
    if len(skills) > MAX_SKILLS:
        raise _invalid(f"At most {MAX_SKILLS} skills.")
    if len({s.pk for s in skills}) != len(skills):
        raise _invalid("Each skill can be listed once.")
    ProfileSkill.objects.filter(profile=profile).delete()
    ProfileSkill.objects.bulk_create(
        [ProfileSkill(profile=profile, skill=skill, position=i) for i, skill in enumerate(skills)]
    )
    FreelancerProfile.objects.filter(pk=profile.pk).update(updated_at=profile.updated_at)
    search_index.reindex_profile(profile.pk)
    return profile


@transaction.atomic(durable=True)
def freelancer_profile_set_languages(
    *, actor: User, profile: FreelancerProfile, languages: Sequence[tuple[str, str]]
) -> FreelancerProfile:
    """Replace the languages: (ISO 639-1 code, level) pairs in the order given."""
    _own_profile(actor, profile)
    if len(languages) > MAX_LANGUAGES:
        raise _invalid(f"At most {MAX_LANGUAGES} languages.")
    codes = [code for code, _ in languages]
    if len(set(codes)) != len(codes):
        raise _invalid("Each language can be listed once.")
    for code, level in languages:
        if code not in LANGUAGE_NAMES:
            raise _invalid(f"Unknown language code {code!r}.")
        if level not in LanguageLevel.values:
            raise _invalid(f"level must be one of {LanguageLevel.values}.")
    ProfileLanguage.objects.filter(profile=profile).delete()
    ProfileLanguage.objects.bulk_create(
        [
            ProfileLanguage(profile=profile, language=code, level=level, position=i)
            for i, (code, level) in enumerate(languages)
        ]
    )
    search_index.reindex_profile(profile.pk)
    return profile


def _store_photo(upload: UploadedFile) -> uploads.StoredImage:
    return uploads.store_image(upload, folder="profiles/photos", cap_name="photo_bytes", square_thumb=256)


@transaction.atomic(durable=True)
def freelancer_profile_set_photo(
    *, actor: User, profile: FreelancerProfile, upload: UploadedFile
) -> FreelancerProfile:
    _own_profile(actor, profile)
    stored = _store_photo(upload)
    with _discard_on_error(stored.path, stored.thumb_path):
        _after_commit_delete(profile.photo, profile.photo_thumb)
        profile.photo, profile.photo_thumb = stored.path, stored.thumb_path
        profile.save(update_fields=["photo", "photo_thumb", "updated_at"])
    return profile


@transaction.atomic(durable=True)
def freelancer_profile_remove_photo(*, actor: User, profile: FreelancerProfile) -> FreelancerProfile:
    _own_profile(actor, profile)
    _after_commit_delete(profile.photo, profile.photo_thumb)
    profile.photo = profile.photo_thumb = ""
    profile.save(update_fields=["photo", "photo_thumb", "updated_at"])
    return profile


@transaction.atomic(durable=True)
def freelancer_profile_set_video(
    *, actor: User, profile: FreelancerProfile, upload: UploadedFile
) -> FreelancerProfile:
    """An uploaded intro video replaces any link (one intro video per profile)."""
    _own_profile(actor, profile)
    stored = uploads.store_video(upload, folder="profiles/videos")
    with _discard_on_error(stored.path):
        _after_commit_delete(profile.video)
        profile.video, profile.video_content_type, profile.video_url = stored.path, stored.content_type, ""
        profile.save(update_fields=["video", "video_content_type", "video_url", "updated_at"])
    return profile


@transaction.atomic(durable=True)
def freelancer_profile_remove_video(*, actor: User, profile: FreelancerProfile) -> FreelancerProfile:
    _own_profile(actor, profile)
    _after_commit_delete(profile.video)
    profile.video = profile.video_content_type = profile.video_url = ""
    profile.save(update_fields=["video", "video_content_type", "video_url", "updated_at"])
    return profile


# --- portfolio ------------------------------------------------------------------------------------

PORTFOLIO_FIELDS = ("title", "description", "role", "result", "link")


def _clean_portfolio(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for name, value in changes.items():
        if name not in PORTFOLIO_FIELDS:
            raise _invalid(f"Unknown field {name!r}.")
        value = str(value or "").strip()
        cap = _max_length(PortfolioItem, name)
        if len(value) > cap:
            raise _invalid(f"{name} is limited to {cap} characters.")
        if name == "link" and value and not value.startswith(("https://", "http://")):
            raise _invalid("The link must start with https:// or http://.")
        cleaned[name] = value
    if "title" in cleaned and not cleaned["title"]:
        raise _invalid("A portfolio item needs a title.")
    return cleaned


def _own_item(actor: User, item: PortfolioItem) -> None:
    if item.profile.user_id != actor.pk:
        raise NotFound("No such portfolio item.")


@transaction.atomic(durable=True)
def portfolio_item_create(
    *, actor: User, profile: FreelancerProfile, skills: Sequence[Skill] = (), **fields: Any
) -> PortfolioItem:
    _own_profile(actor, profile)
    cleaned = _clean_portfolio(fields)
    if not cleaned.get("title"):
        raise _invalid("A portfolio item needs a title.")
    # Lock the profile row so two concurrent creations cannot both pass the cap.
    FreelancerProfile.objects.select_for_update().filter(pk=profile.pk).first()
    count = PortfolioItem.objects.filter(profile=profile).count()
    if count >= MAX_PORTFOLIO_ITEMS:
        raise DomainError("conflict", f"At most {MAX_PORTFOLIO_ITEMS} portfolio items.")
    item = PortfolioItem.objects.create(profile=profile, position=count, **cleaned)
    item.skills.set(skills)
    search_index.reindex_profile(profile.pk)
    return item


@transaction.atomic(durable=True)
def portfolio_item_update(
    *, actor: User, item: PortfolioItem, skills: Sequence[Skill] | None = None, **fields: Any
) -> PortfolioItem:
    _own_item(actor, item)
    cleaned = _clean_portfolio(fields)
    for name, value in cleaned.items():
        setattr(item, name, value)
    if cleaned:
        item.save(update_fields=list(cleaned))
    if skills is not None:
        item.skills.set(skills)
    search_index.reindex_profile(item.profile_id)
    return item


@transaction.atomic(durable=True)
def portfolio_item_delete(*, actor: User, item: PortfolioItem) -> None:
    _own_item(actor, item)
    paths = [p for f in item.files.all() for p in (f.path, f.thumb_path)]
    profile_id = item.profile_id
    item.delete()
    _after_commit_delete(*paths)
    search_index.reindex_profile(profile_id)


@transaction.atomic(durable=True)
def portfolio_file_add(*, actor: User, item: PortfolioItem, upload: UploadedFile) -> PortfolioFile:
    """Images are re-encoded (with a thumbnail); documents must sniff as PDF or Office files."""
    _own_item(actor, item)
    PortfolioItem.objects.select_for_update().filter(pk=item.pk).first()
    if PortfolioFile.objects.filter(item=item).count() >= MAX_FILES_PER_ITEM:
        raise DomainError("conflict", f"At most {MAX_FILES_PER_ITEM} files per portfolio item.")
    name = uploads.display_name(upload)
    if uploads.is_image(upload):
        image = uploads.store_image(upload, folder="portfolio/images")
        with _discard_on_error(image.path, image.thumb_path):
            return PortfolioFile.objects.create(
                item=item,
                kind=PortfolioFile.Kind.IMAGE,
                path=image.path,
                thumb_path=image.thumb_path,
                original_name=name,
                content_type=image.content_type,
                size=image.size,
            )
    stored = uploads.store_document(upload, folder="portfolio/files")
    with _discard_on_error(stored.path):
        return PortfolioFile.objects.create(
            item=item,
            kind=PortfolioFile.Kind.FILE,
            path=stored.path,
            original_name=name,
            content_type=stored.content_type,
            size=stored.size,
        )


@transaction.atomic(durable=True)
def portfolio_file_delete(*, actor: User, file: PortfolioFile) -> None:
    _own_item(actor, file.item)
    _after_commit_delete(file.path, file.thumb_path)
    file.delete()


# --- employment and education ---------------------------------------------------------------------


def _check_years(start: int | None, end: int | None) -> None:
    this_year = date.today().year  # noqa: DTZ011 - a calendar year, the zone does not matter
    for year in (start, end):
        if year is not None and not 1950 <= year <= this_year + 7:
            raise _invalid(f"Years must be between 1950 and {this_year + 7}.")
    if start is not None and end is not None and end < start:
        raise _invalid("The end year cannot be before the start year.")


@transaction.atomic(durable=True)
def employment_create(
    *,
    actor: User,
    profile: FreelancerProfile,
    company: str,
    role: str,
    start_year: int,
    end_year: int | None = None,
    description: str = "",
) -> Employment:
    _own_profile(actor, profile)
    company, role = company.strip(), role.strip()
    if not company or not role:
        raise _invalid("Company and role are required.")
    _check_years(start_year, end_year)
    if Employment.objects.filter(profile=profile).count() >= MAX_ENTRIES:
        raise DomainError("conflict", f"At most {MAX_ENTRIES} employment entries.")
    row = Employment.objects.create(
        profile=profile,
        company=company[:120],
        role=role[:120],
        start_year=start_year,
        end_year=end_year,
        description=description.strip()[:2000],
    )
    search_index.reindex_profile(profile.pk)
    return row


@transaction.atomic(durable=True)
def employment_delete(*, actor: User, employment: Employment) -> None:
    if employment.profile.user_id != actor.pk:
        raise NotFound("No such employment entry.")
    profile_id = employment.profile_id
    employment.delete()
    search_index.reindex_profile(profile_id)


@transaction.atomic(durable=True)
def education_create(
    *,
    actor: User,
    profile: FreelancerProfile,
    school: str,
    degree: str = "",
    field_of_study: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
) -> Education:
    _own_profile(actor, profile)
    school = school.strip()
    if not school:
        raise _invalid("School is required.")
    _check_years(start_year, end_year)
    if Education.objects.filter(profile=profile).count() >= MAX_ENTRIES:
        raise DomainError("conflict", f"At most {MAX_ENTRIES} education entries.")
    return Education.objects.create(
        profile=profile,
        school=school[:150],
        degree=degree.strip()[:120],
        field_of_study=field_of_study.strip()[:120],
        start_year=start_year,
        end_year=end_year,
    )


@transaction.atomic(durable=True)
def education_delete(*, actor: User, education: Education) -> None:
    if education.profile.user_id != actor.pk:
        raise NotFound("No such education entry.")
    education.delete()


# --- client profile -------------------------------------------------------------------------------

CLIENT_FIELDS = ("company_name", "description", "size", "industry", "country", "website")


@transaction.atomic(durable=True)
def client_profile_ensure(*, actor: User) -> ClientProfile:
    if not actor.is_client:
        raise DomainError("role_required", "Add the client role to have a company page.")
    profile, _ = ClientProfile.objects.get_or_create(user=actor)
    return profile


@transaction.atomic(durable=True)
def client_profile_update(*, actor: User, profile: ClientProfile, **changes: Any) -> ClientProfile:
    """Clients edit their page; `payment_verified` is not theirs to set."""
    if profile.user_id != actor.pk:
        raise NotFound("No such client profile.")
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in CLIENT_FIELDS:
            raise _invalid(f"Unknown field {name!r}.")
        value = str(value or "").strip()
        cap = _max_length(ClientProfile, name)
        if len(value) > cap:
            raise _invalid(f"{name} is limited to {cap} characters.")
        if name == "size" and value and value not in CompanySize.values:
            raise _invalid(f"size must be one of {CompanySize.values}.")
        if name == "country":
            value = value.upper()
            if value and value not in COUNTRY_NAMES:
                raise _invalid(f"Unknown country code {value!r}.")
        if name == "website" and value and not value.startswith(("https://", "http://")):
            raise _invalid("The website must start with https:// or http://.")
        cleaned[name] = value
    changed = [n for n, v in cleaned.items() if getattr(profile, n) != v]
    for name in changed:
        setattr(profile, name, cleaned[name])
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])
    return profile


# --- favourites -----------------------------------------------------------------------------------


def _require_client(actor: User) -> None:
    if not actor.is_client:
        raise DomainError("role_required", "Favourites lists are for clients.")


def _create_list(actor: User, name: str) -> FavouriteList:
    name = name.strip()
    if not name or len(name) > 80:
        raise _invalid("List names are 1 to 80 characters.")
    if FavouriteList.objects.filter(owner=actor).count() >= MAX_FAVOURITE_LISTS:
        raise DomainError("conflict", f"At most {MAX_FAVOURITE_LISTS} lists.")
    if FavouriteList.objects.filter(owner=actor, name=name).exists():
        raise DomainError("conflict", f"You already have a list called {name!r}.")
    return FavouriteList.objects.create(owner=actor, name=name)


@transaction.atomic(durable=True)
def favourite_list_create(*, actor: User, name: str) -> FavouriteList:
    _require_client(actor)
    User.objects.select_for_update().filter(pk=actor.pk).first()  # serialise the cap and name checks
    return _create_list(actor, name)


@transaction.atomic(durable=True)
def favourite_list_delete(*, actor: User, favourite_list: FavouriteList) -> None:
    if favourite_list.owner_id != actor.pk:
        raise NotFound("No such list.")
    favourite_list.delete()


@transaction.atomic(durable=True)
def favourite_add(
    *, actor: User, profile: FreelancerProfile, favourite_list: FavouriteList | None = None
) -> FavouriteEntry:
    """Save a freelancer (visible to the actor: the caller checked through a selector).

    Without a list, the default "Saved talent" list is used, created on first use. Saving twice is
    harmless: the existing entry is returned.
    """
    _require_client(actor)
    if favourite_list is None:
        User.objects.select_for_update().filter(pk=actor.pk).first()
        favourite_list = FavouriteList.objects.filter(owner=actor, name=FavouriteList.DEFAULT_NAME).first()
        if favourite_list is None:
            favourite_list = _create_list(actor, FavouriteList.DEFAULT_NAME)
    elif favourite_list.owner_id != actor.pk:
        raise NotFound("No such list.")
    entry, _ = FavouriteEntry.objects.get_or_create(favourite_list=favourite_list, profile=profile)
    return entry


@transaction.atomic(durable=True)
def favourite_remove(
    *, actor: User, profile: FreelancerProfile, favourite_list: FavouriteList | None = None
) -> int:
    """Remove from one list, or from all the actor's lists. Returns how many entries went."""
    qs = FavouriteEntry.objects.filter(profile=profile, favourite_list__owner=actor)
    if favourite_list is not None:
        if favourite_list.owner_id != actor.pk:
            raise NotFound("No such list.")
        qs = qs.filter(favourite_list=favourite_list)
    deleted, _ = qs.delete()
    return deleted
