"""Retry a whole use case that PostgreSQL chose as a deadlock victim.

PostgreSQL breaks a lock cycle by aborting one transaction (SQLSTATE 40P01); the victim's work is
rolled back entirely, so running the use case again is safe and is what the server expects of its
clients. Only the outermost (durable) call may be retried: the decorator goes above
`@transaction.atomic(durable=True)`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import OperationalError

P = ParamSpec("P")
R = TypeVar("R")

DEADLOCK_DETECTED = "40P01"
ATTEMPTS = 3
logger = logging.getLogger(__name__)


def is_deadlock(exc: BaseException) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == DEADLOCK_DETECTED


def retry_on_deadlock(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return fn(*args, **kwargs)
            except OperationalError as exc:
                if attempt == ATTEMPTS or not is_deadlock(exc):
                    raise
                logger.warning("%s was a deadlock victim; retrying (attempt %d)", fn.__qualname__, attempt)
        raise AssertionError("unreachable")

    return wrapper
