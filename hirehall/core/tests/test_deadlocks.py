"""A deadlock victim is run again; any other database error is not."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from hirehall.core.deadlocks import ATTEMPTS, retry_on_deadlock


class _Cause(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _failing(sqlstate: str, times: int) -> tuple[list[int], object]:
    calls: list[int] = []

    @retry_on_deadlock
    def use_case() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("boom") from _Cause(sqlstate)
        return "done"

    return calls, use_case


def test_a_deadlock_victim_is_retried_until_it_succeeds() -> None:
    calls, use_case = _failing("40P01", ATTEMPTS - 1)
    assert use_case() == "done" and len(calls) == ATTEMPTS


def test_it_gives_up_after_the_last_attempt_and_never_retries_other_errors() -> None:
    calls, use_case = _failing("40P01", ATTEMPTS)
    with pytest.raises(OperationalError):
        use_case()
    assert len(calls) == ATTEMPTS
    calls, use_case = _failing("57P01", 1)  # the connection was terminated: not a deadlock
    with pytest.raises(OperationalError):
        use_case()
    assert len(calls) == 1
