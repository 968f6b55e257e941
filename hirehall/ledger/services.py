"""The ONLY module that writes ledger rows (a test greps the tree to keep it so).

Locking policy (the whole of it):
1. Claim the operation's idempotency key: insert the TransferGroup row (UNIQUE key). A concurrent
   duplicate blocks on the index until the first commits, then finds it and returns it unchanged.
2. Lock every account the operation touches, in pk order (`lock_objects`): one global order,
   so two operations can wait on each other but never deadlock.
3. Then lock the pending transfers being posted/voided, also in pk order, and re-check they are pending.
4. Then the billing-relationship row, if any.
Checks run on the locked values; writes are `F()` increments. The CHECK constraints catch anything the
checks missed. Callers keep these transactions short and never call the network inside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.utils import timezone, translation

from hirehall.accounts.models import User
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError
from hirehall.core.money import CURRENCY, format_cents
from hirehall.ledger.fees import DEFAULT_EFFECTIVE_FROM, DEFAULT_SCHEDULE
from hirehall.ledger.lock_objects import (
    accounts_qs_select_for_update,
    billing_relationships_qs_select_for_update,
    transfers_qs_select_for_update,
)
from hirehall.ledger.models import Account, BillingRelationship, FeeSchedule, FeeTier, Transfer, TransferGroup
from hirehall.ledger.selectors import account_key


@dataclass(frozen=True)
class NewTransfer:
    """One leg to create in a group. `pending=True` reserves the money (two-phase)."""

    key: str
    code: str
    debit: Account
    credit: Account
    amount: int
    pending: bool = False
    hold_until: datetime | None = None


@dataclass(frozen=True)
class Resolve:
    """Post (`post_amount` > 0, at most the reserved amount; the rest returns) or void (None)."""

    transfer_id: int
    post_amount: int | None


@dataclass(frozen=True)
class BillingIncrement:
    client_id: int
    freelancer_id: int
    cents: int


def fee_schedule_ensure_default() -> None:
    """Recreate schedule v1 when no schedule exists at all (a database flushed by tests that truncate
    tables, then seeded with demo data). Never touches an existing schedule."""
    if FeeSchedule.objects.exists():
        return
    d = DEFAULT_SCHEDULE
    with transaction.atomic():
        schedule, created = FeeSchedule.objects.get_or_create(
            version=d.version,
            defaults={
                "effective_from": DEFAULT_EFFECTIVE_FROM,
                "marketplace_fee_bps": d.marketplace_fee_bps,
                "bank_withdrawal_fee_cents": d.bank_withdrawal_fee_cents,
                "instant_withdrawal_fee_cents": d.instant_withdrawal_fee_cents,
                "security_hold_days": d.security_hold_days,
                "description": "Launch schedule (DESIGN §5), recreated after the table was emptied.",
            },
        )
        if created:
            FeeTier.objects.bulk_create(
                [FeeTier(schedule=schedule, up_to_cents=t.up_to_cents, rate_bps=t.rate_bps) for t in d.tiers]
            )


def account_get_or_create(
    *,
    kind: str,
    owner: User | None = None,
    reference: str = "",
    currency: str = CURRENCY,
    must_not_go_negative: bool = True,
) -> Account:
    key = account_key(kind, owner_id=owner.pk if owner else None, reference=reference, currency=currency)
    account = Account.objects.filter(key=key).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(
                key=key,
                kind=kind,
                owner=owner,
                reference=reference,
                currency=currency,
                must_not_go_negative=must_not_go_negative,
            )
    except IntegrityError:  # created concurrently: the UNIQUE key decided, take the winner's row
        return Account.objects.get(key=key)


def system_account(kind: str, currency: str = CURRENCY) -> Account:
    # The provider clearing account mirrors money outside the platform: it goes negative by design.
    # So does the protection fund: it is the platform's guarantee and pays before it is replenished;
    # its negative balance is what the guarantee has cost. Platform adjustments (staff credits and
    # debits, four eyes above a threshold) are the counter side of goodwill credits: negative = net given.
    bounded = kind not in {
        Account.Kind.PROVIDER_CLEARING,
        Account.Kind.SIMULATION,
        Account.Kind.PROTECTION_FUND,
        Account.Kind.PLATFORM_ADJUSTMENTS,
    }
    return account_get_or_create(kind=kind, currency=currency, must_not_go_negative=bounded)


def transfer_group_execute(
    *,
    actor: User | None,
    key: str,
    kind: str,
    reference: str = "",
    payer: User | None = None,
    payee: User | None = None,
    gross_cents: int = 0,
    description: str = "",
    transfers: Sequence[NewTransfer] = (),
    resolves: Sequence[Resolve] = (),
    billing: BillingIncrement | None = None,
) -> tuple[TransferGroup, bool]:
    """Apply a linked group atomically. Returns (group, created); created is False on a replay.

    All legs succeed or none does: any refusal raises DomainError and the savepoint rolls back.
    """
    if not key or len(key) > 255:
        raise DomainError("validation_error", "an idempotency key of 1 to 255 characters is required")
    if not transfers and not resolves:
        raise DomainError("validation_error", "a transfer group needs at least one transfer")
    if connection.vendor == "postgresql" and _is_single_posted(transfers, resolves, billing):
        fast = _transfer_one_pg(
            actor=actor,
            key=key,
            kind=kind,
            reference=reference,
            payer=payer,
            payee=payee,
            gross_cents=gross_cents,
            description=description[:200],
            leg=transfers[0],
        )
        if fast is not None:
            return fast
    # The INSERT claims the key (step 1): a concurrent duplicate waits on the UNIQUE index, then fails
    # here and finds the winner's group. No pre-check: replays are rare, round trips are not.
    try:
        with transaction.atomic():
            group = TransferGroup.objects.create(
                key=key,
                kind=kind,
                reference=reference,
                payer=payer,
                payee=payee,
                actor=actor,
                gross_cents=gross_cents,
                description=description[:200],
            )
            _apply(group, transfers, resolves)
            if billing is not None and billing.cents:
                _bill(billing)
    except IntegrityError:
        existing = TransferGroup.objects.filter(key=key).first()
        if existing is None:  # another constraint (e.g. one open escrow per reference): the caller's
            raise
        return _replayed(existing, kind=kind, reference=reference), False
    return group, True


def _is_single_posted(
    transfers: Sequence[NewTransfer], resolves: Sequence[Resolve], billing: BillingIncrement | None
) -> bool:
    """The hot path's shape: one valid, immediately posted leg, nothing resolved, nothing billed.

    Anything the ORM path would refuse in `_apply`'s validation goes to the ORM path, so it refuses
    it the same way (after a replay check, as there)."""
    if len(transfers) != 1 or resolves or (billing is not None and billing.cents):
        return False
    leg = transfers[0]
    return (
        not leg.pending
        and isinstance(leg.amount, int)
        and not isinstance(leg.amount, bool)
        and leg.amount > 0
        and leg.debit.pk is not None
        and leg.credit.pk is not None
        and leg.debit.pk != leg.credit.pk
        and leg.debit.currency == leg.credit.currency
    )


# 16 bound parameters, in the function's order (migration ledger/0006).
_TRANSFER_ONE = (
    "SELECT * FROM ledger_transfer_one(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_GROUP_FIELDS = (
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
)


def _transfer_one_pg(
    *,
    actor: User | None,
    key: str,
    kind: str,
    reference: str,
    payer: User | None,
    payee: User | None,
    gross_cents: int,
    description: str,
    leg: NewTransfer,
) -> tuple[TransferGroup, bool] | None:
    """One posted leg in ONE round trip: the database function `ledger_transfer_one` (migration
    ledger/0006) claims the key, locks both accounts in pk order, checks bounds, inserts the group
    and the leg and updates the cached totals. Outside a transaction that statement is the whole
    transaction (no BEGIN/COMMIT round trips); inside one it is one more statement, and it never
    aborts the caller's transaction (its body is a subtransaction that returns a status).

    Same results as the ORM path, which the tests compare case by case. None: the function changed
    nothing and asks for the ORM path (an error it caught; the ORM path then raises it as usual).
    """
    using = connection.alias
    values = (
        None,
        key,
        kind,
        reference,
        payer.pk if payer is not None else None,
        payee.pk if payee is not None else None,
        actor.pk if actor is not None else None,
        gross_cents,
        description,
        timezone.now(),  # what auto_now_add would store (time-machine moves it in tests)
    )
    # Model hooks as Model.save() fires them, pre_save then post_save once the row is inserted (no
    # receiver in the product: the instance is only built for one; tests guard with pre_save).
    group = None
    if pre_save.has_listeners(TransferGroup):
        group = _group_instance(values, payer, payee, actor)
        pre_save.send(sender=TransferGroup, instance=group, raw=False, using=using, update_fields=None)
    params = [
        *values[1:-1],
        (values[-1] - _EPOCH) // _MICROSECOND,  # the function takes the instant as a bigint
        leg.key,
        leg.code,
        leg.debit.pk,
        leg.credit.pk,
        leg.amount,
        leg.debit.currency,
        leg.hold_until,
    ]
    cursor = _reused_cursor()
    cursor.execute(_TRANSFER_ONE, params)
    row = cursor.fetchone()
    status, group_id, *stored, account_kind, available, missing = row
    if status == "fallback":
        return None
    if status == "replay":
        existing = TransferGroup.from_db(using, _GROUP_FIELDS, (group_id, key, *stored))
        return _replayed(existing, kind=kind, reference=reference), False
    if group is None:
        group = _group_instance(values, payer, payee, actor)
    group.pk = group_id
    group._state.adding = False
    group._state.db = using
    if post_save.has_listeners(TransferGroup):  # the ORM path's INSERT happened before a refusal too
        post_save.send(
            sender=TransferGroup, instance=group, created=True, update_fields=None, raw=False, using=using
        )
    if status == "insufficient_funds":
        # The ORM path's words exactly: the API's (English) detail whatever the page's language.
        with translation.override("en"):
            label = str(dict(Account.Kind.choices).get(account_kind, account_kind)).lower()
        raise DomainError(
            "insufficient_funds",
            f"not enough available in your {label}: {format_cents(missing, locale='en')} more is needed "
            f"(available: {format_cents(available, locale='en')})",
            available=available,
            missing=missing,
            account=account_kind,
        )
    return group, True


def _reused_cursor() -> Any:
    """Django's cursor wrapper around one psycopg cursor kept per database connection.

    Creating and closing a cursor per call cost the client about as much as the rest of the call;
    the wrapper is still built per call, so query logging, execute wrappers (query counts, fault
    injection) and error translation behave as with `connection.cursor()`."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    cached = getattr(connection, "_ledger_cursor", None)
    if cached is None or cached.connection is not raw or cached.closed:
        with connection.wrap_database_errors:
            cached = raw.cursor()
        connection._ledger_cursor = cached  # type: ignore[attr-defined]
    connection.validate_thread_sharing()
    return (
        connection.make_debug_cursor(cached) if connection.queries_logged else connection.make_cursor(cached)
    )


