"""Payment reads. Another user's objects are simply not found (404), never "forbidden"."""

from __future__ import annotations

from django.db.models import QuerySet

from hirehall.accounts.models import User
from hirehall.core.errors import NotFound
from hirehall.core.ids import parse_id
from hirehall.payments.models import Deposit, PaymentMethod, Withdrawal


def _id(value: int | str) -> int:
    pk = parse_id(value)
    if pk is None:
        raise NotFound()
    return pk


def payment_methods_for(user: User, *kinds: str) -> QuerySet[PaymentMethod]:
    qs = PaymentMethod.objects.filter(user=user, removed_at__isnull=True)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("-pk")


def payment_method_get_for(user: User, method_id: int | str) -> PaymentMethod:
    method = PaymentMethod.objects.filter(user=user, removed_at__isnull=True, pk=_id(method_id)).first()
    if method is None:
        raise NotFound("No such payment method.")
    return method


def user_billing_verified(user: User) -> bool:
    """A client with a saved, verified card is "payment verified" (DESIGN §1 client stats)."""
    return PaymentMethod.objects.filter(
        user=user, kind=PaymentMethod.Kind.CARD, removed_at__isnull=True
    ).exists()


def deposits_for(user: User) -> QuerySet[Deposit]:
    return Deposit.objects.filter(user=user).select_related("payment_method").order_by("-pk")


def deposit_get_for(user: User, deposit_id: int | str) -> Deposit:
    deposit = deposits_for(user).filter(pk=_id(deposit_id)).first()
    if deposit is None:
        raise NotFound("No such deposit.")
    return deposit


def withdrawals_for(user: User) -> QuerySet[Withdrawal]:
    return Withdrawal.objects.filter(user=user).select_related("destination").order_by("-pk")


def withdrawal_get_for(user: User, withdrawal_id: int | str) -> Withdrawal:
    withdrawal = withdrawals_for(user).filter(pk=_id(withdrawal_id)).first()
    if withdrawal is None:
        raise NotFound("No such withdrawal.")
    return withdrawal
