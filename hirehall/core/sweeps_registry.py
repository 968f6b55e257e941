"""Registry of sweeps: idempotent functions that process every deadline due at `now`.

Apps register theirs in `<app>/sweeps.py` with `@sweep("app.name")`. Celery beat (production),
the `manage.py serve` thread (embedded default) and `manage.py sweep` all call `run_sweeps`.
A sweep must be safe to run twice and concurrently: it claims rows with SKIP LOCKED or relies on
unique constraints, and returns how many items it processed.

Every sweep walks its due rows with `run_batch`: one error policy for all of them (one bad row is
logged and skipped, never stops the batch).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

from hirehall.core.errors import DomainError

logger = logging.getLogger(__name__)

SweepFn = Callable[[datetime], int]
R = TypeVar("R")
# Rows per sweep run; the sweep runs again a minute later for the rest.
BATCH = 500


@dataclass(frozen=True)
class SweepResult:
    name: str
    processed: int
    error: str | None = None


_REGISTRY: dict[str, SweepFn] = {}


def sweep(name: str) -> Callable[[SweepFn], SweepFn]:
    def decorator(fn: SweepFn) -> SweepFn:
        if name in _REGISTRY and _REGISTRY[name] is not fn:
            raise ValueError(f"sweep {name!r} registered twice")
        _REGISTRY[name] = fn
        return fn

    return decorator


def registered_sweeps() -> dict[str, SweepFn]:
    return dict(_REGISTRY)


# Loops that must run on every node, not once per cluster like sweeps (e.g. feeding the node's own
# search index): `manage.py serve` runs each in a daemon thread until its stop event is set.
BackgroundLoop = Callable[[threading.Event], None]
_LOOPS: dict[str, BackgroundLoop] = {}


def register_background_loop(name: str, loop: BackgroundLoop) -> None:
    _LOOPS[name] = loop


def registered_background_loops() -> dict[str, BackgroundLoop]:
    return dict(_LOOPS)


def run_sweeps(now: datetime, *, only: str | None = None) -> list[SweepResult]:
    """Run every registered sweep as of `now`. One failing sweep does not stop the others."""
    results = []
    for name, fn in sorted(_REGISTRY.items()):
        if only and name != only:
            continue
        try:
            results.append(SweepResult(name, fn(now)))
        except Exception as exc:  # a broken sweep must not starve the others; it is logged loudly
            logger.exception("sweep %s failed", name)
            results.append(SweepResult(name, 0, f"{type(exc).__name__}: {exc}"))
            reconnect_if_broken()
    return results


def reconnect_if_broken() -> None:
    """Drop this thread's database connection if an error left it unusable (killed by the server, a
    restart, a pooler): the next query opens a new one. Without this, one connection killed between
    the statements of a step that runs outside a transaction fails every later row of the batch and
    every later sweep of the run (docs/reliability.md). Inside a transaction (the test suite's) the
    connection belongs to the caller and is left alone."""
    conn = connections[DEFAULT_DB_ALIAS]
    if conn.connection is not None and not conn.in_atomic_block:
        conn.close_if_unusable_or_obsolete()


@dataclass(frozen=True)
class BatchCounts:
    done: int = 0  # the step did its work
    skipped: int = 0  # nothing to do (already handled, e.g. by a concurrent sweeper)
    failed: int = 0  # the step raised: logged, the row stays due for the next run


def run_batch(
    name: str, rows: QuerySet[Any, R], step: Callable[[R], object], *, limit: int = BATCH
) -> BatchCounts:
    """Run `step` on each of the first `limit` rows of a `values_list` queryset (ids or tuples).

    Each step is its own transaction: a use-case service with `transaction.atomic(durable=True)`,
    or one that commits in stages on purpose (never holding a lock over a provider call). The loop
    holds none, so a row that fails rolls back alone. Any exception is logged with the row and the
    loop goes on: one poisoned row never stops the others. A DomainError is an expected refusal
    (a warning); anything else is a bug (logged with its traceback).
    """
    done = skipped = failed = 0
    for row in list(rows[:limit]):  # one query: the due keys, in the queryset's order
        try:
            result = step(row)
        except DomainError as exc:
            failed += 1
            logger.warning("sweep %s: row %s refused: %s", name, row, exc)
        except Exception:  # the batch must go on; the row is retried on the next run
            failed += 1
            logger.exception("sweep %s: row %s failed", name, row)
            reconnect_if_broken()
        else:
            if result:
                done += 1
            else:
                skipped += 1
    return BatchCounts(done, skipped, failed)
