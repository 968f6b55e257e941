"""Load a marketplace-sized dataset into PostgreSQL: 1M jobs, 200k freelancers, 5M proposals, 1M contracts.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/seed_scale.py

DATABASE_URL names the server; the data goes into its own database (`hirehall_scale_<hash of this
checkout>`), dropped and recreated on every run. Scale down with `--jobs 1000 --freelancers 200
--proposals 5000 --contracts 1000` (clients default to a tenth of the jobs).

What is loaded, consistently with the product's own rules (so its checks pass on it):
- users (clients, freelancers), client profiles, freelancer profiles with ordered skills, a Connects
  account per freelancer;
- jobs with skills, budgets, Connects cost (`jobs.pricing.connects_for_value`), status, counters;
- proposals (one per freelancer and job), each paying its job's Connects from the freelancer's lots
  oldest-first (`connects_spend`'s rule): a sign-up lot of 40, then bundles bought when the balance is
  short (a Connects lot, its history entry and the ledger charge: card → wallet → platform revenue,
  `connects_purchase`); lots that reached their expiry with Connects left are expired, as the sweep
  would have;
- one accepted fixed-price offer per contract and the contract with its milestones; milestone 1 is
  funded in escrow exactly as `offer_send` does it (card charge → client wallet, pending escrow hold
  and marketplace-fee hold → the milestone's escrow account), with the accounts' cached totals equal
  to the sums of their transfers.
All of it is drawn from a seeded RNG: the same arguments (and `--now`) give the same rows.

How: secondary indexes, UNIQUE and foreign-key constraints of the loaded tables are dropped, every
table is streamed with COPY on its own connection (PostgreSQL parses while Python generates), then
indexes and constraints are rebuilt (which re-checks every foreign key and UNIQUE rule) and the id
sequences moved past the loaded ids. It ends with the product's checks: `ledger_verify`,
`connects_verify`, and a few selectors and pages rendered against the data.

Search documents are not written here: `manage.py search_reindex` builds them from these rows (for
whichever search backend the settings choose).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

FIRST = [
    "Ana", "Ben", "Chloe", "Dmytro", "Elif", "Farah", "Gabriel", "Hana", "Ivan", "Jia", "Kwame", "Lucia",
    "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sami", "Tara", "Uma", "Viktor", "Wei", "Ximena",
    "Yusuf", "Zofia", "Arjun", "Bea", "Carlos", "Dara", "Emeka", "Fatima", "Goran", "Helga", "Imran", "Joana",
]  # fmt: skip
LAST = [
    "Silva", "Kowalski", "Nguyen", "Okafor", "Patel", "Garcia", "Schmidt", "Ivanenko", "Khan", "Santos",
    "Reyes", "Dubois", "Rossi", "Haddad", "Kim", "Tanaka", "Novak", "Mensah", "Costa", "Ali", "Larsen",
    "Moreau", "Yilmaz", "Bakker", "Cruz", "Fischer", "Sato", "Popescu", "Mwangi", "Lopez", "Chen", "Das",
]  # fmt: skip
COMPANY_A = ["Blue", "North", "Bright", "Iron", "Green", "Swift", "Silver", "Open", "Red", "Clear", "Deep"]
COMPANY_B = ["Harbor", "Labs", "Works", "Peak", "Field", "Bridge", "Stack", "Forge", "Leaf", "Wave"]
INDUSTRIES = ["Tech", "Retail", "Health", "Finance", "Education", "Media", "Travel", "Real estate", "Legal"]
COUNTRIES = ["US", "IN", "PH", "UA", "PK", "BR", "NG", "GB", "DE", "PL", "EG", "MX", "VN", "ES", "FR", "CA"]
TIMEZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Asia/Manila", "America/Sao_Paulo"]
ROLES = ["Developer", "Engineer", "Designer", "Writer", "Consultant", "Specialist", "Analyst", "Expert"]
LEVELS = ["", "Junior", "Senior", "Lead", "Freelance", "Certified"]
VERBS = ["Build", "Design", "Write", "Fix", "Migrate", "Improve", "Automate", "Translate", "Edit", "Set up"]
NOUNS = [
    "landing page", "mobile app", "data pipeline", "online store", "brand identity", "API integration",
    "blog series", "dashboard", "chatbot", "marketing plan", "product video", "test suite", "database",
]  # fmt: skip
TOPICS = [
    "fintech", "healthcare", "ecommerce", "education", "logistics", "gaming", "travel", "real estate",
    "food delivery", "nonprofit", "legal", "fitness", "media", "b2b saas", "manufacturing", "energy",
]  # fmt: skip
OPENERS = [
    "Hi, I read your post carefully and I can start this week.",
    "Hello! I have done this kind of work many times for clients like you.",
    "I would love to help with this project; it matches what I do every day.",
    "Good day. Your project caught my eye because I shipped something very similar last month.",
    "Hi there, I am a specialist in exactly this and can share relevant samples.",
]
MIDDLES = [
    "My approach: a short call to agree on scope, then a first version within a few days.",
    "I keep you updated daily and deliver in small milestones you can review.",
    "I write clean, documented work and stay available after delivery for fixes.",
    "I have five years of experience and a 100% completion record on this platform.",
    "I can also suggest improvements to the plan where I see risks or savings.",
]
CLOSERS = [
    "Looking forward to hearing from you.",
    "Happy to answer any questions before we start.",
    "Let me know a good time for a quick chat.",
    "Thanks for considering my proposal.",
]
MILESTONE_NAMES = ["Discovery and plan", "First version", "Revisions", "Final delivery", "Handover"]
EXPERIENCE = ["entry", "intermediate", "expert"]
LENGTH = ["lt1", "1to3", "3to6", "gt6"]
WORKLOAD = ["lt30", "gt30", "as_needed"]
HOURS = {"lt30": 15, "gt30": 35, "as_needed": 10}
WEEKS = {"lt1": 3, "1to3": 8, "3to6": 18, "gt6": 30}
DURATIONS = ["lt1", "1to3", "3to6", "gt6"]
FIXED_PRICES = [5, 50, 150, 300, 500, 800, 1500, 3000, 6000, 12000]
SPAN = timedelta(days=730)  # how far back the marketplace's history goes


@dataclass(frozen=True)
class Sizes:
    jobs: int = 1_000_000
    freelancers: int = 200_000
    proposals: int = 5_000_000
    contracts: int = 1_000_000
    clients: int = 0  # 0: a tenth of the jobs

    @property
    def client_count(self) -> int:
        return self.clients or max(1, self.jobs // 10)


@dataclass
class SeedResult:
    counts: dict[str, int]
    seconds: dict[str, float]
    cpu_seconds: dict[str, float]  # this process (all threads) and the PostgreSQL backends it used


def ts(instant: datetime) -> datetime:
    """Where a row takes an instant (binary COPY sends datetimes as they are)."""
    return instant


_LOT_LABELS = {"signup": "Sign-up grant", "purchase": "Purchase"}


def _expired_text(lot: list) -> str:
    return f"{_LOT_LABELS[lot[5]]} from {lot[2]:%Y-%m-%d} expired"


def backend_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a PostgreSQL backend on this machine; 0 when it is elsewhere.

    The machine is shared: wall time depends on the neighbours, CPU seconds do not."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- dropping and rebuilding indexes and constraints around the load --------------------------------
def _secondary_definitions(cursor, tables: list[str]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """What the load drops and rebuilds: (table, name, definition) of every PRIMARY KEY, UNIQUE and
    foreign-key constraint of `tables` (plus other tables' foreign keys pointing at them), in rebuild
    order; and the CREATE INDEX statements of their other indexes."""
    cursor.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE (c.conrelid::regclass::text = ANY(%s) AND c.contype IN ('p', 'u', 'f')) "
        "OR (c.confrelid::regclass::text = ANY(%s) AND c.contype = 'f') "
        # Keys first (a foreign key needs the referenced key's index), foreign keys last.
        "ORDER BY c.contype = 'f', c.contype = 'u', c.conrelid::regclass::text, c.conname",
        [tables, tables],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [tables],
    )
    return constraints, [f"DROP INDEX {name}|{definition}" for name, definition in cursor.fetchall()]


def _drop(cursor, constraints, indexes) -> None:
    # Foreign keys first: they depend on the keys' indexes.
    for table, name, _definition in sorted(constraints, key=lambda c: not c[2].startswith("FOREIGN")):
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for entry in indexes:
        cursor.execute(entry.split("|", 1)[0])


def _rebuild(dsn: str, constraints, indexes, log, workers: int = 3) -> float:
    """Keys and indexes table by table, then foreign keys, each phase on a few connections at once:
    the sorts and the foreign-key scans are CPU-bound and independent across tables."""
    import psycopg

    cpu: list[float] = []

    def run(statements: list[str]) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            conn.execute("SET max_parallel_maintenance_workers = 1")
            for sql in statements:
                conn.execute(sql)
            cpu.append(backend_cpu_seconds(conn.info.backend_pid))

    by_table: dict[str, list[str]] = {}
    foreign: list[str] = []
    for table, name, definition in constraints:
        sql = f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        if definition.startswith("FOREIGN"):
            foreign.append(sql)  # validated: every row is re-checked against its parent
        else:
            by_table.setdefault(table, []).append(sql)
    for entry in indexes:
        definition = entry.split("|", 1)[1]
        table = definition.split(" ON ", 1)[1].split()[0].removeprefix("public.")
        by_table.setdefault(table, []).append(definition)
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, by_table.values()))
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, [foreign[i::workers] for i in range(workers)]))
    log(f"  rebuilt {len(indexes)} indexes and {len(constraints)} key/UNIQUE/foreign-key constraints")
    return sum(cpu)


# --- COPY streams -----------------------------------------------------------------------------------
class Streams:
    """One COPY per table, each on its own connection, open together: a generator loop can write rows
    of many tables as it goes, and PostgreSQL parses them in parallel with the generation."""

    def __init__(self, dsn: str, tables: dict[str, list[str]]):
        import psycopg
        from psycopg.copy import QueuedLibpqWriter

        self._stack = ExitStack()
        self._conns = []
        self._copies = {}
        self._contexts: list = []  # the COPYs end before their connections commit and close
        self.counts = dict.fromkeys(tables, 0)
        for table, columns in tables.items():
            conn = self._stack.enter_context(psycopg.connect(dsn))
            conn.execute("SET synchronous_commit = off")
            self._conns.append(conn)
            cursor = conn.cursor()
            # Binary COPY: PostgreSQL parses no text (timestamps, numbers), which is where its time goes.
            cursor.execute(
                "SELECT a.atttypid::int FROM unnest(%s::text[]) WITH ORDINALITY AS c(name, n) "
                "JOIN pg_attribute a ON a.attrelid = %s::regclass AND a.attname = c.name ORDER BY c.n",
                [columns, table],
            )
            types = [oid for (oid,) in cursor.fetchall()]
            # A writer thread per stream: generation never waits for one busy backend while the
            # others could be taking rows.
            context = cursor.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)",
                writer=QueuedLibpqWriter(cursor),
            )
            copy = context.__enter__()
            self._contexts.append(context)
            copy.set_types(types)
            self._copies[table] = copy

    def row(self, table: str, values: tuple) -> None:
        self._copies[table].write_row(values)
        self.counts[table] += 1

    def rows(self, table: str, values: Iterable[tuple]) -> None:
        copy = self._copies[table]
        n = 0
        for v in values:
            copy.write_row(v)
            n += 1
        self.counts[table] += n

    def close(self) -> float:
        """End every COPY, commit; return the CPU seconds the PostgreSQL backends spent on them."""
        for context in self._contexts:
            context.__exit__(None, None, None)
        cpu = sum(backend_cpu_seconds(conn.info.backend_pid) for conn in self._conns)
        self._stack.close()
        return cpu


def _dsn() -> str:
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params.pop("server_side_binding", None)
    from psycopg.conninfo import make_conninfo

    return make_conninfo("", **{k: v for k, v in params.items() if isinstance(v, str | int)})


TABLES: dict[str, list[str]] = {
    "accounts_user": [
        "id",
        "email",
        "name",
        "password",
        "is_client",
        "is_freelancer",
        "is_staff",
        "is_active",
        "is_superuser",
        "date_joined",
        "language",
        "timezone",
    ],
    "profiles_clientprofile": [
        "id",
        "user_id",
        "company_name",
        "description",
        "size",
        "industry",
        "country",
        "website",
        "payment_verified",
        "created_at",
        "updated_at",
    ],
    "profiles_freelancerprofile": [
        "id",
        "user_id",
        "title",
        "overview",
        "hourly_rate_cents",
        "country",
        "timezone",
        "hours_per_week",
        "available_now",
        "visibility",
        "photo",
        "photo_thumb",
        "video",
        "video_content_type",
        "video_url",
        "created_at",
        "updated_at",
    ],
    "profiles_profileskill": ["profile_id", "skill_id", "position"],
    "connects_connectsaccount": ["user_id", "plan", "billing_day", "next_cycle_at", "created_at"],
    "connects_connectslot": [
        "id",
        "user_id",
        "source",
        "granted",
        "remaining",
        "issued_at",
        "expires_at",
        "expired_at",
        "key",
    ],
    "connects_connectsentry": [
        "id",
        "user_id",
        "kind",
        "delta",
        "balance_after",
        "reference",
        "description",
        "key",
        "created_at",
    ],
    "connects_connectsentrylot": ["entry_id", "lot_id", "units"],
    "jobs_job": [
        "id",
        "client_id",
        "title",
        "description",
        "category_id",
        "experience",
        "length",
        "workload",
        "budget_type",
        "hourly_min_cents",
        "hourly_max_cents",
        "fixed_cents",
        "visibility",
        "hires_wanted",
        "contract_to_hire",
        "reading_check",
        "status",
        "close_reason",
        "close_note",
        "connects_required",
        "opened_at",
        "last_activity_at",
        "expires_at",
        "closed_at",
        "proposal_count",
        "interviewing_count",
        "invites_sent",
        "hires_count",
        "created_at",
        "updated_at",
    ],
    "jobs_job_skills": ["job_id", "skill_id"],
    "proposals_proposal": [
        "id",
        "job_id",
        "freelancer_id",
        "status",
        "cover_letter",
        "bid_cents",
        "duration",
        "connects_spent",
        "connects_refunded",
        "boost_bid",
        "boost_state",
        "boost_interacted",
        "decline_reason",
        "viewed_at",
        "is_template",
        "created_at",
        "updated_at",
    ],
    "proposals_offer": [
        "id",
        "proposal_id",
        "client_id",
        "freelancer_id",
        "kind",
        "title",
        "manual_time_allowed",
        "total_cents",
        "is_trial",
        "message",
        "status",
        "change_request",
        "decline_reason",
        "escrow_reference",
        "created_at",
        "updated_at",
    ],
    "proposals_offermilestone": ["offer_id", "position", "description", "amount_cents"],
    "contracts_contract": [
        "id",
        "offer_id",
        "job_id",
        "client_id",
        "freelancer_id",
        "kind",
        "title",
        "status",
        "paused_reason",
        "manual_time_allowed",
        "total_cents",
        "is_trial",
        "fee_schedule_version",
        "started_at",
    ],
    "contracts_contractmilestone": [
        "contract_id",
        "position",
        "description",
        "amount_cents",
        "status",
        "escrow_reference",
        "funded_at",
        "paid_cents",
    ],
    "ledger_account": [
        "id",
        "key",
        "kind",
        "owner_id",
        "reference",
        "currency",
        "must_not_go_negative",
        "debits_pending",
        "debits_posted",
        "credits_pending",
        "credits_posted",
        "created_at",
    ],
    "ledger_transfergroup": [
        "id",
        "key",
        "kind",
        "reference",
        "payer_id",
        "payee_id",
        "actor_id",
        "gross_cents",
        "description",
        "created_at",
    ],
    "ledger_transfer": [
        "group_id",
        "key",
        "code",
        "debit_account_id",
        "credit_account_id",
        "amount",
        "posted_amount",
        "currency",
        "status",
        "was_pending",
        "reference",
        "created_at",
    ],
}


def _max_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - table names are constants
    return cursor.fetchone()[0]


def _spread(total: int, n: int, rng: random.Random, cap: int, alpha: float) -> list[int]:
    """`total` split over `n` slots, heavy-tailed (Pareto weights), each at most `cap`; sums exactly."""
    weights = [min(rng.paretovariate(alpha), 200.0) for _ in range(n)]
    scale = total / sum(weights)
    counts = [min(cap, int(w * scale)) for w in weights]
    left = total - sum(counts)
    while left > 0:
        i = rng.randrange(n)
        if counts[i] < cap:
            counts[i] += 1
            left -= 1
    return counts


def seed(
    sizes: Sizes, *, rng_seed: int = 15, now: datetime | None = None, log: Callable = print
) -> SeedResult:
    """Load `sizes` into the database Django is connected to (PostgreSQL), then rebuild its indexes."""
    from django.db import connection

    from hirehall.connects import policy
    from hirehall.jobs.pricing import connects_for_value
    from hirehall.jobs.services import OPEN_DAYS
    from hirehall.ledger import fees
    from hirehall.ledger.models import Account
    from hirehall.ledger.selectors import account_key
    from hirehall.ledger.services import system_account
    from hirehall.profiles.models import Skill

    if connection.vendor != "postgresql":
        raise RuntimeError("seed_scale loads PostgreSQL only (COPY)")
    J, F, P, C = sizes.jobs, sizes.freelancers, sizes.proposals, sizes.contracts
    NC = sizes.client_count
    if P > J * F or C > P:
        raise ValueError("need proposals <= jobs x freelancers and contracts <= proposals")
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    start = now - SPAN
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    py_cpu = time.process_time()
    connection.ensure_connection()
    main_pid = connection.connection.info.backend_pid
    main_cpu = backend_cpu_seconds(main_pid)
    rng = random.Random(rng_seed)
    rnd = rng.random

    def pick(seq):  # rng.choice, at a third of its cost (called ~10 times a proposal)
        return seq[int(rnd() * len(seq))]

    schedule = fees.schedule_in_force()
    clearing = system_account(Account.Kind.PROVIDER_CLEARING)
    revenue = system_account(Account.Kind.PLATFORM_REVENUE)
    skills = list(Skill.objects.filter(is_active=True).values_list("id", "name", "category_id"))
    skill_weights = [1.0 / (i + 1) ** 0.6 for i in range(len(skills))]
    rng.shuffle(skills)

    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        base = {t: _max_id(cursor, t) + 1 for t in TABLES if "id" in TABLES[t]}
        constraints, indexes = _secondary_definitions(cursor, list(TABLES))
        _drop(cursor, constraints, indexes)
    seconds["drop indexes"] = time.perf_counter() - t0

    # --- the shape, decided up front (cheap arrays): proposals and hires per job --------------------
    t = time.perf_counter()
    n_props = _spread(P, J, rng, cap=min(F, 200), alpha=1.3)
    hires = [0] * J
    remaining = C
    for round_ in range(1, 6):  # every job with proposals hires once, then some hire more
        candidates = [j for j in range(J) if n_props[j] >= round_ and hires[j] == round_ - 1]
        if len(candidates) >= remaining:
            for j in rng.sample(candidates, remaining):
                hires[j] += 1
            remaining = 0
            break
        for j in candidates:
            hires[j] += 1
        remaining -= len(candidates)
    if remaining:
        raise ValueError("too many contracts for these jobs and proposals (at most 5 hires a job)")
    job_client = [min(NC - 1, int(NC * rng.random() ** 1.8)) for _ in range(J)]  # busy clients post more
    fl_order = list(range(F))
    rng.shuffle(fl_order)  # activity skew without tying it to ids
    seconds["plan"] = time.perf_counter() - t

    u_client, u_freel = base["accounts_user"], base["accounts_user"] + NC
    job_base, prop_base = base["jobs_job"], base["proposals_proposal"]
    offer_base, contract_base = base["proposals_offer"], base["contracts_contract"]
    acct_id = base["ledger_account"]
    group_id = base["ledger_transfergroup"]
    lot_id, entry_id = base["connects_connectslot"], base["connects_connectsentry"]

    streams = Streams(_dsn(), TABLES)
    # Per freelancer: lots [id, remaining, issued, expires, granted, source, key], last activity, joined.
    fl_lots: list[Any] = [None] * F  # a freelancer's lots (lists), None until first used
    fl_last: list[datetime | None] = [None] * F
    fl_joined: list[Any] = [None] * F  # datetime once known
    fl_bought = [0] * F
    wallets: dict[int, list[int]] = {}  # user id -> [debits_pending, debits_posted, credits_posted]
    clearing_debits = revenue_credits = 0

    wallet_ids: dict[int, int] = {}  # user id -> ledger account id, given on first use

    def wallet_id(uid: int) -> int:
        nonlocal acct_id
        wid = wallet_ids.get(uid)
        if wid is None:
            wid = wallet_ids[uid] = acct_id
            acct_id += 1
        return wid

    def wallet(uid: int) -> list[int]:
        w = wallets.get(uid)
        if w is None:
            w = wallets[uid] = [0, 0, 0]
        return w

    def lot_new(f: int, uid: int, amount: int, source: str, key: str, at: datetime) -> list:
        nonlocal lot_id, entry_id
        lot = [lot_id, amount, at, at + policy.LOT_LIFETIME, amount, source, key]
        lot_id += 1
        fl_lots[f].append(lot)
        kind = {"purchase": "purchase"}.get(source, "grant")
        description = "Welcome Connects" if source == "signup" else f"Bought {amount} Connects"
        balance = sum(lt[1] for lt in fl_lots[f] if lt[3] > at)
        streams.row(
            "connects_connectsentry",
            (entry_id, uid, kind, amount, balance, "", description, f"entry:{key}", ts(at)),
        )
        streams.row("connects_connectsentrylot", (entry_id, lot[0], amount))
        entry_id += 1
        return lot

    def expire_lots(f: int, uid: int, until: datetime) -> None:
        nonlocal entry_id
        for lot in fl_lots[f]:
            if lot[1] > 0 and lot[3] <= until:
                units, lot[1] = lot[1], 0
                lot.append(lot[3])  # expired_at
                balance = sum(lt[1] for lt in fl_lots[f] if lt[3] > lot[3])
                streams.row(
                    "connects_connectsentry",
                    (
                        entry_id,
                        uid,
                        "expire",
                        -units,
                        balance,
                        "",
                        _expired_text(lot),
                        f"expire:{lot[0]}",
                        ts(lot[3]),
                    ),
                )
                streams.row("connects_connectsentrylot", (entry_id, lot[0], units))
                entry_id += 1

    def buy(f: int, uid: int, quantity: int, at: datetime) -> None:
        nonlocal group_id, clearing_debits, revenue_credits
        fl_bought[f] += 1
        key = f"connects-purchase:{uid}:n{fl_bought[f]}:{quantity}"
        lot = lot_new(f, uid, quantity, "purchase", key, at)
        cents = quantity * policy.PRICE_PER_CONNECT_CENTS
        streams.row(
            "ledger_transfergroup",
            (
                group_id,
                key,
                "connects_purchase",
                f"connects:{lot[0]}",
                uid,
                None,
                uid,
                0,
                f"{quantity} Connects",
                ts(at),
            ),
        )
        w = wallet(uid)
        wk = wallet_id(uid)
        streams.row(
            "ledger_transfer",
            (
                group_id,
                f"{key}:card",
                "card_charge",
                clearing.pk,
                wk,
                cents,
                cents,
                "USD",
                "posted",
                False,
                "",
                ts(at),
            ),
        )
        streams.row(
            "ledger_transfer",
            (
                group_id,
                f"{key}:pay",
                "connects_purchase",
                wk,
                revenue.pk,
                cents,
                cents,
                "USD",
                "posted",
                False,
                f"connects:{lot[0]}",
                ts(at),
            ),
        )
        group_id += 1
        w[2] += cents
        w[1] += cents
        clearing_debits += cents
        revenue_credits += cents

    # --- the job loop: jobs, their proposals (with Connects), offers, contracts and escrow -----------
    t = time.perf_counter()
    prop_id, offer_id, contract_id = prop_base, offer_base, contract_base
    step = SPAN / max(J, 1)
    open_cut = now - timedelta(days=OPEN_DAYS)
    for j in range(J):
        jid = job_base + j
        client_uid = u_client + job_client[j]
        chosen = []
        for s in rng.choices(skills, weights=skill_weights, k=rng.randint(1, 5)):
            if s not in chosen:
                chosen.append(s)
        main = chosen[0]
        topic, noun = pick(TOPICS), pick(NOUNS)
        title = f"{pick(VERBS)} a {main[1]} {noun} for a {topic} company"[:120]
        description = " ".join(
            [f"We are a {topic} business and need a {noun}."]
            + [f"Experience with {s[1]} is a must." for s in chosen]
            + [pick(MIDDLES)]
        )
        workload, length = pick(WORKLOAD), pick(LENGTH)
        low: int | None
        high: int | None
        if rng.random() < 0.45:
            low = rng.randint(3, 80) * 100
            high = low + rng.randint(0, 60) * 100
            fixed = None
            value = (low + high) * HOURS[workload] * WEEKS[length] // 2
            budget = "hourly"
        else:
            low = high = None
            fixed = value = pick(FIXED_PRICES) * 100
            budget = "fixed"
        connects = connects_for_value(value)
        created = start + step * j + timedelta(seconds=rng.randint(0, 59))
        opened = created + timedelta(minutes=rng.randint(1, 90))
        expires = opened + timedelta(days=OPEN_DAYS)
        n, h = n_props[j], hires[j]
        wanted = max(h, 1 if rng.random() < 0.85 else rng.randint(2, 4))
        is_open = opened > open_cut and h < wanted
        if is_open:
            status, reason, closed_at = "open", "", None
        elif h:
            status, reason = "closed", "filled"
            closed_at = min(now, opened + timedelta(days=rng.randint(2, 25)))
        else:
            status, reason = "closed", pick(["expired", "expired", "cancelled"])
            closed_at = min(
                now, expires if reason == "expired" else opened + timedelta(days=rng.randint(1, 20))
            )
        last_activity = closed_at or opened
        streams.row(
            "jobs_job",
            (
                jid,
                client_uid,
                title,
                description,
                main[2],
                pick(EXPERIENCE),
                length,
                workload,
                budget,
                low,
                high,
                fixed,
                "public",
                wanted,
                False,
                "",
                status,
                reason,
                "",
                connects,
                ts(opened),
                ts(last_activity),
                ts(expires),
                closed_at and ts(closed_at),
                n,
                0,
                0,
                h,
                ts(created),
                ts(last_activity),
            ),
        )
        streams.rows("jobs_job_skills", ((jid, s[0]) for s in chosen))

        # Distinct freelancers, skewed to the busy ones.
        picked: list[int] = []
        if n > F // 4:
            picked = rng.sample(range(F), n)
        else:
            seen = set()
            while len(picked) < n:
                f = fl_order[int(F * rng.random() ** 1.6)]
                if f not in seen:
                    seen.add(f)
                    picked.append(f)
        window = ((closed_at or now) - opened).total_seconds()
        for k, f in enumerate(picked):
            uid = u_freel + f
            at = opened + timedelta(seconds=int(window * rng.random() ** 2))
            last = fl_last[f]
            if last is not None and at <= last:  # one freelancer's history stays in order
                at = last + timedelta(seconds=61)
            fl_last[f] = at
            # Connects: the sign-up lot at the first activity, expiries due, a bundle when short.
            if fl_lots[f] is None:
                fl_lots[f] = []
                joined = at - timedelta(days=rng.randint(1, 60), seconds=rng.randint(0, 86399))
                fl_joined[f] = joined
                lot_new(f, uid, policy.SIGNUP_GRANT, "signup", f"signup:{uid}", joined)
            expire_lots(f, uid, at)
            live = [lot for lot in fl_lots[f] if lot[1] > 0 and lot[3] > at]
            if sum(lot[1] for lot in live) < connects:
                buy(f, uid, pick([20, 40, 40, 60, 80]), at - timedelta(minutes=rng.randint(1, 30)))
                live = [lot for lot in fl_lots[f] if lot[1] > 0 and lot[3] > at]
            live.sort(key=lambda lot: (lot[3], lot[0]))
            left = connects
            taken = []
            for lot in live:
                take = min(left, lot[1])
                lot[1] -= take
                taken.append((lot[0], take))
                left -= take
                if not left:
                    break
            balance = sum(lt[1] for lt in fl_lots[f] if lt[3] > at)
            pid = prop_id
            prop_id += 1
            streams.row(
                "connects_connectsentry",
                (
                    entry_id,
                    uid,
                    "spend",
                    -connects,
                    balance,
                    f"proposal:{pid}",
                    f"Proposal on “{title}”"[:200],
                    f"proposal:{pid}",
                    ts(at),
                ),
            )
            streams.rows("connects_connectsentrylot", ((entry_id, lot, units) for lot, units in taken))
            entry_id += 1

            hired = k < h
            if hired:
                pstatus = "hired"
            elif is_open:
                pstatus = pick(
                    ["submitted", "submitted", "viewed", "shortlisted", "archived", "declined", "withdrawn"]
                )
            elif h:
                pstatus = pick(["closed", "closed", "closed", "declined", "withdrawn"])
            else:  # closed without a hire: what stayed in play would have had its Connects returned
                pstatus = pick(["declined", "declined", "withdrawn"])
            bid = max(500, int((fixed or high or 2000) * rng.uniform(0.6, 1.3)) // 100 * 100)
            cover = f"{pick(OPENERS)} {pick(MIDDLES)} {pick(MIDDLES)} {pick(CLOSERS)}"
            viewed = pstatus not in ("submitted", "withdrawn")
            streams.row(
                "proposals_proposal",
                (
                    pid,
                    jid,
                    uid,
                    pstatus,
                    cover,
                    bid,
                    pick(DURATIONS),
                    connects,
                    False,
                    0,
                    "none",
                    False,
                    "",
                    ts(at + timedelta(hours=3)) if viewed else None,
                    False,
                    ts(at),
                    ts(at),
                ),
            )
            if not hired:
                continue

            # The offer (fixed price, milestone 1 funded from a card charge), the contract, the escrow.
            oid, cid = offer_id, contract_id
            offer_id += 1
            contract_id += 1
            offered = at + timedelta(days=rng.randint(1, 5))
            accepted = offered + timedelta(hours=rng.randint(1, 48))
            parts = pick([1, 1, 2, 3])
            amounts = [max(500, (bid // parts) // 100 * 100) for _ in range(parts)]
            total = sum(amounts)
            ref = f"offer:{oid}:m1"
            otitle = title[:120]
            streams.row(
                "proposals_offer",
                (
                    oid,
                    pid,
                    client_uid,
                    uid,
                    "fixed",
                    otitle,
                    False,
                    total,
                    False,
                    "",
                    "accepted",
                    "",
                    "",
                    ref,
                    ts(offered),
                    ts(accepted),
                ),
            )
            streams.row(
                "contracts_contract",
                (
                    cid,
                    oid,
                    jid,
                    client_uid,
                    uid,
                    "fixed",
                    otitle,
                    "active",
                    "",
                    False,
                    total,
                    False,
                    schedule.version,
                    ts(accepted),
                ),
            )
            for pos, amount in enumerate(amounts, start=1):
                name = MILESTONE_NAMES[pos - 1] if parts > 1 else "Complete project"
                streams.row("proposals_offermilestone", (oid, pos, name, amount))
                streams.row(
                    "contracts_contractmilestone",
                    (
                        cid,
                        pos,
                        name,
                        amount,
                        "funded" if pos == 1 else "pending",
                        ref if pos == 1 else "",
                        ts(offered) if pos == 1 else None,
                        0,
                    ),
                )
            amount = amounts[0]
            fee = fees.marketplace_fee_cents(amount, schedule)
            escrow = acct_id
            acct_id += 1
            streams.row(
                "ledger_account",
                (
                    escrow,
                    account_key("escrow", reference=ref),
                    "escrow",
                    None,
                    ref,
                    "USD",
                    True,
                    0,
                    0,
                    amount + fee,
                    0,
                    ts(offered),
                ),
            )
            gkey = f"escrow-fund:{ref}"
            streams.row(
                "ledger_transfergroup",
                (
                    group_id,
                    gkey,
                    "escrow_fund",
                    ref,
                    client_uid,
                    uid,
                    client_uid,
                    0,
                    f"Escrow funded for {ref}",
                    ts(offered),
                ),
            )
            wk = wallet_id(client_uid)
            streams.row(
                "ledger_transfer",
                (
                    group_id,
                    f"offer:{pid}:n1:card",
                    "card_charge",
                    clearing.pk,
                    wk,
                    amount + fee,
                    amount + fee,
                    "USD",
                    "posted",
                    False,
                    ref,
                    ts(offered),
                ),
            )
            streams.row(
                "ledger_transfer",
                (
                    group_id,
                    f"{gkey}:hold",
                    "escrow_hold",
                    wk,
                    escrow,
                    amount,
                    None,
                    "USD",
                    "pending",
                    True,
                    ref,
                    ts(offered),
                ),
            )
            if fee:
                streams.row(
                    "ledger_transfer",
                    (
                        group_id,
                        f"{gkey}:fee",
                        "escrow_fee_hold",
                        wk,
                        escrow,
                        fee,
                        None,
                        "USD",
                        "pending",
                        True,
                        ref,
                        ts(offered),
                    ),
                )
            group_id += 1
            w = wallet(client_uid)
            w[0] += amount + fee
            w[2] += amount + fee
            clearing_debits += amount + fee
        if j and j % 100_000 == 0:
            log(f"  {j:,} jobs, {prop_id - prop_base:,} proposals ({time.perf_counter() - t:.0f} s)")
    seconds["jobs, proposals, contracts, ledger"] = time.perf_counter() - t

    # --- people, lots and accounts, now that their history is known ----------------------------------
    t = time.perf_counter()
    for c in range(NC):
        uid = u_client + c
        name = f"{FIRST[c % len(FIRST)]} {LAST[(c // len(FIRST)) % len(LAST)]}"
        joined = start - timedelta(days=rng.randint(0, 400), seconds=rng.randint(0, 86399))
        streams.row(
            "accounts_user",
            (
                uid,
                f"client{uid}@scale.test",
                name,
                "!",
                True,
                False,
                False,
                True,
                False,
                ts(joined),
                "en",
                "UTC",
            ),
        )
        company = f"{pick(COMPANY_A)} {pick(COMPANY_B)}"
        streams.row(
            "profiles_clientprofile",
            (
                base["profiles_clientprofile"] + c,
                uid,
                company,
                f"{company} works in {pick(TOPICS)}.",
                pick(["1", "2-9", "10-99", "100-999", "1000+"]),
                pick(INDUSTRIES),
                pick(COUNTRIES),
                "",
                rng.random() < 0.7,
                ts(joined),
                ts(joined),
            ),
        )
    for f in range(F):
        uid, pid = u_freel + f, base["profiles_freelancerprofile"] + f
        if fl_lots[f] is None:  # never applied: signed up at some point, got the welcome Connects
            fl_lots[f] = []
            fl_joined[f] = start + timedelta(seconds=rng.randint(0, int(SPAN.total_seconds())))
            lot_new(f, uid, policy.SIGNUP_GRANT, "signup", f"signup:{uid}", fl_joined[f])
        expire_lots(f, uid, now)
        joined = fl_joined[f]
        name = f"{FIRST[(f * 7) % len(FIRST)]} {LAST[(f // 3) % len(LAST)]}"
        streams.row(
            "accounts_user",
            (
                uid,
                f"freelancer{uid}@scale.test",
                name,
                "!",
                False,
                True,
                False,
                True,
                False,
                ts(joined),
                "en",
                "UTC",
            ),
        )
        mine = []
        for s in rng.choices(skills, weights=skill_weights, k=rng.randint(3, 10)):
            if s not in mine:
                mine.append(s)
        title = f"{pick(LEVELS)} {mine[0][1]} {pick(ROLES)}".strip()[:120]
        overview = " ".join([f"I help {pick(TOPICS)} teams with {s[1]}." for s in mine[:3]] + [pick(MIDDLES)])
        visibility = "public" if rng.random() < 0.9 else pick(["logged_in", "private"])
        streams.row(
            "profiles_freelancerprofile",
            (
                pid,
                uid,
                title,
                overview,
                rng.randint(5, 150) * 100,
                pick(COUNTRIES),
                pick(TIMEZONES),
                pick([None, 10, 20, 30, 40]),
                rng.random() < 0.4,
                visibility,
                "",
                "",
                "",
                "",
                "",
                ts(joined),
                ts(joined),
            ),
        )
        streams.rows("profiles_profileskill", ((pid, s[0], pos) for pos, s in enumerate(mine)))
        day = min(joined.day, 28)
        cycle = joined.replace(day=day)
        while cycle <= now:
            cycle = policy.add_month(cycle, day)
        streams.row("connects_connectsaccount", (uid, "basic", day, ts(cycle), ts(joined)))
        streams.rows(
            "connects_connectslot",
            (
                (
                    lot[0],
                    uid,
                    lot[5],
                    lot[4],
                    lot[1],
                    ts(lot[2]),
                    ts(lot[3]),
                    ts(lot[7]) if len(lot) > 7 else None,
                    lot[6],
                )
                for lot in fl_lots[f]
            ),
        )
        fl_lots[f] = None  # free as we go
    for uid, wid in wallet_ids.items():
        dp, dpost, cpost = wallets[uid]
        streams.row(
            "ledger_account",
            (
                wid,
                account_key("client_wallet", owner_id=uid),
                "client_wallet",
                uid,
                "",
                "USD",
                True,
                dp,
                dpost,
                0,
                cpost,
                ts(start),
            ),
        )
    cpu = {"copy backends": streams.close()}
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_account SET debits_posted = debits_posted + %s WHERE id = %s",
            [clearing_debits, clearing.pk],
        )
        cursor.execute(
            "UPDATE ledger_account SET credits_posted = credits_posted + %s WHERE id = %s",
            [revenue_credits, revenue.pk],
        )
    seconds["people, lots, wallets"] = time.perf_counter() - t

    t = time.perf_counter()
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cpu["rebuild backends"] = _rebuild(_dsn(), constraints, indexes, log)
        seconds["rebuild indexes and constraints"] = time.perf_counter() - t
        t = time.perf_counter()
        for table in TABLES:
            cursor.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')")
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"SELECT setval('{sequence}', (SELECT COALESCE(MAX(id), 1) FROM {table}))")  # noqa: S608
            cursor.execute(f"ANALYZE {table}")
    seconds["sequences, analyze"] = time.perf_counter() - t
    counts = dict(streams.counts.items())
    cpu["main backend"] = backend_cpu_seconds(main_pid) - main_cpu
    cpu["python (generation)"] = time.process_time() - py_cpu
    return SeedResult(counts=counts, seconds=seconds, cpu_seconds=cpu)


def product_checks(log: Callable = print) -> dict[str, float]:
    """The product's own checks against the loaded rows: its ledger and Connects invariants, and the
    pages a client and a freelancer open first, rendered with the data (each must answer 200)."""
    from django.test import Client

    from hirehall.accounts.models import User
    from hirehall.connects.verify import verify_connects
    from hirehall.contracts.models import Contract
    from hirehall.ledger.verify import verify_ledger
    from hirehall.proposals.models import Proposal

    timings: dict[str, float] = {}
    t = time.perf_counter()
    problems = verify_ledger()
    timings["ledger_verify"] = time.perf_counter() - t
    if problems:
        raise AssertionError("ledger_verify: " + "; ".join(problems[:5]))
    t = time.perf_counter()
    problems = verify_connects()
    timings["connects_verify"] = time.perf_counter() - t
    if problems:
        raise AssertionError("connects_verify: " + "; ".join(problems[:5]))

    contract = Contract.objects.order_by("-id").first()
    proposal = Proposal.objects.order_by("-id").first()
    assert contract is not None and proposal is not None
    client_user = User.objects.get(pk=contract.client_id)
    freelancer = User.objects.get(pk=proposal.freelancer_id)
    pages = [
        (client_user, f"/contracts/{contract.pk}/"),
        (client_user, f"/jobs/{contract.job_id}/proposals/"),
        (client_user, "/contracts/"),
        (client_user, "/dashboard/"),
        (freelancer, f"/jobs/{proposal.job_id}/"),
        (freelancer, "/proposals/"),
        (freelancer, f"/proposals/{proposal.pk}/"),
        (freelancer, "/connects/"),
        (freelancer, "/dashboard/"),
        (None, "/jobs/"),
        (None, "/talent/"),
    ]
    browser = Client(raise_request_exception=True)
    for user, path in pages:
        if user is None:
            browser.logout()
        else:
            browser.force_login(user)
        t = time.perf_counter()
        response = browser.get(path, secure=True, HTTP_HOST="127.0.0.1")
        timings[path if user is None else f"{path} (as {'client' if user.is_client else 'freelancer'})"] = (
            time.perf_counter() - t
        )
        if response.status_code != 200:
            raise AssertionError(f"{path}: HTTP {response.status_code}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    defaults = Sizes()
    parser.add_argument("--jobs", type=int, default=defaults.jobs)
    parser.add_argument("--freelancers", type=int, default=defaults.freelancers)
    parser.add_argument("--proposals", type=int, default=defaults.proposals)
    parser.add_argument("--contracts", type=int, default=defaults.contracts)
    parser.add_argument("--clients", type=int, default=0, help="default: a tenth of the jobs")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--now", help="ISO instant the history ends at (default: today 00:00 UTC)")
    parser.add_argument("--skip-checks", action="store_true")
    args = parser.parse_args()
    now = (
        datetime.fromisoformat(args.now)
        if args.now
        else datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    )
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    from _pg import open_bench_database

    started = time.perf_counter()
    name = open_bench_database("hirehall_scale", rebuild=True)
    migrated = time.perf_counter() - started
    print(f"database {name} created and migrated in {migrated:.1f} s")
    sizes = Sizes(args.jobs, args.freelancers, args.proposals, args.contracts, args.clients)
    result = seed(sizes, rng_seed=args.seed, now=now)
    loaded = time.perf_counter() - started
    for step, secs in result.seconds.items():
        print(f"  {step:<40} {secs:8.1f} s")
    cpu = result.cpu_seconds
    print("CPU seconds (the machine is shared; these do not depend on the neighbours):")
    for who, secs in cpu.items():
        print(f"  {who:<40} {secs:8.1f} s")
    print(f"  {'total':<40} {sum(cpu.values()):8.1f} s (= {sum(cpu.values()) / 2 / 60:.1f} min on 2 cores)")
    print("rows loaded:")
    for table, n in result.counts.items():
        print(f"  {table:<32} {n:>12,}")
    print(f"seeded in {loaded:.1f} s ({loaded / 60:.1f} min) including create + migrate")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_size_pretty(pg_total_relation_size(c.oid)), "
            "pg_size_pretty(pg_indexes_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' "
            "ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 12"
        )
        print("largest tables (total incl. indexes / indexes):")
        for relname, total, idx in cursor.fetchall():
            print(f"  {relname:<32} {total:>10} {idx:>10}")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"database size: {cursor.fetchone()[0]}")
    if not args.skip_checks:
        for check, secs in product_checks().items():
            print(f"  check {check:<44} {secs * 1000:9.0f} ms  OK")
        print(f"all checks passed; total {time.perf_counter() - started:.1f} s")
    print("search documents: run `manage.py search_reindex` against this database to index these rows")


if __name__ == "__main__":
    main()
