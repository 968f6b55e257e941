"""Fault injection for PostgreSQL tests: kill this thread's database connection mid-operation.

`kill_connection(after=n)` terminates the backend of this thread's connection with
`pg_terminate_backend`, issued from a second connection, right after the n-th SQL statement run inside
the block (optionally counting only statements that `match`). The statement that follows fails as it
would in production when PostgreSQL restarts, a pooler drops the connection or an operator kills it.

    for n in itertools.count(1):
        with kill_connection(after=n) as kill:
            try:
                do_the_operation()
            except OperationalError:
                pass
        if not kill.fired:
            break  # the operation ran to completion without reaching statement n
        ...  # nothing half-written; the state is as before the operation

Only on PostgreSQL (`@pytest.mark.postgres`) and outside the test transaction
(`django_db(transaction=True)`): a killed connection loses every uncommitted row.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections


@dataclass
class Kill:
    after: int
    seen: int = 0
    fired: bool = False
    statement: str = ""
    statements: list[str] = field(default_factory=list)


def _conninfo(alias: str) -> dict[str, Any]:
    s = connections[alias].settings_dict
    return {
        "dbname": s["NAME"],
        "user": s["USER"] or None,
        "password": s["PASSWORD"] or None,
        "host": s["HOST"] or None,
        "port": s["PORT"] or None,
    }


def terminate_backend(pid: int, *, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Terminate backend `pid` from a second connection and wait until it is gone."""
    with psycopg.connect(autocommit=True, **_conninfo(alias)) as killer:
        killer.execute("SELECT pg_terminate_backend(%s)", (pid,))
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            row = killer.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
            if row is not None and row[0] == 0:
                return
            time.sleep(0.005)
    raise AssertionError(f"backend {pid} survived pg_terminate_backend")


@contextlib.contextmanager
def kill_connection(
    *, after: int, match: Callable[[str], bool] | None = None, alias: str = DEFAULT_DB_ALIAS
) -> Iterator[Kill]:
    """Kill this thread's connection right after the `after`-th (matching) statement in the block."""
    conn = connections[alias]
    if conn.vendor != "postgresql":
        raise RuntimeError("kill_connection needs PostgreSQL")
    kill = Kill(after=after)

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        kill.statements.append(sql)
        if not kill.fired and (match is None or match(sql)):
            kill.seen += 1
            if kill.seen == kill.after:
                kill.fired, kill.statement = True, sql
                terminate_backend(conn.connection.info.backend_pid, alias=alias)
        return result

    with conn.execute_wrapper(wrapper):
        yield kill
    # Leave the thread with a usable connection, as a request or sweep boundary would.
    if not conn.in_atomic_block:
        conn.close_if_unusable_or_obsolete()


class Crash(BaseException):
    """The process died (SIGKILL, OOM, a deploy): not an Exception, so no `except Exception` in the
    code under test can swallow it, and every open transaction is rolled back on the way out."""


_WRITES = ("INSERT", "UPDATE", "DELETE")
# Database functions that write, called as `SELECT * FROM name(...)`: a crash right after one is a
# crash after a write (ledger's one-round-trip transfer, migration ledger/0006).
WRITING_FUNCTIONS = ("ledger_transfer_one(",)


def is_write(sql: str) -> bool:
    statement = sql.lstrip().upper()
    return statement.startswith(_WRITES) or (
        statement.startswith("SELECT") and any(fn.upper() in statement for fn in WRITING_FUNCTIONS)
    )


@contextlib.contextmanager
def crash_after_write(n: int, *, alias: str = DEFAULT_DB_ALIAS) -> Iterator[Kill]:
    """Raise `Crash` right after the n-th writing statement (INSERT/UPDATE/DELETE) in the block: the
    work of that statement's transaction is lost, what committed before it stays. Any database."""
    kill = Kill(after=n)

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        kill.statements.append(sql)
        if not kill.fired and is_write(sql):
            kill.seen += 1
            if kill.seen == n:
                kill.fired, kill.statement = True, sql
                raise Crash(f"crashed after write {n}: {sql[:80]}")
        return result

    with connections[alias].execute_wrapper(wrapper):
        yield kill
