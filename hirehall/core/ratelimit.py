"""Rate limits on writes people can flood (DESIGN §10): proposals, messages, job posts, reports.

`rate_limit(scope=..., key=...)` counts one attempt in a fixed window kept in the cache and raises
`rate_limited` (429, problem+json with a `Retry-After` header) past the limit. Limits come from the
`HIREHALL_RATE_LIMITS` setting: {scope: (attempts, window seconds)}; a scope missing from it is not
limited. Sign-in is limited by allauth (`ACCOUNT_RATE_LIMITS`). A cache that is down fails open.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from hirehall.core.errors import DomainError

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "proposals": (30, 3600),
    "job_posts": (10, 3600),
    "messages": (60, 600),
    "reports": (10, 3600),
}


def limits() -> dict[str, tuple[int, int]]:
    return dict(getattr(settings, "HIREHALL_RATE_LIMITS", DEFAULT_LIMITS))


def rate_limit(*, scope: str, key: str | int) -> None:
    limit = limits().get(scope)
    if limit is None:
        return
    attempts, window = limit
    now = time.time()
    bucket = int(now // window)
    cache_key = f"ratelimit:{scope}:{key}:{bucket}"
    try:
        cache.add(cache_key, 0, timeout=window + 1)
        count = cache.incr(cache_key)
    except ValueError:  # the key expired between add and incr: this is the first attempt again
        return
    if count > attempts:
        retry_after = max(1, int((bucket + 1) * window - now))
        raise DomainError(
            "rate_limited", f"Too many attempts; try again in {retry_after} seconds.", retry_after=retry_after
        )
