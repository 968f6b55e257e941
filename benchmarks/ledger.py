"""Ledger throughput: balanced two-leg transfers per second on PostgreSQL.

    .venv/bin/python benchmarks/ledger.py [--database-url postgresql://postgres@127.0.0.1:5432/hirehall_bench]
        [--workers 1,4,16] [--accounts 10,1000] [--seconds 5]

Each worker is a separate process with its own connection, calling the real writer
(`ledger.services.transfer_group_execute`: idempotency key claimed, both accounts locked in pk order,
bounds checked, cached totals updated) for random pairs of bounded accounts. After every run
`verify_ledger()` must report nothing. Uses its own database (created if missing, wiped per run).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/hirehall_bench"
START_BALANCE = 1_000_000_00


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # DEBUG off: Django would otherwise keep every query in memory (and time it).
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _ensure_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _prepare(n_accounts: int, run: str) -> list[int]:
    """Fresh ledger tables, n bounded accounts each funded from an unbounded source in one group."""
    from django.db import connection

    from hirehall.ledger.models import Account
    from hirehall.ledger.services import NewTransfer, account_get_or_create, transfer_group_execute

    with connection.cursor() as cursor:  # a benchmark database: start every run from empty tables
        cursor.execute(
            "TRUNCATE ledger_transfer, ledger_transfergroup, ledger_billingrelationship, "
            "ledger_account CASCADE"
        )
    source = account_get_or_create(
        kind=Account.Kind.SIMULATION, reference="bench:source", must_not_go_negative=False
    )
    accounts = [
        account_get_or_create(kind=Account.Kind.SIMULATION, reference=f"bench:{i}") for i in range(n_accounts)
    ]
    for start in range(0, n_accounts, 500):
        chunk = accounts[start : start + 500]
        transfer_group_execute(
            actor=None,
            key=f"{run}:seed:{start}",
            kind="simulation",
            transfers=[
                NewTransfer(f"{run}:seed:{a.pk}", "simulation", source, a, START_BALANCE) for a in chunk
            ],
        )
    return [a.pk for a in accounts]


def _worker(
    url: str, ids: list[int], run: str, worker: int, seconds: float, batch: int, start: Any, out: Any
) -> None:
    _setup(url)
    from django.db import connection

    from hirehall.ledger.models import Account
    from hirehall.ledger.services import (
        BatchTransfer,
        NewTransfer,
        transfer_group_execute,
        transfers_execute_batch,
    )

    accounts = {a.pk: a for a in Account.objects.filter(pk__in=ids)}
    rng = random.Random(worker)
    done = failed = 0
    out.put(("ready", 0))
    start.wait()  # everyone starts together once all processes are connected: startup is not timed
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline:
        pairs = [rng.sample(ids, 2) for _ in range(batch)]
        try:
            if batch == 1:
                i += 1
                key = f"{run}:{worker}:{i}"
                (a, b) = pairs[0]
                leg = NewTransfer(key, "simulation", accounts[a], accounts[b], rng.randint(1, 10_000))
                transfer_group_execute(actor=None, key=key, kind="simulation", transfers=[leg])
                done += 1
            else:
                items = []
                for a, b in pairs:
                    i += 1
                    items.append(
                        BatchTransfer(f"{run}:{worker}:{i}", accounts[a], accounts[b], rng.randint(1, 10_000))
                    )
                result = transfers_execute_batch(actor=None, items=items)
                done += result.created
                failed += len(result.refused)
        except Exception:  # counted and reported: the table shows failures, it does not hide them
            failed += batch
    connection.close()
    out.put((done, failed))


def run_one(
    url: str, n_workers: int, n_accounts: int, seconds: float, batch: int
) -> tuple[float, int, int, list[str]]:
    from django.db import connection

    from hirehall.ledger.verify import verify_ledger

    run = f"r{n_workers}x{n_accounts}x{batch}x{int(time.time())}"
    ids = _prepare(n_accounts, run)
    connection.close()  # never fork with an open connection
    ctx = mp.get_context("fork")
    out, start = ctx.Queue(), ctx.Event()
    procs = [
        ctx.Process(target=_worker, args=(url, ids, run, w, seconds, batch, start, out))
        for w in range(n_workers)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        out.get()  # "ready": connected and loaded, so process startup is not timed
    started = time.perf_counter()
    start.set()
    results = [out.get() for _ in procs]
    elapsed = time.perf_counter() - started
    for p in procs:
        p.join()
    done = sum(r[0] for r in results)
    failed = sum(r[1] for r in results)
    return done / elapsed, done, failed, verify_ledger()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--workers", default="1,4,16")
    parser.add_argument("--accounts", default="10,1000")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--batch", default="1,100", help="transfers per database transaction: 1 = one group per transaction"
    )
    args = parser.parse_args()
    _ensure_database(args.database_url)
    _setup(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"ledger benchmark: {args.seconds:.0f} s per run, {os.cpu_count()} CPUs, {args.database_url}")
    header = ("batch", "workers", "accounts", "transfers/s", "transfers", "failed", "ledger_verify")
    print("{:>5} | {:>7} | {:>8} | {:>11} | {:>9} | {:>6} | {}".format(*header))
    print("-" * 74)
    ok = True
    for batch in (int(x) for x in args.batch.split(",")):
        for n_accounts in (int(x) for x in args.accounts.split(",")):
            for n_workers in (int(x) for x in args.workers.split(",")):
                rate, done, failed, problems = run_one(
                    args.database_url, n_workers, n_accounts, args.seconds, batch
                )
                ok = ok and not problems and not failed
                verdict = "OK" if not problems else f"{len(problems)} violations: {problems[:2]}"
                row = (batch, n_workers, n_accounts, f"{rate:,.0f}", f"{done:,}", failed, verdict)
                print("{:>5} | {:>7} | {:>8} | {:>11} | {:>9} | {:>6} | {}".format(*row))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
