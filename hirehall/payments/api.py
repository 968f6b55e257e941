"""Money API: wallet, deposits, payment methods, withdrawals, transactions, receipts, fee preview.

Money is a decimal string with two places plus `currency`. POSTs that move money honour
`Idempotency-Key` (the middleware replays the stored answer; the key is also passed to the service so
the same intent from the web form and the API is one payment, not two).
"""

from __future__ import annotations

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hirehall.accounts.models import User
from hirehall.core.api import problems
from hirehall.core.errors import DomainError, NotFound
from hirehall.core.money import parse_money
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id, IsoDateTime
from hirehall.core.web import request_user
from hirehall.ledger import fees
from hirehall.ledger.models import Account, Transfer
from hirehall.ledger.references import describe_references
from hirehall.ledger.selectors import (
    Balances,
    balances_for,
    group_get_for,
    groups_for,
    transfers_for,
)
from hirehall.payments.models import Deposit, PaymentMethod, Withdrawal
from hirehall.payments.receipts import RECEIPT_KINDS, Receipt, receipt_for
from hirehall.payments.schemas import (
    DepositOut,
    DepositPage,
    FeePreviewOut,
    PaymentMethodOut,
    PaymentMethodPage,
    ReceiptOut,
    ReceiptPage,
    TransactionPage,
    WalletOut,
    WithdrawalOut,
    WithdrawalPage,
)
from hirehall.payments.selectors import (
    deposit_get_for,
    deposits_for,
    payment_method_get_for,
    payment_methods_for,
    withdrawal_get_for,
    withdrawals_for,
)
from hirehall.payments.services import (
    deposit_create,
    payment_method_add_bank_account,
    payment_method_add_card,
    payment_method_remove,
    withdrawal_create,
)

router = Router(tags=["money"])


def _key(request: HttpRequest) -> str | None:
    return request.META.get("HTTP_IDEMPOTENCY_KEY") or None


# --- wallet -------------------------------------------------------------------------------------
@router.get("/wallet", response={200: WalletOut, **problems(401)}, summary="Your balances")
def wallet(request: HttpRequest) -> Balances:
    return balances_for(request_user(request))


# --- payment methods ----------------------------------------------------------------------------
class PaymentMethodIn(Schema):
    type: Literal["card", "debit_card", "bank_account"] = "card"
    number: str = Field("", max_length=32, description="card number (sandbox: 4242424242424242)")
    exp_month: int = Field(0, ge=0, le=12)
    exp_year: int = Field(0, ge=0, le=2100)
    cvc: str = Field("", max_length=4)
    routing_number: str = Field("", max_length=20)
    account_number: str = Field("", max_length=34)
    label: str = Field("", max_length=100)


