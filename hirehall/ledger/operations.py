"""Money use-cases built on `ledger.services`: escrow, bonus, deposits, the security hold, withdrawals.

Contracts, payments and sweeps call these; they never write rows themselves (only `services` does).
Escrow is keyed by a business reference string ("milestone:7", "contract:42"): the contracts app owns
what the reference means, the ledger owns the money.

Escrow funding is a two-phase transfer: the client's wallet reserves `amount` (and the marketplace
fee) as *pending* transfers to the reference's escrow account. Release posts them (fully, or in part:
the rest simply returns to the wallet); refund voids them. Exactly once: the pending rows are locked
and re-checked, the resolution UPDATE is conditional on `status='pending'`, and a CHECK constraint
allows no other shape.

Transactions: these are building blocks, `@transaction.atomic` (joinable), so that the calling
use-case (a contracts or payments service, `@transaction.atomic(durable=True)`) commits its own rows
(milestone funded, deposit succeeded) in the same transaction as the money. Payment-provider calls
happen before or after, never inside.

Actors: `None` is the system (a sweep). Business authorisation (who may release a milestone) belongs to
the caller; these functions only refuse what can never be right (someone else's escrow).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse

from hirehall.accounts.models import User
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError
from hirehall.core.money import format_cents
from hirehall.ledger import fees
from hirehall.ledger.models import Account, Transfer, TransferGroup
from hirehall.ledger.selectors import open_escrow_holds
from hirehall.ledger.services import (
    BillingIncrement,
    NewTransfer,
    Resolve,
    account_get_or_create,
    accounts_lock,
    billing_relationship_lock,
    system_account,
    transfer_group_execute,
)
from hirehall.notifications.services import notify

MAX_REFERENCE = 120


@dataclass(frozen=True)
class ExternalCharge:
    """A card charge the payment provider already captured (outside any database lock).

    `key` is the provider idempotency key it was captured under (`<operation key>:card`, see
    `hirehall.payments.funding`). The ledger leg recording the charge carries that same key, and
    Transfer.key is UNIQUE: one captured charge enters the ledger once, whichever step records it.
    """

    provider_ref: str
    amount: int
    key: str


def _check_reference(reference: str) -> str:
    reference = reference.strip()
    if not reference or len(reference) > MAX_REFERENCE or ":" not in reference:
        raise DomainError(
            "validation_error", 'reference must look like "milestone:7" (at most 120 characters)'
        )
    return reference


def _check_amount(amount: int, field: str = "amount") -> None:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise DomainError("validation_error", f"{field} must be a whole number of cents greater than 0")


def _existing(key: str, kind: str) -> TransferGroup | None:
    group = TransferGroup.objects.filter(key=key).first()
    if group is not None and group.kind != kind:
        raise DomainError("idempotency_key_reused", "this key was already used for another operation")
    return group


def _charge_leg(charge: ExternalCharge | None, wallet: Account, total: int) -> list[NewTransfer]:
    if charge is None:
        return []
    if charge.amount != total:
        raise DomainError(
            "validation_error", "the card charge must equal the amount plus the marketplace fee"
        )
    clearing = system_account(Account.Kind.PROVIDER_CLEARING)
    return [NewTransfer(charge.key, Transfer.Code.CARD_CHARGE, clearing, wallet, total)]


def _hold_until(available_at: datetime | None, schedule: fees.Schedule) -> datetime:
    return available_at or clock_now() + timedelta(days=schedule.security_hold_days)


def _payment_legs(
    *,
    key: str,
    escrow: Account,
    revenue: Account,
    earnings: Account,
    amount: int,
    marketplace_fee: int,
    service_fee: int,
    hold_until: datetime,
) -> list[NewTransfer]:
    """Escrow → platform (both fees) and → freelancer (net, pending for the security hold)."""
    legs = []
    if marketplace_fee:
        legs.append(
            NewTransfer(f"{key}:mfee", Transfer.Code.MARKETPLACE_FEE, escrow, revenue, marketplace_fee)
        )
    if service_fee:
        legs.append(NewTransfer(f"{key}:sfee", Transfer.Code.SERVICE_FEE, escrow, revenue, service_fee))
    if amount - service_fee > 0:
        legs.append(
            NewTransfer(
                f"{key}:earning",
                Transfer.Code.EARNING,
                escrow,
                earnings,
                amount - service_fee,
                pending=True,
                hold_until=hold_until,
            )
        )
    return legs


@transaction.atomic
def escrow_fund(
    *,
    actor: User,
    payee: User,
    reference: str,
    amount_cents: int,
    key: str,
    card_charge: ExternalCharge | None = None,
    schedule_version: int | None = None,
) -> TransferGroup:
    """Client's wallet (topped up by `card_charge` if given) → escrow, marketplace fee included."""
    reference = _check_reference(reference)
    _check_amount(amount_cents)
    if payee.pk == actor.pk:
        raise DomainError("validation_error", "you cannot pay yourself")
    if (group := _existing(key, TransferGroup.Kind.ESCROW_FUND)) is not None:
        return group
    schedule = fees.schedule_in_force(version=schedule_version)
    fee = fees.marketplace_fee_cents(amount_cents, schedule)
    wallet = account_get_or_create(kind=Account.Kind.CLIENT_WALLET, owner=actor)
    escrow = account_get_or_create(kind=Account.Kind.ESCROW, reference=reference)
    legs = _charge_leg(card_charge, wallet, amount_cents + fee)
    accounts_lock([leg.debit.pk for leg in legs] + [wallet.pk, escrow.pk])
    if open_escrow_holds(reference):
        raise DomainError("escrow_already_funded", f"escrow for {reference} is already funded")
    legs.append(
        NewTransfer(f"{key}:hold", Transfer.Code.ESCROW_HOLD, wallet, escrow, amount_cents, pending=True)
    )
    if fee:
        legs.append(
            NewTransfer(f"{key}:fee", Transfer.Code.ESCROW_FEE_HOLD, wallet, escrow, fee, pending=True)
        )
    try:
        group, _ = transfer_group_execute(
            actor=actor,
            key=key,
            kind=TransferGroup.Kind.ESCROW_FUND,
            reference=reference,
            payer=actor,
            payee=payee,
            transfers=legs,
            description=f"Escrow funded for {reference}",
        )
    except IntegrityError:  # the partial UNIQUE index: another funding of this reference won
        raise DomainError("escrow_already_funded", f"escrow for {reference} is already funded") from None
    return group


