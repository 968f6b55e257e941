"""Registry of sweeps: idempotent functions that process every deadline due at `now`.

Apps register theirs in `<app>/sweeps.py` with `@sweep("app.name")`. Celery beat (production),
the `manage.py serve` thread (embedded default) and `manage.py sweep` all call `run_sweeps`.
A sweep must be safe to run twice and concurrently: it claims rows with SKIP LOCKED or relies on
unique constraints, and returns how many items it processed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

logger = logging.getLogger(__name__)

SweepFn = Callable[[datetime], int]


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
    return results
