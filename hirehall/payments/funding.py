"""Card funding: charge a saved card, then run the step the money is for (docs/money.md).

The one way every use-case takes a card payment for something (escrow funding, bonuses, milestone
funding, offers, Connects, Freelancer Plus); plain wallet deposits have their own intent row
(`payments.services.deposit_create`). The order is fixed:

1. Validate: the caller checks its own input and state first; `card_charge_then` checks the card,
   the amount and the key. Nothing is charged for a request that is refused anyway.
2. Write the durable intent (`CardCharge`, keyed `<key>:card`), then charge the card with no
   transaction open, under that same provider idempotency key `<key>:card`, where
   `key` is the operation key the caller derived from its caller's idempotency key (or, when there
   is none, from the request's identity: the milestone, the Nth offer on a proposal...). A retried
   operation presents the same key, so the provider charges once.
3. Run the next step. It records the charge in the ledger as a leg keyed `<key>:card`.
4. If the next step raises anything at all, or returns without recording the charge (it replayed
   an earlier run), the charge is kept as a wallet deposit: group `<key>:card-kept`, leg `<key>:card`.
   Transfer.key is UNIQUE, so a captured charge enters the ledger exactly once.

A retried operation whose charge is already in the ledger (used, or kept in the wallet) is not
charged again: the next step runs with no charge, from the wallet, where the money already is.

Faults (docs/reliability.md): a provider that does not answer is `provider_unavailable` (503, the
intent stays pending); a charge whose answer was lost, or whose recording died with its connection,
is finished by `payments.finish_card_charges` (`card_charge_finish`): asked again under its key (the
provider charges a key once) and kept in the wallet. A charge is in the ledger once, or never made.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

from hirehall.accounts.models import User
from hirehall.core.errors import DomainError
from hirehall.ledger.models import Transfer
from hirehall.ledger.operations import ExternalCharge, card_charge_keep
from hirehall.payments.models import CardCharge, PaymentMethod
from hirehall.payments.provider import ProviderError, get_provider

T = TypeVar("T")
log = logging.getLogger(__name__)

# Operation keys stay far below the ledger's 255 characters: the ledger appends its own suffixes
# (":card-kept", ":earning", ...). A caller's key that is long or unusual is hashed, not cut.
MAX_OPERATION_KEY = 160
_PLAIN = re.compile(r"[A-Za-z0-9._~-]{1,64}")


def operation_key(prefix: str, caller_key: str) -> str:
    """`<prefix>:<caller key>`, deterministic; keys that are long or contain anything but
    [A-Za-z0-9._~-] become `<prefix>:h<sha256>` so that any caller key yields a valid ledger key."""
    if _PLAIN.fullmatch(caller_key):
        return f"{prefix}:{caller_key}"
    return f"{prefix}:h{hashlib.sha256(caller_key.encode('utf-8', 'surrogatepass')).hexdigest()[:40]}"


def charge_key(key: str) -> str:
    """The provider idempotency key and the ledger key of the leg recording the charge."""
    return f"{key}:card"


def kept_key(key: str) -> str:
    """The ledger group that keeps a charge whose purpose failed as a wallet deposit."""
    return f"{charge_key(key)}-kept"


def payment_method_check(actor: User, method: PaymentMethod, *kinds: str) -> None:
    """The actor's own, not removed, and of a kind this use accepts."""
    if method.user_id != actor.pk or method.removed_at is not None:
        raise DomainError("not_found", "No such payment method.")
    if method.kind not in kinds:
        raise DomainError("validation_error", "This payment method cannot be used here.")


def card_charge_capture(
    *, actor: User, payment_method: PaymentMethod, amount_cents: int, key: str
) -> ExternalCharge:
    """Charge a saved card under provider idempotency key `key` (no transaction open), after writing
    its durable intent. Raises if refused (a refused charge took no money and records nothing) or if
    the provider does not answer (`provider_unavailable`: the intent stays pending for the sweep)."""
    payment_method_check(actor, payment_method, PaymentMethod.Kind.CARD)
    with transaction.atomic(durable=True):
        intent, created = CardCharge.objects.get_or_create(
            key=key, defaults={"user": actor, "payment_method": payment_method, "amount_cents": amount_cents}
        )
        if not created and intent.status == CardCharge.Status.FAILED:  # declined before: try again
            intent.status, intent.failure_code = CardCharge.Status.PENDING, ""
            intent.payment_method, intent.amount_cents = payment_method, amount_cents
            intent.save(update_fields=["status", "failure_code", "payment_method", "amount_cents"])
    return _ask(intent, payment_method.provider_token, amount_cents)


