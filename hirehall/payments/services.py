"""Payment use-cases: payment methods, deposits, withdrawals, card-funded escrow.

Shape of every money use-case here: (1) short transaction recording the intent, (2) the provider call
with no transaction open, (3) one durable transaction recording the outcome in the ledger and on the
row. A crash between the steps leaves a pending row that says what happened, never a lost cent.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from hirehall.accounts.models import User
from hirehall.core.errors import DomainError
from hirehall.ledger import fees
from hirehall.ledger.limits import check_amount_max
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.operations import (
    ExternalCharge,
    bonus_pay,
    deposit_record,
    escrow_fund,
    withdrawal_reserve,
    withdrawal_settle,
)
from hirehall.payments.funding import card_charge_then, payment_method_check
from hirehall.payments.lock_objects import deposits_qs_select_for_update, withdrawals_qs_select_for_update
from hirehall.payments.models import Deposit, PaymentMethod, Withdrawal
from hirehall.payments.provider import ProviderError, get_provider

MIN_DEPOSIT_CENTS = 1_00
MAX_DEPOSIT_CENTS = 10_000_00
MAX_PAYMENT_METHODS = 10


def _check_method_count(actor: User) -> None:
    if PaymentMethod.objects.filter(user=actor, removed_at__isnull=True).count() >= MAX_PAYMENT_METHODS:
        raise DomainError("conflict", f"At most {MAX_PAYMENT_METHODS} payment methods; remove one first.")


def payment_method_add_card(
    *, actor: User, number: str, exp_month: int, exp_year: int, cvc: str, for_payouts: bool = False
) -> PaymentMethod:
    """Save a card. A card that the provider refuses to verify is not saved (and verifies nobody)."""
    _check_method_count(actor)
    provider = get_provider()
    tokenized = provider.tokenize_card(number=number, exp_month=exp_month, exp_year=exp_year, cvc=cvc)
    verification = provider.verify_card(token=tokenized.token)
    if not verification.ok:
        raise DomainError(verification.failure_code or "card_declined")
    return PaymentMethod.objects.create(
        user=actor,
        kind=PaymentMethod.Kind.DEBIT_CARD if for_payouts else PaymentMethod.Kind.CARD,
        provider=provider.name,
        provider_token=tokenized.token,
        brand=tokenized.brand,
        last4=tokenized.last4,
        exp_month=exp_month,
        exp_year=exp_year,
    )


def payment_method_add_bank_account(
    *, actor: User, routing_number: str, account_number: str, label: str = ""
) -> PaymentMethod:
    _check_method_count(actor)
    provider = get_provider()
    tokenized = provider.tokenize_bank_account(routing_number=routing_number, account_number=account_number)
    return PaymentMethod.objects.create(
        user=actor,
        kind=PaymentMethod.Kind.BANK_ACCOUNT,
        provider=provider.name,
        provider_token=tokenized.token,
        brand=tokenized.brand,
        last4=tokenized.last4,
        label=label.strip()[:100],
    )


def payment_method_remove(*, actor: User, method: PaymentMethod) -> PaymentMethod:
    if method.user_id != actor.pk:
        raise DomainError("not_found")
    if method.removed_at is None:
        method.removed_at = timezone.now()
        method.save(update_fields=["removed_at"])
    return method


def deposit_create(
    *, actor: User, payment_method: PaymentMethod, amount_cents: int, client_key: str | None = None
) -> Deposit:
    """Charge a saved card and add the money to the wallet. A refused charge raises and moves nothing."""
    payment_method_check(actor, payment_method, PaymentMethod.Kind.CARD)
    check_amount_max(amount_cents, "deposit")
    if not (MIN_DEPOSIT_CENTS <= amount_cents <= MAX_DEPOSIT_CENTS):
        raise DomainError("validation_error", "Deposits are between $1.00 and $10,000.00.")
    if client_key:
        previous = Deposit.objects.filter(user=actor, client_key=client_key).first()
        if previous is not None:
            return _deposit_replay(previous, payment_method, amount_cents)
    # The durable intent comes first: whatever happens after, this row says a charge was asked for
    # under `deposit:<pk>`, and a retry or `deposits_finish` completes it.
    try:
        with transaction.atomic(durable=True):
            deposit = Deposit.objects.create(
                user=actor, payment_method=payment_method, amount_cents=amount_cents, client_key=client_key
            )
    except IntegrityError:  # the same client key, concurrently: the first request does the work
        raise DomainError("idempotency_in_progress") from None
    return deposit_finish(deposit)


def deposit_finish(deposit: Deposit) -> Deposit:
    """Ask the provider (again) under the deposit's own key and record its answer exactly once.

    The provider charges a key once, so asking again after a lost answer or a failed recording
    never charges twice. Raises `provider_unavailable` (the row stays pending) when it cannot tell.
    """
    if deposit.status != Deposit.Status.PENDING:
        return _deposit_outcome(deposit)
    key = f"deposit:{deposit.pk}"
    method = deposit.payment_method
    try:
        result = get_provider().charge(
            token=method.provider_token,
            amount_cents=deposit.amount_cents,
            currency=deposit.currency,
            idempotency_key=key,
        )
    except ProviderError:
        raise DomainError("provider_unavailable") from None
    with transaction.atomic(durable=True):
        # Under the row lock: a concurrent retry or sweep that recorded it first wins, we replay.
        deposit = deposits_qs_select_for_update().get(pk=deposit.pk)
        if deposit.status == Deposit.Status.PENDING:
            if result.ok:
                deposit.ledger_group = deposit_record(
                    actor=deposit.user,
                    amount_cents=deposit.amount_cents,
                    key=key,
                    provider_ref=result.provider_ref,
                )
                deposit.status = Deposit.Status.SUCCEEDED
                deposit.provider_ref = result.provider_ref
            else:
                deposit.status = Deposit.Status.FAILED
                deposit.failure_code = result.failure_code or "card_declined"
            deposit.save(update_fields=["status", "provider_ref", "failure_code", "ledger_group"])
    return _deposit_outcome(deposit)


def _deposit_outcome(deposit: Deposit) -> Deposit:
    if deposit.status == Deposit.Status.FAILED:
        raise DomainError(deposit.failure_code or "card_declined")
    return deposit


def _deposit_replay(previous: Deposit, method: PaymentMethod, amount_cents: int) -> Deposit:
    if previous.payment_method_id != method.pk or previous.amount_cents != amount_cents:
        raise DomainError("idempotency_key_reused")
    # A pending row is never replayed as success: the retry finishes it (same provider key).
    return deposit_finish(previous)


def withdrawal_create(
    *, actor: User, destination: PaymentMethod, amount_cents: int, rail: str, client_key: str | None = None
) -> Withdrawal:
    """Pay out available earnings. The money is reserved first, the provider called with no lock held,
    then the reservation is posted (paid) or voided (failed: the money is available again)."""
    if rail not in Withdrawal.Rail.values:
        raise DomainError("validation_error", f"rail must be one of {Withdrawal.Rail.values}")
    needed = (
        PaymentMethod.Kind.BANK_ACCOUNT if rail == Withdrawal.Rail.BANK else PaymentMethod.Kind.DEBIT_CARD
    )
    payment_method_check(actor, destination, needed)
    if client_key:
        previous = Withdrawal.objects.filter(user=actor, client_key=client_key).first()
        if previous is not None:
            if (previous.destination_id, previous.amount_cents, previous.rail) != (
                destination.pk,
                amount_cents,
                rail,
            ):
                raise DomainError("idempotency_key_reused")
            return withdrawal_finish(previous)  # a pending one is finished, never replayed as paid
    fee = fees.withdrawal_fee_cents(rail, fees.schedule_in_force())
    check_amount_max(amount_cents, "withdrawal")
    if amount_cents <= fee:
        raise DomainError("validation_error", "The amount must be more than the withdrawal fee.")
    try:
        with transaction.atomic(durable=True):
            withdrawal = Withdrawal.objects.create(
                user=actor,
                destination=destination,
                rail=rail,
                amount_cents=amount_cents,
                fee_cents=fee,
                client_key=client_key,
            )
            reserve, _legs = withdrawal_reserve(
                actor=actor,
                amount_cents=amount_cents,
                fee_cents=fee,
                key=f"withdrawal:{withdrawal.pk}",
                reference=f"withdrawal:{withdrawal.pk}",
            )
            withdrawal.ledger_group = reserve
            withdrawal.save(update_fields=["ledger_group"])
    except IntegrityError:
        raise DomainError("idempotency_in_progress") from None
    return withdrawal_finish(withdrawal)


def withdrawal_finish(withdrawal: Withdrawal) -> Withdrawal:
    """Ask the provider (again) under the withdrawal's key, then post or void the reservation once.

    The provider pays a key out once, so asking again after a lost answer or a failed settlement
    never pays twice. Raises `provider_unavailable` (still pending, money reserved) when it cannot tell.
    """
    if withdrawal.status != Withdrawal.Status.PENDING:
        return _withdrawal_outcome(withdrawal)
    try:
        result = get_provider().payout(
            token=withdrawal.destination.provider_token,
            amount_cents=withdrawal.net_cents,
            currency=withdrawal.currency,
            rail=withdrawal.rail,
            idempotency_key=f"withdrawal:{withdrawal.pk}",
        )
    except ProviderError:
        raise DomainError("provider_unavailable") from None
    with transaction.atomic(durable=True):
        withdrawal = withdrawals_qs_select_for_update().get(pk=withdrawal.pk)
        if withdrawal.status == Withdrawal.Status.PENDING:
            reserve = withdrawal.ledger_group
            if reserve is None:  # cannot happen: the reservation commits with the row itself
                raise DomainError("conflict", "This withdrawal has no reservation.")
            withdrawal_settle(actor=withdrawal.user, reserve=reserve, paid=result.ok)
            withdrawal.status = Withdrawal.Status.PAID if result.ok else Withdrawal.Status.FAILED
            withdrawal.provider_ref = result.provider_ref
            withdrawal.failure_code = "" if result.ok else (result.failure_code or "payout_failed")
            withdrawal.save(update_fields=["status", "provider_ref", "failure_code"])
    return _withdrawal_outcome(withdrawal)


def _withdrawal_outcome(withdrawal: Withdrawal) -> Withdrawal:
    if withdrawal.status == Withdrawal.Status.FAILED:
        raise DomainError(withdrawal.failure_code or "payout_failed")
    return withdrawal


def _charged_total(amount_cents: int, schedule_version: int | None) -> int:
    schedule = fees.schedule_in_force(version=schedule_version)
    return amount_cents + fees.marketplace_fee_cents(amount_cents, schedule)


def escrow_fund_from(
    *,
    actor: User,
    payee: User,
    reference: str,
    amount_cents: int,
    key: str,
    payment_method: PaymentMethod | None = None,
    schedule_version: int | None = None,
) -> TransferGroup:
    """Fund escrow from the wallet, or from a saved card (charged first, outside the transaction).

    `key` is the operation key (the escrow group's key; the card is charged under `<key>:card`). If
    the card was charged but the escrow refuses (already funded, say) or fails in any way, the charge
    is kept as a wallet deposit: the client's money is never lost, and the error is raised.
    """
    check_amount_max(amount_cents)
    existing = TransferGroup.objects.filter(key=key, kind=TransferGroup.Kind.ESCROW_FUND).first()
    if existing is not None:  # a replay: no new charge
        return existing

    def fund(charge: ExternalCharge | None) -> TransferGroup:
        with transaction.atomic(durable=True):
            return escrow_fund(
                actor=actor,
                payee=payee,
                reference=reference,
                amount_cents=amount_cents,
                key=key,
                card_charge=charge,
                schedule_version=schedule_version,
            )

    return card_charge_then(
        actor=actor,
        payment_method=payment_method,
        amount_cents=_charged_total(amount_cents, schedule_version),
        key=key,
        then=fund,
    )


def bonus_pay_from(
    *,
    actor: User,
    payee: User,
    reference: str,
    amount_cents: int,
    key: str,
    payment_method: PaymentMethod | None = None,
    on_paid: Callable[[TransferGroup], None] | None = None,
) -> TransferGroup:
    """A bonus from the wallet or a saved card; same charge-first, keep-on-failure rule as above.

    `on_paid(group)` runs in the payment's own transaction (the caller's rows, e.g. the contract's
    timeline event), also on a replay: the payment and the caller's record commit together or not at
    all.
    """
    check_amount_max(amount_cents)

    def pay(charge: ExternalCharge | None) -> TransferGroup:
        with transaction.atomic(durable=True):
            group = bonus_pay(
                actor=actor,
                payee=payee,
                reference=reference,
                amount_cents=amount_cents,
                key=key,
                card_charge=charge,
            )
            if on_paid is not None:
                on_paid(group)
            return group

    return card_charge_then(
        actor=actor,
        payment_method=payment_method,
        amount_cents=_charged_total(amount_cents, None),
        key=key,
        then=pay,
    )