def _holds(reference: str) -> tuple[Transfer, Transfer | None]:
    holds = open_escrow_holds(_check_reference(reference))
    hold = next((t for t in holds if t.code == Transfer.Code.ESCROW_HOLD), None)
    if hold is None:
        raise DomainError("escrow_not_funded", f"nothing is held in escrow for {reference}")
    fee_hold = next((t for t in holds if t.code == Transfer.Code.ESCROW_FEE_HOLD), None)
    return hold, fee_hold


def _may_act(actor: User | None, *allowed_ids: int | None) -> None:
    if actor is not None and not actor.is_staff and actor.pk not in allowed_ids:
        raise DomainError("not_found", "No such escrow.")


@transaction.atomic
def escrow_release(
    *,
    actor: User | None,
    reference: str,
    key: str,
    amount_cents: int | None = None,
    schedule_version: int | None = None,
    available_at: datetime | None = None,
) -> TransferGroup:
    """Pay the freelancer from escrow: all of it, or `amount_cents` of it (the rest returns to the
    client with its share of the marketplace fee). Service fee → platform revenue, net → pending."""
    if (group := _existing(key, TransferGroup.Kind.ESCROW_RELEASE)) is not None:
        return group
    hold, fee_hold = _holds(reference)
    funding = hold.group
    _may_act(actor, funding.payer_id)
    if funding.payee is None or funding.payer_id is None:
        raise DomainError("invalid_state", "this escrow has no payee")
    amount = hold.amount if amount_cents is None else amount_cents
    _check_amount(amount)
    if amount > hold.amount:
        raise DomainError("validation_error", "cannot release more than is held in escrow")
    wallet, escrow = hold.debit_account, hold.credit_account
    revenue = system_account(Account.Kind.PLATFORM_REVENUE)
    earnings = account_get_or_create(kind=Account.Kind.FREELANCER_EARNINGS, owner=funding.payee)
    accounts_lock([wallet.pk, escrow.pk, revenue.pk, earnings.pk])
    prior = billing_relationship_lock(client_id=funding.payer_id, freelancer_id=funding.payee.pk)
    schedule = fees.schedule_in_force(version=schedule_version)
    service_fee = fees.service_fee_cents(amount, prior, schedule.tiers)
    # The marketplace fee follows the money: the share of the held fee for the released part is kept,
    # the rest goes back with the unreleased amount. Rounded half-up once.
    held_fee = fee_hold.amount if fee_hold else 0
    market_fee = (
        held_fee if amount == hold.amount else (2 * held_fee * amount + hold.amount) // (2 * hold.amount)
    )
    resolves = [Resolve(hold.pk, amount)]
    if fee_hold is not None:
        resolves.append(Resolve(fee_hold.pk, market_fee or None))
    legs = _payment_legs(
        key=key,
        escrow=escrow,
        revenue=revenue,
        earnings=earnings,
        amount=amount,
        marketplace_fee=market_fee,
        service_fee=service_fee,
        hold_until=_hold_until(available_at, schedule),
    )
    group, _ = transfer_group_execute(
        actor=actor,
        key=key,
        kind=TransferGroup.Kind.ESCROW_RELEASE,
        reference=hold.reference,
        payer=funding.payer,
        payee=funding.payee,
        gross_cents=amount,
        transfers=legs,
        resolves=resolves,
        billing=BillingIncrement(funding.payer_id, funding.payee.pk, amount),
        description=f"Payment for {hold.reference}",
    )
    return group