def _group_instance(
    values: tuple[Any, ...], payer: User | None, payee: User | None, actor: User | None
) -> TransferGroup:
    """The instance `TransferGroup.objects.create(...)` would return (positional init: the fast one),
    with the users it was given cached as the keyword init caches them."""
    group = TransferGroup(*values)
    for name, user in (("payer", payer), ("payee", payee), ("actor", actor)):
        if user is not None:
            setattr(group, name, user)
    return group


@dataclass(frozen=True)
class BatchTransfer:
    """One independent, immediately posted transfer in a batch: its own group and idempotency key."""

    key: str
    debit: Account
    credit: Account
    amount: int
    code: str = Transfer.Code.SIMULATION
    kind: str = TransferGroup.Kind.SIMULATION
    reference: str = ""


@dataclass(frozen=True)
class BatchResult:
    created: int
    replayed: int
    refused: dict[str, str]  # key -> error code


def transfers_execute_batch(*, actor: User | None, items: Sequence[BatchTransfer]) -> BatchResult:
    """Many independent transfers in one transaction (TigerBeetle-style batching).

    Same guarantees as `transfer_group_execute` (key claimed, accounts locked in pk order, bounds
    checked on the locked values, CHECK constraints), but one round of queries for the whole batch.
    A refused item (insufficient funds) is reported and skipped; it does not fail the others.
    """
    refused: dict[str, str] = {}
    seen: set[str] = set()
    valid: list[BatchTransfer] = []
    for item in items:
        if item.key in seen or not item.key or len(item.key) > 255:
            refused[item.key] = "idempotency_key_reused" if item.key in seen else "validation_error"
        elif (
            item.amount <= 0 or item.debit.pk == item.credit.pk or item.debit.currency != item.credit.currency
        ):
            refused[item.key] = "validation_error"
        else:
            valid.append(item)
        seen.add(item.key)
    try:
        with transaction.atomic():
            existing = set(
                TransferGroup.objects.filter(key__in=[i.key for i in valid]).values_list("key", flat=True)
            )
            todo = [i for i in valid if i.key not in existing]
            ids = {i.debit.pk for i in todo} | {i.credit.pk for i in todo}
            locked = accounts_lock(sorted(ids))
            deltas: dict[int, list[int]] = {pk: [0, 0, 0, 0] for pk in locked}
            accepted = []
            for item in todo:
                debit, d = locked[item.debit.pk], deltas[item.debit.pk]
                available = (
                    debit.credits_posted + d[3] - debit.debits_posted - d[1] - debit.debits_pending - d[0]
                )
                if debit.must_not_go_negative and available < item.amount:
                    refused[item.key] = "insufficient_funds"
                    continue
                d[1] += item.amount
                deltas[item.credit.pk][3] += item.amount
                accepted.append(item)
            groups = TransferGroup.objects.bulk_create(
                [TransferGroup(key=i.key, kind=i.kind, reference=i.reference, actor=actor) for i in accepted]
            )
            Transfer.objects.bulk_create(
                [
                    Transfer(
                        group_id=g.pk,
                        key=i.key,
                        code=i.code,
                        debit_account_id=i.debit.pk,
                        credit_account_id=i.credit.pk,
                        amount=i.amount,
                        posted_amount=i.amount,
                        currency=i.debit.currency,
                        status=Transfer.Status.POSTED,
                        reference=i.reference,
                    )
                    for g, i in zip(groups, accepted, strict=True)
                ]
            )
            _add_to_accounts(deltas)
    except IntegrityError:
        # A concurrent batch claimed one of these keys first: redo this batch one item at a time,
        # where each duplicate becomes a replay.
        return _batch_one_by_one(actor, valid, refused)
    return BatchResult(created=len(accepted), replayed=len(existing), refused=refused)


