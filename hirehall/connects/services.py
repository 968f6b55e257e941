"""Every write to Connects. Locking (`lock_objects`; docs/money.md, "Lock order"): the freelancer's
ConnectsAccount row first, then their lots in FIFO order (`expires_at`, `id`), then the ledger.
Every change carries an idempotency key (UNIQUE on lots and entries).

`connects_grant`, `connects_spend` and `connects_refund` are building blocks (`@transaction.atomic`,
joinable) so a proposal and its Connects commit together; the use-cases a person triggers (buy a
bundle, subscribe, cancel) are durable transactions of their own.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from hirehall.accounts.models import User
from hirehall.connects import errors as _errors  # noqa: F401 - registers the error codes
from hirehall.connects import policy
from hirehall.connects.lock_objects import (
    connects_accounts_qs_select_for_update,
    connects_lots_qs_select_for_update,
)
from hirehall.connects.models import (
    ConnectsAccount,
    ConnectsEntry,
    ConnectsEntryLot,
    ConnectsLot,
    EntryKind,
    LotSource,
    Plan,
)
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError
from hirehall.ledger.models import Account, Transfer
from hirehall.ledger.operations import ExternalCharge
from hirehall.ledger.services import (
    NewTransfer,
    account_get_or_create,
    system_account,
    transfer_group_execute,
)
from hirehall.notifications.services import notify
from hirehall.payments.funding import card_charge_then, operation_key
from hirehall.payments.models import PaymentMethod

# Ledger vocabulary for what Connects cost in dollars (wallet → platform revenue).
LEDGER_KIND_PURCHASE = "connects_purchase"
LEDGER_KIND_PLUS = "plus_subscription"


def connects_account_ensure(*, user: User, now: datetime | None = None) -> ConnectsAccount:
    """The account row, created on first need; the billing cycle starts on that day."""
    account = ConnectsAccount.objects.filter(user=user).first()
    if account is not None:
        return account
    now = now or clock_now()
    day = min(now.day, 28)
    try:
        with transaction.atomic():
            return ConnectsAccount.objects.create(
                user=user, billing_day=day, next_cycle_at=policy.add_month(now.replace(day=day), day)
            )
    except IntegrityError:  # created concurrently: the OneToOne decided
        return ConnectsAccount.objects.get(user=user)


def _lock(user: User) -> ConnectsAccount:
    connects_account_ensure(user=user)
    return connects_accounts_qs_select_for_update().get(user=user)


def _live_balance(user: User, now: datetime) -> int:
    total = ConnectsLot.objects.filter(user=user, expired_at__isnull=True, expires_at__gt=now).aggregate(
        n=Sum("remaining")
    )["n"]
    return int(total or 0)


def _entry(
    *,
    user: User,
    kind: str,
    delta: int,
    key: str,
    reference: str,
    description: str,
    now: datetime,
    touched: list[tuple[int, int]],
) -> ConnectsEntry:
    entry = ConnectsEntry.objects.create(
        user=user,
        kind=kind,
        delta=delta,
        balance_after=_live_balance(user, now),
        reference=reference,
        description=description[:200],
        key=key,
        created_at=now,
    )
    ConnectsEntryLot.objects.bulk_create(
        [ConnectsEntryLot(entry=entry, lot_id=lot_id, units=units) for lot_id, units in touched]
    )
    return entry


# Grants a user did not ask for this moment (a gift, the month's Connects, a Plus renewal) are told.
_GRANTS_TOLD = {LotSource.SIGNUP, LotSource.MONTHLY, LotSource.PLUS}


@transaction.atomic
def connects_grant(
    *,
    user: User,
    amount: int,
    source: str,
    key: str,
    reference: str = "",
    description: str = "",
    now: datetime | None = None,
) -> ConnectsLot:
    """A new lot of `amount` Connects expiring a year from now. Replays return the first lot."""
    if amount <= 0:
        raise DomainError("validation_error", "a grant needs at least 1 Connect")
    existing = ConnectsLot.objects.filter(key=key).first()
    if existing is not None:
        return existing
    now = now or clock_now()
    _lock(user)
    lot = ConnectsLot.objects.create(
        user=user,
        source=source,
        granted=amount,
        remaining=amount,
        issued_at=now,
        expires_at=now + policy.LOT_LIFETIME,
        key=key,
    )
    kind = {LotSource.PURCHASE: EntryKind.PURCHASE, LotSource.REFUND: EntryKind.REFUND}.get(
        LotSource(source), EntryKind.GRANT
    )
    # Stored in English (the history translates known labels when it shows them).
    with translation.override("en"):
        label = str(LotSource(source).label)
    _entry(
        user=user,
        kind=kind,
        delta=amount,
        key=f"entry:{key}",
        reference=reference,
        description=description or label,
        now=now,
        touched=[(lot.pk, amount)],
    )
    if source in _GRANTS_TOLD:  # purchases and refunds are the user's own doing or told elsewhere
        notify(
            user=user,
            kind="connects_granted",
            title=f"{amount} Connects added: {description or LotSource(source).label}",
            body=f"They expire on {lot.expires_at:%Y-%m-%d}.",
            url=reverse("connects:page"),
            ref=f"connects_lot:{lot.pk}",
        )
    return lot


@transaction.atomic
def connects_spend(
    *, user: User, amount: int, key: str, reference: str, description: str = ""
) -> ConnectsEntry | None:
    """Take `amount` Connects, oldest lot first. Raises `insufficient_connects` and changes nothing.

    Zero is a no-op (invitations are free). A replayed key returns the first spend.
    """
    if amount < 0:
        raise DomainError("validation_error", "cannot spend a negative number of Connects")
    if amount == 0:
        return None
    existing = ConnectsEntry.objects.filter(key=key).first()
    if existing is not None:
        return existing
    now = clock_now()
    _lock(user)
    lots = list(
        connects_lots_qs_select_for_update().filter(
            user=user, expired_at__isnull=True, expires_at__gt=now, remaining__gt=0
        )
    )
    available = sum(lot.remaining for lot in lots)
    if available < amount:
        raise DomainError(
            "insufficient_connects",
            f"This needs {amount} Connects; you have {available}.",
            needed=amount,
            available=available,
        )
    left = amount
    touched = []
    for lot in lots:
        take = min(left, lot.remaining)
        ConnectsLot.objects.filter(pk=lot.pk).update(remaining=F("remaining") - take)
        touched.append((lot.pk, take))
        left -= take
        if left == 0:
            break
    return _entry(
        user=user,
        kind=EntryKind.SPEND,
        delta=-amount,
        key=key,
        reference=reference,
        description=description,
        now=now,
        touched=touched,
    )


def _units_by_lot(user: User, kind: str, reference: str) -> dict[int, int]:
    out: dict[int, int] = {}
    rows = ConnectsEntryLot.objects.filter(entry__user=user, entry__kind=kind, entry__reference=reference)
    for lot_id, units in rows.values_list("lot_id", "units"):
        out[lot_id] = out.get(lot_id, 0) + units
    return out


@transaction.atomic
def connects_refund(
    *, user: User, amount: int, key: str, reference: str, description: str
) -> ConnectsEntry | None:
    """Give back up to `amount` of what was spent for `reference`, into the lots it came from
    (ADR 0006), the lots spent last first. Connects whose lot has expired since are not returned:
    they would have expired with it. Idempotent by key.
    """
    if amount <= 0:
        return None
    existing = ConnectsEntry.objects.filter(key=key).first()
    if existing is not None:
        return existing
    now = clock_now()
    _lock(user)
    spent = _units_by_lot(user, EntryKind.SPEND, reference)
    returned = _units_by_lot(user, EntryKind.REFUND, reference)
    lots = connects_lots_qs_select_for_update().filter(pk__in=list(spent)).order_by("-expires_at", "-id")
    left, touched = amount, []
    for lot in lots:
        give = min(left, spent[lot.pk] - returned.get(lot.pk, 0))
        if give <= 0 or lot.expired_at is not None or lot.expires_at <= now:
            continue
        ConnectsLot.objects.filter(pk=lot.pk).update(remaining=F("remaining") + give)
        touched.append((lot.pk, give))
        left -= give
        if left == 0:
            break
    if not touched:
        return None
    returned_units = sum(units for _, units in touched)
    notify(
        user=user,
        kind="connects_returned",
        title=f"{returned_units} Connects returned",
        body=description,
        url=reverse("connects:page"),
        ref=reference,
    )
    return _entry(
        user=user,
        kind=EntryKind.REFUND,
        delta=returned_units,
        key=key,
        reference=reference,
        description=description,
        now=now,
        touched=touched,
    )


# --- paid Connects -----------------------------------------------------------------------------


def _ledger_charge(
    *,
    actor: User,
    cents: int,
    key: str,
    kind: str,
    reference: str,
    description: str,
    charge: ExternalCharge | None,
) -> None:
    """Wallet → platform revenue (a captured card charge first lands in the wallet)."""
    wallet = account_get_or_create(kind=Account.Kind.CLIENT_WALLET, owner=actor)
    revenue = system_account(Account.Kind.PLATFORM_REVENUE)
    legs = []
    if charge is not None:
        clearing = system_account(Account.Kind.PROVIDER_CLEARING)
        legs.append(NewTransfer(charge.key, Transfer.Code.CARD_CHARGE, clearing, wallet, charge.amount))
    legs.append(NewTransfer(f"{key}:pay", kind, wallet, revenue, cents))
    transfer_group_execute(
        actor=actor,
        key=key,
        kind=kind,
        reference=reference,
        payer=actor,
        transfers=legs,
        description=description,
    )


def _purchase_key(actor: User, quantity: int, key: str | None) -> str:
    """The caller's idempotency key, or without one the request's identity: this freelancer's next
    purchase of this bundle. A retry after a failure buys once; a purchase after a bought one is new."""
    if key:
        return operation_key(f"connects-purchase:{actor.pk}", key)
    bought = ConnectsLot.objects.filter(user=actor, source=LotSource.PURCHASE).count()
    return f"connects-purchase:{actor.pk}:n{bought + 1}:{quantity}"


def connects_purchase(
    *, actor: User, quantity: int, key: str | None = None, payment_method: PaymentMethod | None = None
) -> ConnectsLot:
    """Buy a bundle at $0.15 a Connect from the wallet, or a saved card (charged before the transaction,
    kept in the wallet if the purchase then fails: `payments.funding`)."""
    if not actor.is_freelancer:
        raise DomainError("role_required", "Only freelancers buy Connects.")
    if quantity not in policy.BUNDLES:
        raise DomainError("invalid_bundle", f"Bundles are {', '.join(map(str, policy.BUNDLES))} Connects.")
    op_key = _purchase_key(actor, quantity, key)
    existing = ConnectsLot.objects.filter(key=op_key).first()
    if existing is not None:
        return existing
    cents = quantity * policy.PRICE_PER_CONNECT_CENTS

    @transaction.atomic(durable=True)
    def buy(charge: ExternalCharge | None) -> ConnectsLot:
        lot = connects_grant(
            user=actor,
            amount=quantity,
            source=LotSource.PURCHASE,
            key=op_key,
            description=f"Bought {quantity} Connects",
        )
        _ledger_charge(
            actor=actor,
            cents=cents,
            key=op_key,
            kind=LEDGER_KIND_PURCHASE,
            reference=f"connects:{lot.pk}",
            description=f"{quantity} Connects",
            charge=charge,
        )
        return lot

    return card_charge_then(
        actor=actor, payment_method=payment_method, amount_cents=cents, key=op_key, then=buy
    )


def _plus_key(user: User, start: datetime) -> str:
    return f"plus:{user.pk}:{start:%Y%m%d}"


def _plus_period(
    account: ConnectsAccount, user: User, start: datetime, charge: ExternalCharge | None
) -> None:
    stamp = start.strftime("%Y%m%d")
    key = _plus_key(user, start)
    _ledger_charge(
        actor=user,
        cents=policy.PLUS_PRICE_CENTS,
        key=key,
        kind=LEDGER_KIND_PLUS,
        reference=f"plus:{user.pk}",
        description=gettext_noop("Freelancer Plus, one month"),
        charge=charge,
    )
    connects_grant(
        user=user,
        amount=policy.PLUS_MONTHLY_GRANT,
        source=LotSource.PLUS,
        key=f"plus-grant:{user.pk}:{stamp}",
        description=gettext_noop("Freelancer Plus monthly Connects"),
        now=start,
    )


def connects_plus_subscribe(*, actor: User, payment_method: PaymentMethod | None = None) -> ConnectsAccount:
    """Start Freelancer Plus now: charge $14.99, grant 80, and the billing cycle restarts today."""
    if not actor.is_freelancer:
        raise DomainError("role_required", "Freelancer Plus is for freelancers.")
    account = connects_account_ensure(user=actor)
    if account.plan == Plan.PLUS and account.plus_cancelled_at is None:
        raise DomainError("invalid_state", "You already have Freelancer Plus.")
    if account.plan == Plan.PLUS:  # cancelled but still in the paid month: just resume
        with transaction.atomic(durable=True):
            ConnectsAccount.objects.filter(pk=account.pk).update(plus_cancelled_at=None)
        account.refresh_from_db()
        return account
    now = clock_now()

    @transaction.atomic(durable=True)
    def subscribe(charge: ExternalCharge | None) -> ConnectsAccount:
        account = _lock(actor)
        if account.plan == Plan.PLUS:
            raise DomainError("invalid_state", "You already have Freelancer Plus.")
        _plus_period(account, actor, now, charge)
        day = min(now.day, 28)
        account.plan = Plan.PLUS
        account.billing_day = day
        account.next_cycle_at = policy.add_month(now.replace(day=day), day)
        account.plus_cancelled_at = None
        account.save(update_fields=["plan", "billing_day", "next_cycle_at", "plus_cancelled_at"])
        return account

    # The operation is the period that starts today (the same key `_plus_period` records it under).
    return card_charge_then(
        actor=actor,
        payment_method=payment_method,
        amount_cents=policy.PLUS_PRICE_CENTS,
        key=_plus_key(actor, now),
        then=subscribe,
    )


@transaction.atomic(durable=True)
def connects_plus_cancel(*, actor: User) -> ConnectsAccount:
    """Plus stays until the paid month ends; the next cycle is Basic (10 free Connects)."""
    account = _lock(actor)
    if account.plan != Plan.PLUS or account.plus_cancelled_at is not None:
        raise DomainError("invalid_state", "You have no active Freelancer Plus subscription.")
    account.plus_cancelled_at = clock_now()
    account.save(update_fields=["plus_cancelled_at"])
    return account


def connects_cycle_process(*, account_id: int, now: datetime) -> bool:
    """One billing cycle that is due: Plus renews (charge + 80) or Basic gets its 10. Idempotent:
    the claim re-checks `next_cycle_at <= now` under the row lock, and every grant has a dated key."""
    with transaction.atomic(durable=True):
        account = (
            connects_accounts_qs_select_for_update(skip_locked=True)
            .select_related("user")
            .filter(pk=account_id, next_cycle_at__lte=now)
            .first()
        )
        if account is None:
            return False
        user, cycle = account.user, account.next_cycle_at
        plan = account.plan
        if plan == Plan.PLUS and account.plus_cancelled_at is None:
            try:
                with transaction.atomic():
                    _plus_period(account, user, cycle, None)
            except DomainError:  # the wallet cannot pay: Plus lapses to Basic for this cycle
                plan = Plan.BASIC
        elif plan == Plan.PLUS:
            plan = Plan.BASIC
        if plan == Plan.BASIC:
            connects_grant(
                user=user,
                amount=policy.MONTHLY_GRANT,
                source=LotSource.MONTHLY,
                key=f"monthly:{user.pk}:{cycle:%Y%m%d}",
                description=gettext_noop("Monthly free Connects"),
                now=cycle,
            )
        account.plan = plan
        if plan == Plan.BASIC:
            account.plus_cancelled_at = None
        account.next_cycle_at = policy.add_month(cycle, account.billing_day)
        account.save(update_fields=["plan", "plus_cancelled_at", "next_cycle_at"])
        return True


def connects_lot_expire(*, lot_id: int, now: datetime) -> bool:
    """Whatever is left in a lot a year after issue is gone; recorded in the history."""
    with transaction.atomic(durable=True):
        due = (
            ConnectsLot.objects.select_related("user")
            .filter(pk=lot_id, expires_at__lte=now, expired_at__isnull=True)
            .first()
        )
        if due is None:
            return False
        _lock(due.user)  # the account before its lots, as every other path (docs/money.md)
        lot = (
            connects_lots_qs_select_for_update()
            .select_related("user")
            .filter(pk=lot_id, expired_at__isnull=True)
            .first()
        )
        if lot is None:  # another sweeper expired it while we waited for the account
            return False
        left = lot.remaining
        ConnectsLot.objects.filter(pk=lot.pk).update(remaining=0, expired_at=now)
        if left:
            _entry(
                user=lot.user,
                kind=EntryKind.EXPIRE,
                delta=-left,
                key=f"expire:{lot.pk}",
                reference=f"lot:{lot.pk}",
                description=f"{LotSource(lot.source).label} from {lot.issued_at:%Y-%m-%d} expired",
                now=now,
                touched=[(lot.pk, left)],
            )
        return True


def connects_signup_grant(*, user: User) -> ConnectsLot:
    """40 Connects once, when the account first takes the freelancer role (keyed by user)."""
    return connects_grant(
        user=user,
        amount=policy.SIGNUP_GRANT,
        source=LotSource.SIGNUP,
        key=f"signup:{user.pk}",
        description="Welcome Connects",
    )