@transaction.atomic
def escrow_refund(*, actor: User | None, reference: str, key: str) -> TransferGroup:
    """Everything held goes back to the client's wallet, marketplace fee included (void both holds)."""
    if (group := _existing(key, TransferGroup.Kind.ESCROW_REFUND)) is not None:
        return group
    hold, fee_hold = _holds(reference)
    funding = hold.group
    _may_act(actor, funding.payer_id, funding.payee_id)
    resolves = [Resolve(hold.pk, None)] + ([Resolve(fee_hold.pk, None)] if fee_hold else [])
    group, _ = transfer_group_execute(
        actor=actor,
        key=key,
        kind=TransferGroup.Kind.ESCROW_REFUND,
        reference=hold.reference,
        payer=funding.payer,
        payee=funding.payee,
        resolves=resolves,
        description=f"Escrow refunded for {hold.reference}",
    )
    return group


@transaction.atomic
def bonus_pay(
    *,
    actor: User,
    payee: User,
    reference: str,
    amount_cents: int,
    key: str,
    card_charge: ExternalCharge | None = None,
    schedule_version: int | None = None,
    available_at: datetime | None = None,
) -> TransferGroup:
    """A bonus (or any direct payment): wallet → escrow → fees + freelancer pending, in one group."""
    reference = _check_reference(reference)
    _check_amount(amount_cents)
    if payee.pk == actor.pk:
        raise DomainError("validation_error", "you cannot pay yourself")
    if (group := _existing(key, TransferGroup.Kind.BONUS)) is not None:
        return group
    schedule = fees.schedule_in_force(version=schedule_version)
    market_fee = fees.marketplace_fee_cents(amount_cents, schedule)
    wallet = account_get_or_create(kind=Account.Kind.CLIENT_WALLET, owner=actor)
    escrow = account_get_or_create(kind=Account.Kind.ESCROW, reference=reference)
    revenue = system_account(Account.Kind.PLATFORM_REVENUE)
    earnings = account_get_or_create(kind=Account.Kind.FREELANCER_EARNINGS, owner=payee)
    legs = _charge_leg(card_charge, wallet, amount_cents + market_fee)
    accounts_lock([leg.debit.pk for leg in legs] + [wallet.pk, escrow.pk, revenue.pk, earnings.pk])
    prior = billing_relationship_lock(client_id=actor.pk, freelancer_id=payee.pk)
    service_fee = fees.service_fee_cents(amount_cents, prior, schedule.tiers)
    legs.append(NewTransfer(f"{key}:bonus", Transfer.Code.BONUS, wallet, escrow, amount_cents + market_fee))
    legs += _payment_legs(
        key=key,
        escrow=escrow,
        revenue=revenue,
        earnings=earnings,
        amount=amount_cents,
        marketplace_fee=market_fee,
        service_fee=service_fee,
        hold_until=_hold_until(available_at, schedule),
    )
    group, _ = transfer_group_execute(
        actor=actor,
        key=key,
        kind=TransferGroup.Kind.BONUS,
        reference=reference,
        payer=actor,
        payee=payee,
        gross_cents=amount_cents,
        transfers=legs,
        billing=BillingIncrement(actor.pk, payee.pk, amount_cents),
        description=f"Bonus for {reference}",
    )
    return group