def _batch_one_by_one(
    actor: User | None, items: Sequence[BatchTransfer], refused: dict[str, str]
) -> BatchResult:
    created = replayed = 0
    for item in items:
        try:
            _group, was_created = transfer_group_execute(
                actor=actor,
                key=item.key,
                kind=item.kind,
                reference=item.reference,
                transfers=[NewTransfer(item.key, item.code, item.debit, item.credit, item.amount)],
            )
        except DomainError as exc:
            refused[item.key] = exc.code
            continue
        created += was_created
        replayed += not was_created
    return BatchResult(created=created, replayed=replayed, refused=refused)


def _replayed(group: TransferGroup, *, kind: str, reference: str) -> TransferGroup:
    if group.kind != kind or group.reference != reference:
        raise DomainError("idempotency_key_reused", "this key was already used for another operation")
    return group


def _apply(group: TransferGroup, transfers: Sequence[NewTransfer], resolves: Sequence[Resolve]) -> None:
    for leg in transfers:
        if not isinstance(leg.amount, int) or isinstance(leg.amount, bool) or leg.amount <= 0:
            raise DomainError("validation_error", "a transfer amount must be a whole number of cents > 0")
        if leg.debit.pk == leg.credit.pk:
            raise DomainError("validation_error", "a transfer needs two different accounts")
        if leg.debit.currency != leg.credit.currency:
            raise DomainError("validation_error", "both accounts of a transfer must use the same currency")

    resolve_ids = sorted({r.transfer_id for r in resolves})
    if len(resolve_ids) != len(resolves):
        raise DomainError("validation_error", "a pending transfer can be resolved once per group")
    pending_accounts = Transfer.objects.filter(pk__in=resolve_ids).values_list(
        "debit_account_id", "credit_account_id"
    )
    account_ids = {leg.debit.pk for leg in transfers} | {leg.credit.pk for leg in transfers}
    for debit_id, credit_id in pending_accounts:
        account_ids.update((debit_id, credit_id))

    # Step 2 and 3 of the locking policy: accounts, then pending transfers, both in pk order.
    accounts = {a.pk: a for a in accounts_qs_select_for_update().filter(pk__in=account_ids)}
    locked = {t.pk: t for t in transfers_qs_select_for_update().filter(pk__in=resolve_ids)}
    if len(locked) != len(resolve_ids):
        raise DomainError("not_found", "no such pending transfer")

    # deltas[account_id] = [debits_pending, debits_posted, credits_pending, credits_posted]
    deltas: dict[int, list[int]] = {pk: [0, 0, 0, 0] for pk in accounts}
    now = clock_now()
    resolved: list[tuple[Transfer, int | None]] = []
    for r in resolves:
        pending = locked[r.transfer_id]
        if pending.status != Transfer.Status.PENDING:
            raise DomainError("already_resolved", f"transfer {pending.pk} is already {pending.status}")
        if r.post_amount is not None and not (0 < r.post_amount <= pending.amount):
            raise DomainError("validation_error", "can post more than 0 and at most the pending amount")
        d, c = deltas[pending.debit_account_id], deltas[pending.credit_account_id]
        d[0] -= pending.amount
        c[2] -= pending.amount
        if r.post_amount is not None:
            d[1] += r.post_amount
            c[3] += r.post_amount
        resolved.append((pending, r.post_amount))
    for leg in transfers:
        d, c = deltas[leg.debit.pk], deltas[leg.credit.pk]
        if leg.pending:
            d[0] += leg.amount
            c[2] += leg.amount
        else:
            d[1] += leg.amount
            c[3] += leg.amount

    for pk, (dp, dpost, _cp, cpost) in deltas.items():
        account = accounts[pk]
        new_dp = account.debits_pending + dp
        new_dpost = account.debits_posted + dpost
        new_cpost = account.credits_posted + cpost
        if account.must_not_go_negative and new_cpost < new_dpost + new_dp:
            missing = new_dpost + new_dp - new_cpost
            # The detail is the API's (English) whatever language the caller's page is in.
            with translation.override("en"):
                kind = str(account.get_kind_display()).lower()
            raise DomainError(
                "insufficient_funds",
                f"not enough available in your {kind}: {format_cents(missing, locale='en')} more is needed "
                f"(available: {format_cents(account.available, locale='en')})",
                available=account.available,
                missing=missing,
                account=account.kind,
            )

    Transfer.objects.bulk_create(
        [
            Transfer(
                group=group,
                key=leg.key,
                code=leg.code,
                debit_account_id=leg.debit.pk,
                credit_account_id=leg.credit.pk,
                amount=leg.amount,
                currency=leg.debit.currency,
                status=Transfer.Status.PENDING if leg.pending else Transfer.Status.POSTED,
                was_pending=leg.pending,
                posted_amount=None if leg.pending else leg.amount,
                reference=group.reference,
                hold_until=leg.hold_until,
            )
            for leg in transfers
        ]
    )
    for pending, post_amount in resolved:
        # Conditional on still being pending: a second resolution can never win, lock or no lock.
        changed = Transfer.objects.filter(pk=pending.pk, status=Transfer.Status.PENDING).update(
            status=Transfer.Status.VOIDED if post_amount is None else Transfer.Status.POSTED,
            posted_amount=post_amount,
            resolved_at=now,
            resolved_group=group,
        )
        if changed != 1:
            raise DomainError("already_resolved", f"transfer {pending.pk} was resolved concurrently")
    _add_to_accounts(deltas)


