"""`race(n, fn)`: real concurrency for PostgreSQL tests.

Each of n threads gets its own database connection (Django's connections are per thread), waits at a
barrier so all start together, calls `fn(i)`, and closes its connections (the test database can then
be dropped). Results and exceptions are collected, never raised, so a test asserts on all of them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar, cast

from django.db import connections

from hirehall.core.errors import DomainError

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What one thread got: a value, or the exception it raised."""

    index: int
    value: T | None = None
    error: BaseException | None = None

    def result(self) -> T:
        """The value, or the thread's exception raised here (like `Future.result()`)."""
        if self.error is not None:
            raise self.error
        return cast(T, self.value)  # no error: `value` is what fn returned

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> Literal["ok", "refused", "crashed"]:
        """`refused`: a DomainError (a rule said no); `crashed`: anything else (a deadlock, an
        IntegrityError): concurrency tests usually assert there are none."""
        if self.error is None:
            return "ok"
        return "refused" if isinstance(self.error, DomainError) else "crashed"

    @property
    def code(self) -> str | None:
        """The DomainError's code, when refused."""
        return self.error.code if isinstance(self.error, DomainError) else None


class RaceError(AssertionError):
    """race() could not run the threads as asked (misuse, or a thread never finished)."""


def race(n: int, fn: Callable[[int], T], *, timeout: float = 60.0) -> list[Outcome[T]]:
    """Run `fn(0)` … `fn(n - 1)` at the same instant in n threads; one Outcome per index, in order.

    Only for `@pytest.mark.django_db(transaction=True)` tests: inside the usual test transaction the
    threads' connections cannot see the test's uncommitted rows (and would wait on its locks).
    A thread still running after `timeout` seconds fails the test (a deadlock or a lost wake-up).
    """
    if n < 2:
        raise RaceError(f"race() needs at least two threads, got {n}")
    if any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        raise RaceError("race() needs committed data: mark the test @pytest.mark.django_db(transaction=True)")
    barrier = threading.Barrier(n)
    outcomes: list[Outcome[T] | None] = [None] * n

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=timeout)
            outcomes[i] = Outcome(i, value=fn(i))
        except BaseException as exc:  # collected, SystemExit too: the test asserts on every outcome
            outcomes[i] = Outcome(i, error=exc)
        finally:
            connections.close_all()

    # Daemon threads: a hung one must not keep the test process alive after the failure is reported.
    threads = [threading.Thread(target=worker, args=(i,), name=f"race-{i}", daemon=True) for i in range(n)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        raise RaceError(f"race(): {', '.join(stuck)} still running after {timeout}s (deadlock?)")
    return [outcome for outcome in outcomes if outcome is not None]  # every worker recorded one