@transaction.atomic
def deposit_record(*, actor: User, amount_cents: int, key: str, provider_ref: str) -> TransferGroup:
    """A captured card charge becomes wallet balance: provider clearing → client wallet."""
    _check_amount(amount_cents)
    if (group := _existing(key, TransferGroup.Kind.DEPOSIT)) is not None:
        return group
    wallet = account_get_or_create(kind=Account.Kind.CLIENT_WALLET, owner=actor)
    clearing = system_account(Account.Kind.PROVIDER_CLEARING)
    group, _ = transfer_group_execute(
        actor=actor,
        key=key,
        kind=TransferGroup.Kind.DEPOSIT,
        reference=f"deposit:{provider_ref}"[:MAX_REFERENCE],
        payer=actor,
        transfers=[NewTransfer(f"{key}:deposit", Transfer.Code.DEPOSIT, clearing, wallet, amount_cents)],
        description="Wallet deposit",
    )
    return group


@transaction.atomic
def card_charge_keep(*, actor: User, charge: ExternalCharge) -> TransferGroup:
    """A captured charge whose purpose failed stays the client's: provider clearing → client wallet.

    The group is `<charge key>-kept`; its one leg carries the charge's own key, so a charge already
    recorded by the step it paid for cannot be recorded again (IntegrityError from the UNIQUE key).
    """
    _check_amount(charge.amount)
    if (group := _existing(f"{charge.key}-kept", TransferGroup.Kind.DEPOSIT)) is not None:
        return group
    wallet = account_get_or_create(kind=Account.Kind.CLIENT_WALLET, owner=actor)
    clearing = system_account(Account.Kind.PROVIDER_CLEARING)
    group, _ = transfer_group_execute(
        actor=actor,
        key=f"{charge.key}-kept",
        kind=TransferGroup.Kind.DEPOSIT,
        reference=f"deposit:{charge.provider_ref}"[:MAX_REFERENCE],
        payer=actor,
        transfers=[NewTransfer(charge.key, Transfer.Code.DEPOSIT, clearing, wallet, charge.amount)],
        description="Card charge kept as a wallet deposit",
    )
    return group


@transaction.atomic
def earning_hold_release(*, actor: User | None, transfer_id: int, as_of: datetime) -> TransferGroup:
    """End one payment's security hold: the pending earning is posted and becomes available."""
    transfer = Transfer.objects.select_related("credit_account__owner").filter(pk=transfer_id).first()
    if transfer is None or transfer.code != Transfer.Code.EARNING:
        raise DomainError("not_found", "No such earning.")
    if transfer.hold_until is not None and transfer.hold_until > as_of:
        raise DomainError(
            "invalid_state", f"this payment is on hold until {transfer.hold_until:%Y-%m-%d %H:%M} UTC"
        )
    payee = transfer.credit_account.owner
    group, created = transfer_group_execute(
        actor=actor,
        key=f"hold-release:{transfer.pk}",
        kind=TransferGroup.Kind.HOLD_RELEASE,
        reference=transfer.reference,
        payee=payee,
        resolves=[Resolve(transfer.pk, transfer.amount)],
        description="Security hold ended",
    )
    if created and payee is not None:
        notify(
            user=payee,
            kind="money_available",
            title=f"{format_cents(transfer.amount, locale='en')} is available to withdraw",
            body="The security hold on this payment has ended.",
            url=reverse("payments:earnings"),
            ref=f"transfer:{transfer.pk}",
            key=f"money_available:{transfer.pk}",
        )
    return group


@transaction.atomic
def withdrawal_reserve(
    *, actor: User, amount_cents: int, fee_cents: int, key: str, reference: str
) -> tuple[TransferGroup, list[Transfer]]:
    """Reserve a withdrawal from the *available* earnings (pending legs), before calling the provider.

    Returns the group and its two pending transfers (payout, fee) for `withdrawal_settle`.
    """
    _check_amount(amount_cents)
    if fee_cents < 0 or amount_cents <= fee_cents:
        raise DomainError("validation_error", "the amount must be greater than the withdrawal fee")
    group = _existing(key, TransferGroup.Kind.WITHDRAWAL)
    if group is None:
        earnings = account_get_or_create(kind=Account.Kind.FREELANCER_EARNINGS, owner=actor)
        clearing = system_account(Account.Kind.PROVIDER_CLEARING)
        revenue = system_account(Account.Kind.PLATFORM_REVENUE)
        legs = [
            NewTransfer(
                f"{key}:payout",
                Transfer.Code.WITHDRAWAL,
                earnings,
                clearing,
                amount_cents - fee_cents,
                pending=True,
            )
        ]
        if fee_cents:
            legs.append(
                NewTransfer(
                    f"{key}:fee", Transfer.Code.WITHDRAWAL_FEE, earnings, revenue, fee_cents, pending=True
                )
            )
        group, _ = transfer_group_execute(
            actor=actor,
            key=key,
            kind=TransferGroup.Kind.WITHDRAWAL,
            reference=reference,
            payee=actor,
            transfers=legs,
            description="Withdrawal",
        )
    return group, list(group.transfers.order_by("pk"))