_ROW = "(%s::bigint, %s::bigint, %s::bigint, %s::bigint, %s::bigint)"
_PG_UPDATE = (
    "UPDATE ledger_account AS a SET debits_pending = a.debits_pending + v.dp, "
    "debits_posted = a.debits_posted + v.dpo, credits_pending = a.credits_pending + v.cp, "
    "credits_posted = a.credits_posted + v.cpo "
    "FROM (VALUES {rows}) AS v(id, dp, dpo, cp, cpo) WHERE a.id = v.id"
)
_UPDATE = (
    "UPDATE ledger_account SET debits_pending = debits_pending + %s, debits_posted = debits_posted + %s, "
    "credits_pending = credits_pending + %s, credits_posted = credits_posted + %s WHERE id = %s"
)


def _add_to_accounts(deltas: dict[int, list[int]]) -> None:
    """Each touched account's columns += its deltas, relative to the row (never a read-modify-write).

    Plain SQL: the ORM's per-row expression compilation cost more than the database work on the hot
    path (see benchmarks/ledger.py). Statements are constants (Account's table is pinned by
    Meta.db_table); every value is a bound parameter. PostgreSQL gets one statement for all rows.
    """
    rows = [(pk, *d) for pk, d in sorted(deltas.items()) if any(d)]
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = _PG_UPDATE.format(rows=", ".join([_ROW] * len(rows)))
            cursor.execute(sql, [value for row in rows for value in row])
        else:
            cursor.executemany(_UPDATE, [(*row[1:], row[0]) for row in rows])


