"""Small, typed readers for environment variables (settings are env-driven)."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
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


def proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """SECURE_PROXY_SSL_HEADER from "X-Forwarded-Proto" (value https) or "X-Forwarded-Ssl: on".

    Empty means no proxy is trusted: Django then decides HTTPS from the connection alone.
    """
    if not raw.strip():
        return None
    name, _, value = raw.partition(":")
    name, value = name.strip(), value.strip() or "https"
    if not re.fullmatch(r"[A-Za-z0-9-]+", name):
        raise ValueError(f"SECURE_PROXY_SSL_HEADER must be a header name like X-Forwarded-Proto, got {raw!r}")
    return "HTTP_" + name.upper().replace("-", "_"), value


def development_secret_key(path: Path) -> str:
    """The development SECRET_KEY: random, made once, kept in `path` (readable by its owner only)."""
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(50))
    try:
        # link() never replaces: when two processes start at once, the first key wins for both.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return _read_key(path)


def _read_key(path: Path) -> str:
    key = path.read_text().strip()
    if len(key) < 50:
        raise ValueError(f"{path} does not hold a usable key: delete it and a new one is made")
    return key


def media_storage(environ: dict[str, str]) -> dict[str, Any]:
    """STORAGES["default"]: local files, or an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set.

    Uploads are private (served by the app's permission-checked views, which read them back through
    the storage): no public ACL, and any URL the storage hands out is a short-lived signed one. Every
    web and worker node must point at the same bucket: a file saved by one is read by another.
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": environ.get("AWS_LOCATION", "media"),
        "default_acl": None,  # the bucket's own policy: private
        "querystring_auth": True,
        "querystring_expire": int(environ.get("AWS_QUERYSTRING_EXPIRE") or 300),
        "file_overwrite": False,  # two uploads of "cv.pdf" never replace each other
        "signature_version": "s3v4",  # what every current S3-compatible store accepts
    }
    for env_name, option in (
        ("AWS_S3_ENDPOINT_URL", "endpoint_url"),  # MinIO, Ceph, R2, Garage...: any S3-compatible store
        ("AWS_S3_REGION_NAME", "region_name"),
        ("AWS_ACCESS_KEY_ID", "access_key"),  # unset: boto3's own chain (instance role, ~/.aws)
        ("AWS_SECRET_ACCESS_KEY", "secret_key"),
        ("AWS_S3_ADDRESSING_STYLE", "addressing_style"),  # "path" for most self-hosted stores
    ):
        if environ.get(env_name):
            options[option] = environ[env_name]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
