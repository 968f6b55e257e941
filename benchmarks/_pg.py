"""Shared plumbing of the PostgreSQL search benchmarks: a throwaway database, bulk loading, percentiles."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def open_bench_database(prefix: str, *, rebuild: bool) -> str:
    """Point Django at `<prefix>_<checkout hash>` on DATABASE_URL's server, migrated; returns its name.

    Each checkout gets its own database so benchmarks never touch real or test data.
    """
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        sys.exit("DATABASE_URL must point at a PostgreSQL server (the benchmark is PostgreSQL-only)")
    import psycopg

    name = f"{prefix}_" + hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
    with psycopg.connect(server, autocommit=True) as conn:
        if rebuild:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = server.rpartition("/")[0] + f"/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return name


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def percentiles(timings_ms: list[float]) -> str:
    ordered = sorted(timings_ms)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]

    return (
        f"p50 {pct(0.50):.1f} ms   p95 {pct(0.95):.1f} ms   p99 {pct(0.99):.1f} ms   max {ordered[-1]:.1f} ms"
    )


class BulkLoad:
    """Drop the secondary indexes and the non-primary-key constraints of `tables` for a bulk load and
    put back exactly what was there afterwards (a bulk index build and one validating join are far
    cheaper than maintaining B-trees, GIN indexes and deferred FK checks row by row)."""

    def __init__(self, cursor, tables: list[str]) -> None:
        self.cursor, self.tables = cursor, tables
        self.indexes: list[str] = []
        self.constraints: list[tuple[str, str, str, str]] = []

    def __enter__(self) -> BulkLoad:
        c = self.cursor
        c.execute(
            "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('f', 'u') ORDER BY contype",
            [self.tables],
        )
        self.constraints = c.fetchall()
        for table, name, _, _ in self.constraints:
            c.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        c.execute(
            "SELECT indexdef, indexname FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE contype = 'p')",
            [self.tables],
        )
        for definition, name in c.fetchall():
            self.indexes.append(definition)
            c.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, *exc) -> None:
        c = self.cursor
        c.execute("SET maintenance_work_mem = '512MB'")
        for definition in self.indexes:
            c.execute(definition)
        for table, name, _, definition in sorted(self.constraints, key=lambda r: r[2] == "f"):
            c.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