def _ask(intent: CardCharge, token: str, amount_cents: int) -> ExternalCharge:
    try:
        result = get_provider().charge(
            token=token, amount_cents=amount_cents, currency="USD", idempotency_key=intent.key
        )
    except ProviderError:
        raise DomainError("provider_unavailable") from None
    if not result.ok:
        code = result.failure_code or "card_declined"
        CardCharge.objects.filter(pk=intent.pk, status=CardCharge.Status.PENDING).update(
            status=CardCharge.Status.FAILED, failure_code=code[:32]
        )
        raise DomainError(code)
    return ExternalCharge(provider_ref=result.provider_ref, amount=amount_cents, key=intent.key)


def card_charge_finish(intent: CardCharge) -> bool:
    """Sweep step for an intent left pending: record it, or ask the provider again under its key and
    keep the money in the wallet. Raises `provider_unavailable` (stays pending) or the decline code
    (recorded as failed). False if it was no longer pending."""
    if intent.status != CardCharge.Status.PENDING:
        return False
    provider_ref = ""
    if not Transfer.objects.filter(key=intent.key).exists():
        charge = _ask(intent, intent.payment_method.provider_token, intent.amount_cents)
        _keep(intent.user, charge)
        provider_ref = charge.provider_ref
    _mark_recorded(intent.key, provider_ref)
    return True


def _mark_recorded(key: str, provider_ref: str) -> None:
    CardCharge.objects.filter(key=key, status=CardCharge.Status.PENDING).update(
        status=CardCharge.Status.RECORDED, provider_ref=provider_ref[:128]
    )


def charge_recorded(key: str) -> bool:
    """Whether the operation's card charge is already in the ledger (used or kept)."""
    return Transfer.objects.filter(key=charge_key(key)).exists()


def card_charge_then(
    *,
    actor: User,
    payment_method: PaymentMethod | None,
    amount_cents: int,
    key: str,
    then: Callable[[ExternalCharge | None], T],
) -> T:
    """Charge `payment_method` `amount_cents`, then return `then(charge)`; keep the charge on failure.

    `then` receives the captured charge (None when paying from the wallet, or when this operation's
    charge is already in the ledger) and must record it with `ExternalCharge.key` as the leg's key
    (the ledger operations' `card_charge=` parameter does). Whatever `then` raises is re-raised after
    the charge is kept as a wallet deposit.
    """
    if payment_method is None:
        return then(None)
    payment_method_check(actor, payment_method, PaymentMethod.Kind.CARD)
    if not isinstance(amount_cents, int) or isinstance(amount_cents, bool) or amount_cents <= 0:
        raise DomainError("validation_error", "A card charge is a whole number of cents greater than 0.")
    if not key or len(key) > MAX_OPERATION_KEY or "\x00" in key:
        raise DomainError("validation_error", f"An operation key is 1 to {MAX_OPERATION_KEY} characters.")
    if charge_recorded(key):
        return then(None)
    charge = card_charge_capture(
        actor=actor, payment_method=payment_method, amount_cents=amount_cents, key=charge_key(key)
    )
    try:
        result = then(charge)
    except BaseException:
        _keep(actor, charge)
        _mark_recorded(charge.key, charge.provider_ref)
        raise
    _keep(actor, charge)  # a no-op when `then` recorded the charge; keeps it when `then` replayed
    _mark_recorded(charge.key, charge.provider_ref)
    return result


def _keep(actor: User, charge: ExternalCharge) -> None:
    try:
        with transaction.atomic(durable=True):
            if not Transfer.objects.filter(key=charge.key).exists():
                card_charge_keep(actor=actor, charge=charge)
    except IntegrityError:
        pass  # the run that used this charge recorded it meanwhile (the leg's key is UNIQUE)
    except BaseException:
        # The database refused even the deposit: the provider holds money the ledger does not show.
        log.exception("card charge %s (%s) captured but not recorded", charge.key, charge.provider_ref)
        raise
