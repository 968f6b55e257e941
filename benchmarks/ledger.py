"""Ledger throughput: balanced transfers per second on PostgreSQL, the product beside pure SQL.

    .venv/bin/python benchmarks/ledger.py [--database-url postgresql://postgres@127.0.0.1:5432/hirehall_bench]
        [--workers 1,4,16] [--accounts 10,1000] [--seconds 5] [--batch 1,100] [--no-baseline]

Each worker is a separate process with its own connection, calling the real writer
(`ledger.services.transfer_group_execute`: idempotency key claimed, both accounts locked in pk order,
bounds checked, group and leg inserted, cached totals updated) for random pairs of bounded accounts.
With batch = 1 every configuration also runs the SQL baseline (`BASELINE_SQL`, below): the same
work as one hand-written statement per transfer on the same tables, from bare psycopg, no Django:
the ceiling of a one-transfer-per-transaction ledger on this database. The ratio column is the
product's rate over the baseline's. After every run (product and baseline) `verify_ledger()` must
report nothing; failures (any exception) are counted. Uses its own database (created if missing,
wiped per run).
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


# The baseline: one statement per transfer, same schema shape. The key claim is the group INSERT
# (UNIQUE key); `locked` takes both account rows in pk order before either UPDATE touches one (the
# count is an InitPlan the UPDATEs evaluate first), so concurrent transfers cannot deadlock; the
# bounds are the table's CHECK constraint `ledger_account_balance_bound` (a violation aborts the
# statement: nothing is written); the leg INSERT needs the group and both updated rows.
BASELINE_SQL = """
WITH locked AS (
    SELECT id FROM ledger_account WHERE id IN (%(debit)s, %(credit)s) ORDER BY id FOR UPDATE
), claim AS (
    INSERT INTO ledger_transfergroup (key, kind, reference, gross_cents, description, created_at)
    VALUES (%(key)s, 'simulation', '', 0, '', now()) RETURNING id
), debit AS (
    UPDATE ledger_account SET debits_posted = debits_posted + %(amount)s
    WHERE id = %(debit)s AND (SELECT count(*) FROM locked) = 2 RETURNING id
), credit AS (
    UPDATE ledger_account SET credits_posted = credits_posted + %(amount)s
    WHERE id = %(credit)s AND (SELECT count(*) FROM locked) = 2 RETURNING id
)
INSERT INTO ledger_transfer (group_id, key, code, debit_account_id, credit_account_id, amount,
    posted_amount, currency, status, was_pending, reference, created_at)
SELECT claim.id, %(key)s, 'simulation', debit.id, credit.id, %(amount)s, %(amount)s, 'USD', 'posted',
    false, '', now()
FROM claim, debit, credit
RETURNING id
"""


def _baseline_worker(
    url: str, ids: list[int], run: str, worker: int, seconds: float, start: Any, out: Any
) -> None:
    import psycopg

    rng = random.Random(worker)
    done = failed = 0
    with psycopg.connect(url, autocommit=True) as conn:  # one statement = one transaction
        out.put(("ready", 0))
        start.wait()
        deadline = time.perf_counter() + seconds
        i = 0
        while time.perf_counter() < deadline:
            i += 1
            a, b = rng.sample(ids, 2)
            params = {"key": f"{run}:{worker}:{i}", "debit": a, "credit": b, "amount": rng.randint(1, 10_000)}
            try:
                if conn.execute(BASELINE_SQL, params).fetchone() is None:
                    failed += 1  # an account missing: nothing inserted for the leg
                else:
                    done += 1
            except psycopg.Error:
                failed += 1
    out.put((done, failed))


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
    url: str, n_workers: int, n_accounts: int, seconds: float, batch: int, baseline: bool = False
) -> tuple[float, int, int, list[str]]:
    from django.db import connection

    from hirehall.ledger.verify import verify_ledger

    run = f"{'sql' if baseline else 'p'}{n_workers}x{n_accounts}x{batch}x{int(time.time())}"
    ids = _prepare(n_accounts, run)
    connection.close()  # never fork with an open connection
    ctx = mp.get_context("fork")
    out, start = ctx.Queue(), ctx.Event()
    procs = [
        ctx.Process(target=_baseline_worker, args=(url, ids, run, w, seconds, start, out))
        if baseline
        else ctx.Process(target=_worker, args=(url, ids, run, w, seconds, batch, start, out))
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
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the pure-SQL baseline beside the batch = 1 rows"
    )
    args = parser.parse_args()
    _ensure_database(args.database_url)
    _setup(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"ledger benchmark: {args.seconds:.0f} s per run, {os.cpu_count()} CPUs, {args.database_url}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    header = ("batch", "workers", "accounts", "path", "transfers/s", "transfers", "failed", "ledger_verify")
    line = "{:>5} | {:>7} | {:>8} | {:>12} | {:>11} | {:>9} | {:>6} | {}"
    print(line.format(*header))
    print("-" * 88)
    ok = True
    ratios = []
    for batch in (int(x) for x in args.batch.split(",")):
        for n_accounts in (int(x) for x in args.accounts.split(",")):
            for n_workers in (int(x) for x in args.workers.split(",")):
                paths = [False] + ([True] if batch == 1 and not args.no_baseline else [])
                rates = []
                for baseline in paths:
                    rate, done, failed, problems = run_one(
                        args.database_url, n_workers, n_accounts, args.seconds, batch, baseline
                    )
                    rates.append(rate)
                    ok = ok and not problems and not failed
                    verdict = "OK" if not problems else f"{len(problems)} violations: {problems[:2]}"
                    name = "sql baseline" if baseline else "product"
                    row = (batch, n_workers, n_accounts, name, f"{rate:,.0f}", f"{done:,}", failed, verdict)
                    print(line.format(*row), flush=True)
                if len(rates) == 2:
                    ratios.append((n_workers, n_accounts, rates[0] / rates[1]))
    if ratios:
        print()
        for n_workers, n_accounts, ratio in ratios:
            print(f"product / sql baseline, {n_workers} workers, {n_accounts} accounts: {ratio:.0%}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