def _bill(billing: BillingIncrement) -> None:
    row = BillingRelationship.objects.filter(
        client_id=billing.client_id, freelancer_id=billing.freelancer_id
    ).first()
    if row is None:
        try:
            with transaction.atomic():
                BillingRelationship.objects.create(
                    client_id=billing.client_id, freelancer_id=billing.freelancer_id, billed_cents=0
                )
        except IntegrityError:
            pass  # created concurrently; the increment below applies to it
    BillingRelationship.objects.filter(
        client_id=billing.client_id, freelancer_id=billing.freelancer_id
    ).update(billed_cents=F("billed_cents") + billing.cents)


def accounts_lock(account_ids: Sequence[int]) -> dict[int, Account]:
    """Step 2 of the locking policy, for use-cases that must read balances before deciding amounts."""
    return {a.pk: a for a in accounts_qs_select_for_update().filter(pk__in=set(account_ids))}


def billing_relationship_lock(*, client_id: int, freelancer_id: int) -> int:
    """Lock the pair's billing row (step 4 of the policy) and return lifetime billings so far.

    Two payments to the same pair must not both compute their fee tier from the same old total.
    """
    row = (
        billing_relationships_qs_select_for_update()
        .filter(client_id=client_id, freelancer_id=freelancer_id)
        .first()
    )
    return row.billed_cents if row else 0
