"""The one-round-trip transfer (`ledger_transfer_one`, migration ledger/0006) against the ORM path.

Every case runs twice on PostgreSQL, once through the database function and once through the ORM
path (forced by turning the shape test off), on fresh accounts, and the two sets of observations must
be equal: results, refusals (code, message, details), rows written, balances, `ledger_verify`.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.apps import apps as django_apps
from django.db import connection, transaction
from django.utils import translation

from hirehall.core.errors import DomainError
from hirehall.core.testing import make_user, race
from hirehall.core.testing.faults import Crash, crash_after_write
from hirehall.ledger import services
from hirehall.ledger.models import Account, Transfer, TransferGroup
from hirehall.ledger.services import (
    BillingIncrement,
    NewTransfer,
    account_get_or_create,
    transfer_group_execute,
)
from hirehall.ledger.tests.helpers import assert_ledger_ok
from hirehall.ledger.verify import verify_ledger

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the database function is PostgreSQL's"),
]
PATHS = ("function", "orm")
AT = datetime(2026, 3, 4, 9, 0, 1, 123457, tzinfo=UTC)  # microseconds: no rounding anywhere
_ns = itertools.count(1)


@contextmanager
def path(name: str) -> Iterator[None]:
    """`orm`: the shape test says no, so transfer_group_execute takes the ORM path."""
    if name == "function":
        yield
        return
    with mock.patch.object(services, "_is_single_posted", return_value=False):
        yield


class World:
    """Fresh accounts for one run: two bounded wallets, an unbounded source, an EUR wallet."""

    def __init__(self) -> None:
        self.ns = f"w{next(_ns)}"
        self.alice, self.bob = make_user(), make_user()
        self.src = account_get_or_create(
            kind=Account.Kind.PROVIDER_CLEARING, reference=f"{self.ns}:src", must_not_go_negative=False
        )
        self.a = account_get_or_create(kind=Account.Kind.CLIENT_WALLET, owner=self.alice)
        self.b = account_get_or_create(kind=Account.Kind.FREELANCER_EARNINGS, owner=self.bob)
        self.eur = account_get_or_create(kind=Account.Kind.CLIENT_WALLET, owner=self.bob, currency="EUR")
        self.names = {self.src.pk: "src", self.a.pk: "a", self.b.pk: "b", self.eur.pk: "eur"}
        self.users = {self.alice.pk: "alice", self.bob.pk: "bob", None: None}
        self.groups: dict[int, str] = {}

    def key(self, name: str) -> str:
        return f"{self.ns}:{name}"

    def pay(self, name: str, debit: Account, credit: Account, amount: Any, **kw: Any) -> tuple[Any, ...]:
        leg_key = kw.pop("leg_key", None) or self.key(f"{name}:leg")
        hold_until = kw.pop("hold_until", None)
        return self.observe(
            lambda: transfer_group_execute(
                actor=kw.pop("actor", self.alice),
                key=self.key(name),
                kind=kw.pop("kind", TransferGroup.Kind.DEPOSIT),
                reference=kw.pop("reference", f"{self.ns}:ref"),
                transfers=[
                    NewTransfer(leg_key, Transfer.Code.DEPOSIT, debit, credit, amount, hold_until=hold_until)
                ],
                **kw,
            )
        )

    def observe(self, call: Callable[[], tuple[TransferGroup, bool]]) -> tuple[Any, ...]:
        try:
            group, created = call()
        except DomainError as exc:
            return ("refused", exc.code, exc.detail, exc.extra)
        except Exception as exc:  # compared by type: both paths must fail the same way
            return ("crashed", type(exc).__name__)
        return ("ok", created, self.strip(self.describe(group)))

    def strip(self, value: Any) -> Any:
        """The run's namespace out of keys and references, so two runs compare equal."""
        if isinstance(value, str):
            return value.replace(self.ns, "")
        if isinstance(value, tuple | list):
            return type(value)(self.strip(v) for v in value)
        return value

    def describe(self, group: TransferGroup) -> tuple[Any, ...]:
        label = self.groups.setdefault(group.pk, f"g{len(self.groups)}")
        fresh = TransferGroup.objects.get(pk=group.pk)
        fields = ("kind", "reference", "gross_cents", "description", "created_at")
        as_returned = (
            label,
            group.key.removeprefix(self.ns),
            *(getattr(group, f) for f in fields),
            *(self.users[getattr(group, f)] for f in ("payer_id", "payee_id", "actor_id")),
        )
        as_stored = (
            label,
            fresh.key.removeprefix(self.ns),
            *(getattr(fresh, f) for f in fields),
            *(self.users[getattr(fresh, f)] for f in ("payer_id", "payee_id", "actor_id")),
        )
        assert as_returned == as_stored
        legs = [
            (
                t.key.removeprefix(self.ns),
                t.code,
                self.names[t.debit_account_id],
                self.names[t.credit_account_id],
                t.amount,
                t.posted_amount,
                t.currency,
                t.status,
                t.was_pending,
                t.reference,
                t.hold_until,
                t.resolved_group_id,
                t.resolved_at,
                t.created_at,
            )
            for t in Transfer.objects.filter(group_id=group.pk).order_by("pk")
        ]
        return (as_stored, legs, group._state.adding)

    def state(self) -> dict[str, tuple[int, ...]]:
        return {
            self.names[acc.pk]: (
                acc.debits_pending,
                acc.debits_posted,
                acc.credits_pending,
                acc.credits_posted,
            )
            for acc in Account.objects.filter(pk__in=self.names)
        } | {
            "groups": (TransferGroup.objects.filter(key__startswith=f"{self.ns}:").count(),),
            "legs": (Transfer.objects.filter(key__startswith=f"{self.ns}:").count(),),
        }