@router.get(
    "/payment-methods",
    response={200: PaymentMethodPage, **problems(400, 401)},
    summary="Saved payment methods",
)
def list_payment_methods(
    request: HttpRequest, cursor: str | None = None, limit: int = 20
) -> dict[str, object]:
    rows, nxt = paginate(payment_methods_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.post(
    "/payment-methods",
    response={201: PaymentMethodOut, **problems(401, 402, 403, 409, 422)},
    summary="Save a card (to pay) or a payout destination (debit card or bank account)",
)
def add_payment_method(request: HttpRequest, payload: PaymentMethodIn) -> Status:
    user = request_user(request)
    if payload.type == "bank_account":
        method = payment_method_add_bank_account(
            actor=user,
            routing_number=payload.routing_number,
            account_number=payload.account_number,
            label=payload.label,
        )
    else:
        method = payment_method_add_card(
            actor=user,
            number=payload.number,
            exp_month=payload.exp_month,
            exp_year=payload.exp_year,
            cvc=payload.cvc,
            for_payouts=payload.type == "debit_card",
        )
    return Status(201, method)


@router.post(
    "/payment-methods/{method_id}/remove",
    response={200: PaymentMethodOut, **problems(401, 403, 404, 409, 422)},
    summary="Remove a saved payment method",
)
def remove_payment_method(request: HttpRequest, method_id: Id) -> PaymentMethod:
    user = request_user(request)
    return payment_method_remove(actor=user, method=payment_method_get_for(user, method_id))


# --- deposits -----------------------------------------------------------------------------------
class DepositIn(Schema):
    amount: str = Field(description='decimal string, e.g. "100.00"')
    payment_method_id: Id


@router.get("/wallet/deposits", response={200: DepositPage, **problems(400, 401)}, summary="Your deposits")
def list_deposits(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(deposits_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.get(
    "/wallet/deposits/{deposit_id}", response={200: DepositOut, **problems(401, 404)}, summary="One deposit"
)
def get_deposit(request: HttpRequest, deposit_id: Id) -> Deposit:
    return deposit_get_for(request_user(request), deposit_id)


@router.post(
    "/wallet/deposits",
    response={201: DepositOut, **problems(401, 402, 403, 404, 409, 422)},
    summary="Add funds to your wallet from a saved card (send an Idempotency-Key)",
)
def create_deposit(request: HttpRequest, payload: DepositIn) -> Status:
    user = request_user(request)
    method = payment_method_get_for(user, payload.payment_method_id)
    deposit = deposit_create(
        actor=user, payment_method=method, amount_cents=parse_money(payload.amount), client_key=_key(request)
    )
    return Status(201, deposit)


# --- withdrawals --------------------------------------------------------------------------------
class WithdrawalIn(Schema):
    amount: str = Field(description="taken from available earnings; the rail's fee is deducted from it")
    rail: Literal["bank", "instant"] = "bank"
    destination_id: Id


@router.get("/withdrawals", response={200: WithdrawalPage, **problems(400, 401)}, summary="Your withdrawals")
def list_withdrawals(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(withdrawals_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.get(
    "/withdrawals/{withdrawal_id}",
    response={200: WithdrawalOut, **problems(401, 404)},
    summary="One withdrawal",
)
def get_withdrawal(request: HttpRequest, withdrawal_id: Id) -> Withdrawal:
    return withdrawal_get_for(request_user(request), withdrawal_id)


@router.post(
    "/withdrawals",
    response={201: WithdrawalOut, **problems(401, 402, 403, 404, 409, 422)},
    summary="Withdraw available earnings (bank $0.99, instant $2.00; send an Idempotency-Key)",
)
def create_withdrawal(request: HttpRequest, payload: WithdrawalIn) -> Status:
    user = request_user(request)
    destination = payment_method_get_for(user, payload.destination_id)
    withdrawal = withdrawal_create(
        actor=user,
        destination=destination,
        amount_cents=parse_money(payload.amount),
        rail=payload.rail,
        client_key=_key(request),
    )
    return Status(201, withdrawal)


# --- transactions -------------------------------------------------------------------------------
class TransactionFilters(Schema):
    account: Literal["wallet", "earnings"] | None = None
    type: Transfer.Code | None = None
    status: Transfer.Status | None = None
    since: IsoDateTime | None = None
    until: IsoDateTime | None = None


ACCOUNT_FILTER = {"wallet": Account.Kind.CLIENT_WALLET, "earnings": Account.Kind.FREELANCER_EARNINGS}


def filtered_transfers(user: User, filters: TransactionFilters) -> QuerySet[Transfer]:
    return transfers_for(
        user,
        account_kind=ACCOUNT_FILTER[filters.account] if filters.account else None,
        code=filters.type,
        status=filters.status,
        since=filters.since,
        until=filters.until,
    )


@router.get(
    "/transactions",
    response={200: TransactionPage, **problems(400, 401, 422)},
    summary="Your transaction history",
)
def list_transactions(
    request: HttpRequest, filters: Query[TransactionFilters], cursor: str | None = None, limit: int = 20
) -> dict[str, object]:
    user = request_user(request)
    rows, nxt = paginate(filtered_transfers(user, filters), cursor=cursor, limit=limit)
    items = list(rows)
    subjects = describe_references(t.reference for t in items)  # one query per kind, not per row
    for t in items:
        t.subject = subjects.get(t.reference, "")  # type: ignore[attr-defined]
    return {"items": items, "next": nxt}


# --- receipts -----------------------------------------------------------------------------------
@router.get("/receipts", response={200: ReceiptPage, **problems(400, 401)}, summary="Receipts and invoices")
def list_receipts(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    qs = groups_for(request_user(request)).filter(kind__in=RECEIPT_KINDS)
    rows, nxt = paginate(qs, cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.get("/receipts/{receipt_id}", response={200: ReceiptOut, **problems(401, 404)}, summary="One receipt")
def get_receipt(request: HttpRequest, receipt_id: Id) -> Receipt:
    user = request_user(request)
    group = group_get_for(user, receipt_id)
    if group.kind not in RECEIPT_KINDS:
        raise NotFound("No such receipt.")
    return receipt_for(group, user)


# --- fees ---------------------------------------------------------------------------------------
def fee_preview_for(
    user: User, *, amount: str, prior_billings: str | None, client: int | None, freelancer: int | None
) -> fees.FeeQuote:
    """Lifetime billings of a pair are private to the pair."""
    cents = parse_money(amount)
    if client is not None or freelancer is not None:
        if client is None or freelancer is None:
            raise DomainError("validation_error", "give both client and freelancer ids, or prior_billings")
        if user.pk not in (client, freelancer) and not user.is_staff:
            raise NotFound("No such client–freelancer relationship.")
        prior = fees.lifetime_billings(client_id=client, freelancer_id=freelancer)
    else:
        prior = parse_money(prior_billings or "0", field="prior_billings")
    if prior < 0:
        raise DomainError("validation_error", "prior_billings must not be negative")
    return fees.quote(amount=cents, prior_billings=prior, schedule=fees.schedule_in_force())


@router.get(
    "/fees/preview",
    response={200: FeePreviewOut, **problems(401, 404, 422)},
    summary="What a payment costs: service fee, freelancer net, marketplace fee, client total",
)
def fees_preview(
    request: HttpRequest,
    amount: str,
    prior_billings: str | None = None,
    client: Id | None = None,
    freelancer: Id | None = None,
) -> fees.FeeQuote:
    return fee_preview_for(
        request_user(request),
        amount=amount,
        prior_billings=prior_billings,
        client=client,
        freelancer=freelancer,
    )