@transaction.atomic
def withdrawal_settle(*, actor: User | None, reserve: TransferGroup, paid: bool) -> TransferGroup:
    """The provider answered: post the reserved legs (paid) or void them (the money is available again)."""
    pending = list(reserve.transfers.order_by("pk"))
    group, _ = transfer_group_execute(
        actor=actor,
        key=f"{reserve.key}:{'settle' if paid else 'fail'}",
        kind=TransferGroup.Kind.WITHDRAWAL_SETTLE if paid else TransferGroup.Kind.WITHDRAWAL_FAIL,
        reference=reserve.reference,
        payee=reserve.payee,
        resolves=[Resolve(t.pk, t.amount if paid else None) for t in pending],
        description="Withdrawal paid out" if paid else "Withdrawal failed; money returned",
    )
    return group


@transaction.atomic
def protection_payout(
    *,
    actor: User | None,
    payee: User,
    reference: str,
    amount_cents: int,
    key: str,
    available_at: datetime | None = None,
) -> TransferGroup:
    """Hourly protection (DESIGN §8): the protection fund pays a freelancer for protected time a
    client failed to pay. The freelancer gets what the client's payment would have netted (the
    caller passes the net amount); it follows the usual security hold. It is not a client payment,
    so it adds nothing to the pair's lifetime billings."""
    reference = _check_reference(reference)
    _check_amount(amount_cents)
    if (group := _existing(key, TransferGroup.Kind.PROTECTION_PAYOUT)) is not None:
        return group
    fund = system_account(Account.Kind.PROTECTION_FUND)
    earnings = account_get_or_create(kind=Account.Kind.FREELANCER_EARNINGS, owner=payee)
    schedule = fees.schedule_in_force()
    group, _ = transfer_group_execute(
        actor=actor,
        key=key,
        kind=TransferGroup.Kind.PROTECTION_PAYOUT,
        reference=reference,
        payee=payee,
        transfers=[
            NewTransfer(
                f"{key}:protection",
                Transfer.Code.EARNING,
                fund,
                earnings,
                amount_cents,
                pending=True,
                hold_until=_hold_until(available_at, schedule),
            )
        ],
        description=f"Hourly protection for {reference}",
    )
    return group


ADJUSTABLE_KINDS = (Account.Kind.CLIENT_WALLET, Account.Kind.FREELANCER_EARNINGS)


@transaction.atomic
def adjustment_post(
    *,
    actor: User,
    user: User,
    account_kind: str,
    credit: bool,
    amount_cents: int,
    reference: str,
    key: str,
    description: str,
) -> TransferGroup:
    """A staff adjustment (moderation's four-eyes workflow decides *whether*; this moves the money).

    Credit: platform adjustments → the user's wallet or earnings (posted: available at once). Debit:
    the reverse, from what is *available* (the bound refuses more with `insufficient_funds`, 409).
    The counter account is unbounded: its negative balance is what goodwill credits have cost.
    """
    reference = _check_reference(reference)
    _check_amount(amount_cents)
    if account_kind not in ADJUSTABLE_KINDS:
        raise DomainError("validation_error", "only a wallet or earnings can be adjusted")
    if (group := _existing(key, TransferGroup.Kind.ADJUSTMENT)) is not None:
        return group
    target = account_get_or_create(kind=account_kind, owner=user)
    counter = system_account(Account.Kind.PLATFORM_ADJUSTMENTS)
    debit, credit_account = (counter, target) if credit else (target, counter)
    group, _ = transfer_group_execute(
        actor=actor,
        key=key,
        kind=TransferGroup.Kind.ADJUSTMENT,
        reference=reference,
        payer=None if credit else user,
        payee=user if credit else None,
        transfers=[
            NewTransfer(f"{key}:adjustment", Transfer.Code.ADJUSTMENT, debit, credit_account, amount_cents)
        ],
        description=description,
    )
    return group
