"""Read replicas: which queries may leave the primary (docs/deploy.md, "Several machines"; ADR 0019).

A replica lags the primary by a little (streaming replication: usually milliseconds, seconds under
load). So nothing reads from it unless all of these hold:

1. A replica is configured: `settings.HIREHALL_READ_REPLICA` names its database alias (settings set it
   from `DATABASE_REPLICA_URL`). Without one the router is inert and every query goes to `default`.
2. The code runs inside a read-only selector that opted in with `@replica_reads` (public search pages
   and their API twins): a few seconds of lag cannot hurt what they show. Everything else (services,
   permission checks, money, sessions) reads the primary.
3. No transaction is open on the primary: a read inside `atomic()` belongs to that transaction.
4. This request (or task) has not written anything yet, and the browser did not write in the last
   `HIREHALL_REPLICA_STICKY_SECONDS` (a cookie set by `ReplicaPinMiddleware` after a request that
   wrote): whoever just changed something reads their own change, from the primary.

Writes always go to `default`. Migrations run on `default` only: replicas get the schema from
replication.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

P = ParamSpec("P")
T = TypeVar("T")

PIN_COOKIE = "hh_primary"

_replica_depth: ContextVar[int] = ContextVar("hirehall_replica_depth", default=0)
_wrote: ContextVar[bool] = ContextVar("hirehall_wrote", default=False)
_pinned: ContextVar[bool] = ContextVar("hirehall_pinned", default=False)


def replica_alias() -> str:
    return getattr(settings, "HIREHALL_READ_REPLICA", "") or ""


def replica_reads(fn: Callable[P, T]) -> Callable[P, T]:
    """Mark a read-only selector whose reads may be served by the replica (it must materialise its
    results before returning: a lazy queryset evaluated later reads the primary)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        token = _replica_depth.set(_replica_depth.get() + 1)
        try:
            return fn(*args, **kwargs)
        finally:
            _replica_depth.reset(token)

    return wrapper


def note_write() -> None:
    """From now on this request/task reads the primary (called by the router for every ORM write)."""
    _wrote.set(True)


def task_begin() -> None:
    """A Celery task starts: it has written nothing yet (tasks run one after another in a worker)."""
    _wrote.set(False)
    _pinned.set(False)


def wrote() -> bool:
    return _wrote.get()


@contextmanager
def unit_of_work(*, pinned: bool = False) -> Iterator[None]:
    """A request or a task: its own 'has written' flag, optionally pinned to the primary throughout."""
    tokens = (_wrote.set(False), _pinned.set(pinned), _replica_depth.set(0))
    try:
        yield
    finally:
        _replica_depth.reset(tokens[2])
        _pinned.reset(tokens[1])
        _wrote.reset(tokens[0])


def read_alias() -> str:
    """Where a read issued right now goes (the router's decision, also used by tests and /healthz)."""
    alias = replica_alias()
    if (
        not alias
        or _replica_depth.get() == 0
        or _wrote.get()
        or _pinned.get()
        or connections[DEFAULT_DB_ALIAS].in_atomic_block
    ):
        return DEFAULT_DB_ALIAS
    return alias


class ReplicaRouter:
    """Installed always (settings.DATABASE_ROUTERS); does nothing until a replica is configured."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type, **hints: Any) -> str:
        note_write()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary: objects read from either may be related.
        dbs = {DEFAULT_DB_ALIAS, replica_alias()}
        if obj1._state.db in dbs and obj2._state.db in dbs:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == DEFAULT_DB_ALIAS


class ReplicaPinMiddleware:
    """One unit of work per request. A request that wrote sets a short cookie, and the browser's
    next requests within `HIREHALL_REPLICA_STICKY_SECONDS` read the primary: after a POST and its
    redirect, the page shows what was just saved even if the replica has not caught up.

    The cookie holds only an expiry instant and decides nothing but where this browser's reads go:
    forging it can at most send one's own reads to the primary. Placed after SessionMiddleware so that
    saving the session on the way out does not count as the request's write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_alias():
            return self.get_response(request)
        pinned = _cookie_until(request.COOKIES.get(PIN_COOKIE, "")) > time.time()
        with unit_of_work(pinned=pinned):
            response = self.get_response(request)
            request_wrote = wrote()
        if request_wrote:
            sticky = int(getattr(settings, "HIREHALL_REPLICA_STICKY_SECONDS", 5))
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + sticky),
                max_age=sticky,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response


def _cookie_until(value: str) -> int:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else 0
