"""Cached page parts and per-user figures, with version keys bumped on change (ADR 0019).

Two tools, both on Django's default cache (Redis in production: `DegradingRedisCache`, so Redis
down means recomputing, never an error):

- `cached_many(name, ids, compute)`: per-object values (a page of freelancers' reputation, clients'
  activity) read in two cache round trips. Each id's entry is keyed by the object's *version*
  (`version_key(scope)`), which the apps that own the underlying rows bump on every save
  (`bump(...)`), so a change shows on the next request; `TTL` bounds what no save announces (a time
  passing, a queryset `update()`).
- Template fragments use Django's `{% cache %}` tag; the keys there must name the language and, for
  per-user parts, the user (docs/performance.md).

`HIREHALL_FRAGMENT_CACHE = False` turns both off (the test settings do: tests rebuild rows under the
same ids and travel in time, which a process-wide cache would not see); tests of the caching turn
it back on.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

V = TypeVar("V")
TTL = 60  # seconds: the longest a change no save announces stays unseen
VERSION_TTL = 24 * 3600


def enabled() -> bool:
    return bool(getattr(settings, "HIREHALL_FRAGMENT_CACHE", True))


def version_key(scope: str) -> str:
    return f"fragver:{scope}"


def bump(*scopes: str) -> None:
    """A new version for each scope (e.g. "user:42"): entries keyed by the old one are never read again."""
    if scopes and enabled():
        token = secrets.token_hex(4)
        cache.set_many({version_key(s): token for s in scopes}, timeout=VERSION_TTL)


def versions(scopes: Sequence[str]) -> dict[str, str]:
    """The current version of each scope; a scope never seen gets one now."""
    keys = {version_key(s): s for s in scopes}
    found = cache.get_many(list(keys))
    missing = {k: secrets.token_hex(4) for k in keys if k not in found}
    if missing:
        # add(), not set(): a bump racing this read wins.
        for key, token in missing.items():
            if not cache.add(key, token, timeout=VERSION_TTL):
                token = cache.get(key, token)
            found[key] = token
    return {keys[k]: v for k, v in found.items()}


def cached_many(
    name: str,
    ids: Sequence[int],
    compute: Callable[[list[int]], dict[int, V]],
    *,
    scope: Callable[[int], str] = lambda pk: f"user:{pk}",
) -> dict[int, V]:
    """`compute(ids)` for the ids whose `name` entry at their current version is not cached."""
    if not enabled() or not ids:
        return compute(list(ids))
    ids = list(dict.fromkeys(ids))
    current = versions([scope(pk) for pk in ids])
    keys: dict[Hashable, int] = {f"{name}:{pk}:{current[scope(pk)]}": pk for pk in ids}
    hits: dict[Any, Any] = cache.get_many(list(keys))
    out: dict[int, V] = {keys[k]: v for k, v in hits.items()}
    missing = [pk for pk in ids if pk not in out]
    if missing:
        fresh = compute(missing)
        by_pk = {pk: k for k, pk in keys.items()}
        cache.set_many({by_pk[pk]: value for pk, value in fresh.items()}, timeout=TTL)
        out.update(fresh)
    return out
