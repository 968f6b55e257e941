"""Test data built through the services, so the search index is maintained exactly as in production."""

from __future__ import annotations

import io
import itertools
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hirehall.accounts.models import User
from hirehall.core.testing import make_user
from hirehall.profiles import selectors, services
from hirehall.profiles.models import FreelancerProfile

_seq = itertools.count(1)


def make_profile(
    user: User | None = None,
    *,
    skills: list[str] = (),  # type: ignore[assignment]
    languages: list[tuple[str, str]] = (),  # type: ignore[assignment]
    portfolio: list[dict[str, Any]] = (),  # type: ignore[assignment]
    **fields: Any,
) -> FreelancerProfile:
    user = user or make_user(client=False, name=fields.pop("name", None) or f"Freelancer {next(_seq)}")
    profile = services.freelancer_profile_ensure(actor=user)
    if fields:
        services.freelancer_profile_update(actor=user, profile=profile, **fields)
    if skills:
        services.freelancer_profile_set_skills(
            actor=user, profile=profile, skills=selectors.skills_by_slugs(skills)
        )
    if languages:
        services.freelancer_profile_set_languages(actor=user, profile=profile, languages=languages)
    for item in portfolio:
        services.portfolio_item_create(actor=user, profile=profile, **item)
    profile.refresh_from_db()
    return profile


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (400, 300), color: str = "red", **save: Any
) -> bytes:
    out = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, color).save(out, fmt, **save)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_upload(name: str = "me.png", **kw: Any) -> SimpleUploadedFile:
    return upload(name, image_bytes("PNG", **kw), "image/png")


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM_BYTES = b"\x1a\x45\xdf\xa3" + b"\x00" * 64


def own(user: User) -> FreelancerProfile:
    """The user's profile as pages load it (asserting it exists)."""
    profile = selectors.own_freelancer_profile(user)
    assert profile is not None
    return profile
