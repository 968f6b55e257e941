"""A Redis cache that degrades instead of failing: Redis down means cache misses, never a 500.

Nothing in Hirehall keeps state only in the cache: sessions, idempotency keys, money and deadlines
live in the database. The cache holds rate-limit counters (allauth) and TOTP replay markers, so when
Redis cannot be reached every call behaves as a miss: `get` returns the default, `add` succeeds,
writes are dropped. Consequences, chosen on purpose (docs/reliability.md, "Redis down"):

- **Rate limits fail open** while Redis is down: sign-in, sign-up and password-reset limits are not
  counted. Failing closed would lock every user out of signing in for as long as the outage lasts;
  failing open leaves the slow password hasher and 2FA as the guard for those minutes.
- A TOTP code could be replayed within its 30-second window while Redis is down.

Both are logged: one ERROR when Redis goes away (then at most one per `RETRY_AFTER`), so the outage
is loud. After a failure the cache skips Redis for `RETRY_AFTER` seconds (a circuit breaker), so
an outage costs one connection attempt per process per interval, not one per cache call.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_AFTER = 5.0  # seconds without trying Redis after a failure


class DegradingRedisCache(RedisCache):
    """Django's RedisCache whose Redis errors are logged and treated as misses (see module doc)."""

    _down_until = 0.0  # per process: while in the future, Redis is not even tried
    _lock = threading.Lock()

    def _safe(self, operation: str, call: Callable[[], T], fallback: T) -> T:
        if time.monotonic() < DegradingRedisCache._down_until:
            return fallback
        try:
            return call()
        except (RedisError, OSError) as exc:
            with DegradingRedisCache._lock:
                DegradingRedisCache._down_until = time.monotonic() + RETRY_AFTER
            logger.error(
                "cache %s failed, treated as a miss for %ss: %s: %s",
                operation,
                RETRY_AFTER,
                type(exc).__name__,
                exc,
            )
            return fallback

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._safe("add", lambda: RedisCache.add(self, key, value, timeout, version), True)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._safe("get", lambda: RedisCache.get(self, key, default, version), default)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._safe("set", lambda: RedisCache.set(self, key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._safe("touch", lambda: RedisCache.touch(self, key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._safe("delete", lambda: RedisCache.delete(self, key, version), False)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._safe("get_many", lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._safe("has_key", lambda: RedisCache.has_key(self, key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        result = self._safe("incr", lambda: RedisCache.incr(self, key, delta, version), None)
        if result is None:
            raise ValueError(f"Key '{key}' not found")  # what Django raises for a missing key
        return result

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        return self._safe("set_many", lambda: RedisCache.set_many(self, data, timeout, version), [])

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._safe("delete_many", lambda: RedisCache.delete_many(self, keys, version), None)

    def clear(self) -> None:
        self._safe("clear", lambda: RedisCache.clear(self), None)