def script(w: World) -> list[Any]:
    """Every case the single-transfer path meets, in order; each observation and the state after it."""
    seen: list[Any] = []

    def step(observation: tuple[Any, ...]) -> None:
        seen.append((observation, w.state()))

    step(w.pay("fund", w.src, w.a, 100_00))
    step(w.pay("pay", w.a, w.b, 30_00, payer=w.alice, payee=w.bob, gross_cents=30_00, description="x" * 250))
    step(w.pay("pay", w.a, w.b, 30_00, payer=w.alice, payee=w.bob, gross_cents=30_00, description="x" * 250))
    step(w.pay("pay", w.a, w.b, 30_00, reference="another"))  # same key, another request
    step(w.pay("pay", w.a, w.b, 30_00, kind=TransferGroup.Kind.BONUS))
    step(w.pay("pay", w.a, w.b, 0))  # a replay even with an invalid leg, as the ORM path does
    step(w.pay("short", w.a, w.b, 80_00))  # 70 available: refused, key not consumed
    step(w.pay("short", w.a, w.b, 70_00, hold_until=AT + timedelta(days=5)))  # exactly all: fine
    step(w.pay("empty", w.a, w.b, 1))
    with translation.override("es"):  # a Spanish page gets the API's English detail on both paths
        step(w.pay("empty-es", w.a, w.b, 1))
    step(w.pay("zero", w.src, w.a, 0))
    step(w.pay("bool", w.src, w.a, True))
    step(w.pay("float", w.src, w.a, 1.5))
    step(w.pay("self", w.a, w.a, 1))
    step(w.pay("currency", w.src, w.eur, 1))
    step(w.pay("leg-taken", w.src, w.a, 1, leg_key=w.key("fund:leg")))  # UNIQUE leg key: IntegrityError
    step(w.pay("gone", w.src, Account(pk=2**62, currency="USD"), 1))  # no such account
    step(w.pay("negative-gross", w.src, w.a, 1, gross_cents=-1))  # a CHECK constraint
    step(w.pay("long-ref", w.src, w.a, 1, reference="r" * 121))  # value too long
    step(w.pay("billing-0", w.src, w.a, 5_00, billing=BillingIncrement(w.alice.pk, w.bob.pk, 0)))
    step(w.pay("no-actor", w.b, w.src, 100_00, actor=None))  # earnings back out: exactly all
    step(w.pay("src-neg", w.src, w.b, 10**12))  # the unbounded source goes (further) negative
    # Inside a caller's transaction: a refusal leaves it usable, and the next transfer commits with it.
    with transaction.atomic():
        step(w.pay("inner-short", w.a, w.b, 10**9))
        step(w.pay("inner-taken", w.src, w.a, 1, leg_key=w.key("fund:leg")))
        step(w.pay("inner-ok", w.src, w.a, 2_00))
    try:
        with transaction.atomic():
            step(w.pay("rolled-back", w.src, w.a, 3_00))
            raise RuntimeError("the caller fails after the transfer")
    except RuntimeError:
        pass
    step(("after rollback",))
    step(w.pay("rolled-back", w.src, w.a, 3_00))
    seen.append(verify_ledger())
    return seen


@pytest.mark.django_db
def test_every_case_gives_the_same_result_on_both_paths():
    runs = {}
    for name in PATHS:
        with time_machine.travel(AT, tick=False), path(name):
            runs[name] = script(World())
    assert runs["function"] == runs["orm"]
    observations = [entry[0] for entry in runs["function"][:-1]]
    assert [o[0] for o in observations].count("crashed") == 5  # the leg keys twice, account, CHECK, length
    assert runs["function"][-1] == []


