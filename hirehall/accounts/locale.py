"""Each user's language and timezone: the valid values, and activating them for a request or a mail.

Times are stored in UTC (USE_TZ); `activate_for` makes Django render them in the user's zone and
their language for the duration of a request (middleware.py) or of one email (notifications).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from hirehall.accounts.models import User


def language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


@lru_cache(maxsize=1)
def timezone_names() -> frozenset[str]:
    """IANA names from the zoneinfo database (tzdata), without the legacy aliases' odd ones."""
    return frozenset(name for name in available_timezones() if "/" in name or name == "UTC")


def validate_language(value: str) -> None:
    if value not in language_codes():
        raise ValidationError(_("Choose one of the offered languages."), code="invalid_language")


def validate_timezone(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError(
            _("Choose a timezone from the list, like Europe/Madrid."), code="invalid_timezone"
        )


def user_language(user: User) -> str:
    """The user's saved language, or the default one if it is no longer offered."""
    language = getattr(user, "language", "") or ""
    return language if language in language_codes() else settings.LANGUAGE_CODE


def user_zone(user: User) -> ZoneInfo:
    name = getattr(user, "timezone", "") or ""
    return ZoneInfo(name if name in timezone_names() else "UTC")


@contextmanager
def activate_for(user: User) -> Iterator[None]:
    """Render in `user`'s language and timezone inside the block, then restore what was active."""
    with translation.override(user_language(user)), timezone.override(user_zone(user)):
        yield
