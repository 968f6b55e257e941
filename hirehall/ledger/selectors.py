"""Ledger reads. Visibility: a user sees the accounts they own and the transfers touching them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from hirehall.accounts.models import User
from hirehall.core.errors import NotFound
from hirehall.core.money import CURRENCY
from hirehall.ledger.models import Account, Transfer, TransferGroup


def account_key(
    kind: str, *, owner_id: int | None = None, reference: str = "", currency: str = CURRENCY
) -> str:
    parts = [kind]
    if owner_id is not None:
        parts.append(f"user:{owner_id}")
    if reference:
        parts.append(reference)
    parts.append(currency)
    return ":".join(parts)


def account_find(kind: str, *, owner: User | None = None, reference: str = "") -> Account | None:
    return Account.objects.filter(
        key=account_key(kind, owner_id=owner.pk if owner else None, reference=reference)
    ).first()


@dataclass(frozen=True)
class Balances:
    wallet_balance: int
    wallet_available: int
    wallet_in_escrow: int
    earnings_pending: int
    earnings_available: int
    earnings_withdrawing: int
    currency: str = CURRENCY


def balances_for(user: User) -> Balances:
    """One query whatever the history: the cached totals are the balances."""
    rows = {
        a.kind: a
        for a in Account.objects.filter(
            owner=user, kind__in=[Account.Kind.CLIENT_WALLET, Account.Kind.FREELANCER_EARNINGS]
        )
    }
    wallet = rows.get(Account.Kind.CLIENT_WALLET)
    earnings = rows.get(Account.Kind.FREELANCER_EARNINGS)
    return Balances(
        wallet_balance=wallet.balance if wallet else 0,
        wallet_available=wallet.available if wallet else 0,
        wallet_in_escrow=wallet.debits_pending if wallet else 0,
        earnings_pending=earnings.credits_pending if earnings else 0,
        earnings_available=earnings.available if earnings else 0,
        earnings_withdrawing=earnings.debits_pending if earnings else 0,
    )


def pending_earnings_for(user: User) -> QuerySet[Transfer]:
    """Payments in their security hold, soonest available first."""
    return (
        Transfer.objects.filter(
            credit_account__owner=user,
            credit_account__kind=Account.Kind.FREELANCER_EARNINGS,
            code=Transfer.Code.EARNING,
            status=Transfer.Status.PENDING,
        )
        .select_related("group")
        .order_by("hold_until", "pk")
    )


def transfers_for(
    user: User,
    *,
    account_kind: str | None = None,
    code: str | None = None,
    status: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[Transfer]:
    mine = Q(debit_account__owner=user) | Q(credit_account__owner=user)
    if account_kind:
        mine = Q(debit_account__owner=user, debit_account__kind=account_kind) | Q(
            credit_account__owner=user, credit_account__kind=account_kind
        )
    qs = Transfer.objects.filter(mine).select_related("debit_account", "credit_account", "group")
    if code:
        qs = qs.filter(code=code)
    if status:
        qs = qs.filter(status=status)
    if since:
        qs = qs.filter(created_at__gte=since)
    if until:
        qs = qs.filter(created_at__lt=until)
    return qs.order_by("-pk")


def signed_amount_for(user: User, transfer: Transfer) -> int:
    """The transfer from the user's side: money in is positive, money out negative."""
    # Posted transfers always carry posted_amount (CHECK constraint); others show what was reserved.
    amount = transfer.posted_amount if transfer.posted_amount is not None else transfer.amount
    if transfer.credit_account.owner_id == user.pk:
        return amount
    return -amount


def groups_for(user: User) -> QuerySet[TransferGroup]:
    return TransferGroup.objects.filter(Q(payer=user) | Q(payee=user)).select_related("payer", "payee")


def group_get_for(user: User, group_id: int | str) -> TransferGroup:
    """A receipt: visible to its payer and payee (and staff); anyone else gets 404."""
    if not str(group_id).isdigit():
        raise NotFound("No such receipt.")
    qs = TransferGroup.objects.select_related("payer", "payee")
    if not user.is_staff:
        qs = qs.filter(Q(payer=user) | Q(payee=user))
    group = qs.filter(pk=int(group_id)).first()
    if group is None:
        raise NotFound("No such receipt.")
    return group


def open_escrow_holds(reference: str) -> list[Transfer]:
    return list(
        Transfer.objects.filter(
            reference=reference,
            status=Transfer.Status.PENDING,
            code__in=[Transfer.Code.ESCROW_HOLD, Transfer.Code.ESCROW_FEE_HOLD],
        ).select_related("group")
    )


@dataclass(frozen=True)
class EscrowState:
    reference: str
    held: int
    marketplace_fee_held: int
    payer_id: int | None
    payee_id: int | None


def escrow_state(reference: str) -> EscrowState:
    holds = open_escrow_holds(reference)
    held = sum(t.amount for t in holds if t.code == Transfer.Code.ESCROW_HOLD)
    fee = sum(t.amount for t in holds if t.code == Transfer.Code.ESCROW_FEE_HOLD)
    group = holds[0].group if holds else None
    return EscrowState(
        reference=reference,
        held=held,
        marketplace_fee_held=fee,
        payer_id=group.payer_id if group else None,
        payee_id=group.payee_id if group else None,
    )