@pytest.mark.django_db
def test_the_function_is_one_statement_and_the_orm_path_is_not(django_assert_num_queries):
    w = World()
    w.pay("fund", w.src, w.a, 100_00)
    with django_assert_num_queries(1):
        group, created = _one(w, "fast", 1_00)
    assert created and group.pk
    with django_assert_num_queries(1):
        assert _one(w, "fast", 1_00) == (group, False)  # a replay: the same one statement
    with django_assert_num_queries(1), pytest.raises(DomainError, match="insufficient_funds"):
        _one(w, "too-much", 10**9)
    with path("orm"), django_assert_num_queries(6):  # savepoint, group, lock, leg, totals, release
        assert _one(w, "slow", 1_00)[1] is True
    assert_ledger_ok()


def _one(w: World, name: str, amount: int) -> tuple[TransferGroup, bool]:
    return transfer_group_execute(
        actor=None,
        key=w.key(name),
        kind=TransferGroup.Kind.SIMULATION,
        transfers=[NewTransfer(w.key(name), Transfer.Code.SIMULATION, w.a, w.b, amount)],
    )


@pytest.mark.django_db
def test_the_migration_creates_the_function_and_its_reverse_drops_it():
    migration = __import__("hirehall.ledger.migrations.0006_transfer_one_function", fromlist=["create"])

    def exists() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'ledger_transfer_one'")
            return cursor.fetchone()[0] == 1

    assert exists()
    with connection.schema_editor() as editor:
        migration.drop(django_apps, editor)
    assert not exists()
    with connection.schema_editor() as editor:
        migration.create(django_apps, editor)
    assert exists()


# Real concurrency: each scenario runs on both paths and their summaries must be equal.
THREADS = 12


def _race_same_key(w: World) -> Any:
    w.pay("fund", w.src, w.a, 100_00)
    results = race(THREADS, lambda i: _one(w, "same", 7_00))
    created = Counter(r.value[1] for r in results if r.ok)
    pks = {r.value[0].pk for r in results if r.ok}
    return Counter(r.status for r in results), created, len(pks), w.state()


def _race_one_wallet(w: World) -> Any:
    w.pay("fund", w.src, w.a, 100_00)
    results = race(THREADS, lambda i: _one(w, f"spend-{i}", 30_00))
    refusals = Counter((r.code, r.error.extra["available"]) for r in results if r.status == "refused")
    # Which three succeed differs; what is refused, and with which amount available, does not.
    return Counter(r.status for r in results), sorted(refusals.items()), w.state()


def _race_criss_cross(w: World) -> Any:
    extra = [account_get_or_create(kind=Account.Kind.SIMULATION, reference=f"{w.ns}:x{i}") for i in range(3)]
    pool = [w.a, w.b, *extra]
    for i, acc in enumerate(pool):
        w.names[acc.pk] = w.names.get(acc.pk, f"x{i}")
        w.pay(f"fund-{i}", w.src, acc, 1_000_00)

    def criss_cross(i: int) -> int:
        rng = random.Random(i)
        for j in range(10):
            debit, credit = rng.sample(pool, 2)
            transfer_group_execute(
                actor=None,
                key=w.key(f"cc-{i}-{j}"),
                kind=TransferGroup.Kind.SIMULATION,
                transfers=[
                    NewTransfer(w.key(f"cc-{i}-{j}"), Transfer.Code.SIMULATION, debit, credit, 1_00 + j)
                ],
            )
        return i

    results = race(THREADS, criss_cross)
    total = sum(
        a.credits_posted - a.debits_posted for a in Account.objects.filter(pk__in=[p.pk for p in pool])
    )
    return Counter(r.status for r in results), [r.error for r in results if not r.ok], total


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scenario", [_race_same_key, _race_one_wallet, _race_criss_cross])
def test_races_end_the_same_on_both_paths(scenario):
    summaries = {}
    for name in PATHS:
        with path(name):
            summaries[name] = scenario(World())
        assert verify_ledger() == []
    assert summaries["function"] == summaries["orm"]
    assert summaries["function"][0] == (
        {"ok": THREADS} if scenario is not _race_one_wallet else {"ok": 3, "refused": THREADS - 3}
    )


@pytest.mark.django_db
def test_a_crash_right_after_the_function_is_a_crash_after_a_write():
    """Fault tests crash after the n-th write: the function writes, though it is called as SELECT."""
    w = World()
    with pytest.raises(Crash), crash_after_write(1) as kill:
        w.pay("fund", w.src, w.a, 1_00)
    assert "ledger_transfer_one" in kill.statement
