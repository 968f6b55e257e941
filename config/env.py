"""Small, typed readers for environment variables (settings are env-driven)."""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def env_cents(name: str, default: int) -> int:
    """A dollar amount like "1000000" or "1000000.00" -> integer cents (never through a float)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    match = re.fullmatch(r"([0-9]{1,13})(?:\.([0-9]{1,2}))?", raw, re.ASCII)
    if match is None:
        raise ValueError(f"{name} must be a dollar amount like 1000000.00, got {raw!r}")
    return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def email_settings(url: str) -> dict[str, Any]:
    """Turn EMAIL_URL into Django email settings.

    console://            print mails (development)
    locmem://             keep them in memory (tests)
    smtp://user:pass@host:587?tls=1   or   smtps://user:pass@host:465
    """
    parsed = urlparse(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parsed.scheme not in backends:
        raise ValueError(f"EMAIL_URL scheme must be one of {sorted(backends)}, got {parsed.scheme!r}")
    conf: dict[str, Any] = {"EMAIL_BACKEND": backends[parsed.scheme]}
    if parsed.scheme.startswith("smtp"):
        query = parse_qs(parsed.query)
        conf.update(
            EMAIL_HOST=parsed.hostname or "localhost",
            EMAIL_PORT=parsed.port or (465 if parsed.scheme == "smtps" else 587),
            EMAIL_HOST_USER=unquote(parsed.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parsed.password or ""),
            EMAIL_USE_SSL=parsed.scheme == "smtps",
            EMAIL_USE_TLS=parsed.scheme == "smtp" and query.get("tls", ["1"])[0] in {"1", "true"},
        )
    return conf
