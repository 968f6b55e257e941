"""Money API: wallet, deposits, payment methods, withdrawals, transactions, receipts, fee preview.

Money is a decimal string with two places plus `currency`. POSTs that move money honour
`Idempotency-Key` (the middleware replays the stored answer; the key is also passed to the service so
the same intent from the web form and the API is one payment, not two).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hirehall.accounts.models import User
from hirehall.core.api import problems, request_user
from hirehall.core.errors import DomainError, NotFound
from hirehall.core.money import CURRENCY, cents_to_decimal_str, parse_money
from hirehall.core.pagination import paginate
from hirehall.core.schemas import IsoDateTime
from hirehall.ledger import fees
from hirehall.ledger.models import Account, Transfer
from hirehall.ledger.selectors import (
    balances_for,
    group_get_for,
    groups_for,
    pending_earnings_for,
    signed_amount_for,
    transfers_for,
)
from hirehall.payments.models import Deposit, PaymentMethod, Withdrawal
from hirehall.payments.receipts import RECEIPT_KINDS, receipt_for
from hirehall.payments.selectors import (
    deposit_get_for,
    deposits_for,
    payment_method_get_for,
    payment_methods_for,
    user_billing_verified,
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
MoneyStr = str


def money(cents: int) -> str:
    return cents_to_decimal_str(cents)


def _key(request: HttpRequest) -> str | None:
    return request.META.get("HTTP_IDEMPOTENCY_KEY") or None


# --- wallet -------------------------------------------------------------------------------------
class PendingEarningOut(Schema):
    id: str
    amount: MoneyStr
    available_at: datetime | None
    reference: str


class WalletPart(Schema):
    balance: MoneyStr
    available: MoneyStr
    in_escrow: MoneyStr


class EarningsPart(Schema):
    pending: MoneyStr
    available: MoneyStr
    withdrawing: MoneyStr


class WalletOut(Schema):
    currency: str
    wallet: WalletPart
    earnings: EarningsPart
    billing_verified: bool
    pending_releases: list[PendingEarningOut]


@router.get("/wallet", response={200: WalletOut, **problems(401)}, summary="Your balances")
def wallet(request: HttpRequest) -> dict[str, object]:
    user = request_user(request)
    b = balances_for(user)
    return {
        "currency": b.currency,
        "wallet": {
            "balance": money(b.wallet_balance),
            "available": money(b.wallet_available),
            "in_escrow": money(b.wallet_in_escrow),
        },
        "earnings": {
            "pending": money(b.earnings_pending),
            "available": money(b.earnings_available),
            "withdrawing": money(b.earnings_withdrawing),
        },
        "billing_verified": user_billing_verified(user),
        "pending_releases": [
            {
                "id": str(t.pk),
                "amount": money(t.amount),
                "available_at": t.hold_until,
                "reference": t.reference,
            }
            for t in pending_earnings_for(user)[:50]
        ],
    }


# --- payment methods ----------------------------------------------------------------------------
class PaymentMethodOut(Schema):
    id: str
    type: str
    display: str
    brand: str
    last4: str
    exp_month: int | None
    exp_year: int | None
    created_at: datetime


class PaymentMethodPage(Schema):
    items: list[PaymentMethodOut]
    next: str | None


class PaymentMethodIn(Schema):
    type: Literal["card", "debit_card", "bank_account"] = "card"
    number: str = Field("", max_length=32, description="card number (sandbox: 4242424242424242)")
    exp_month: int = Field(0, ge=0, le=12)
    exp_year: int = Field(0, ge=0, le=2100)
    cvc: str = Field("", max_length=4)
    routing_number: str = Field("", max_length=20)
    account_number: str = Field("", max_length=34)
    label: str = Field("", max_length=100)


def _method_out(m: PaymentMethod) -> dict[str, object]:
    return {
        "id": str(m.pk),
        "type": m.kind,
        "display": m.display,
        "brand": m.brand,
        "last4": m.last4,
        "exp_month": m.exp_month,
        "exp_year": m.exp_year,
        "created_at": m.created_at,
    }


@router.get(
    "/payment-methods",
    response={200: PaymentMethodPage, **problems(400, 401)},
    summary="Saved payment methods",
)
def list_payment_methods(
    request: HttpRequest, cursor: str | None = None, limit: int = 20
) -> dict[str, object]:
    rows, nxt = paginate(payment_methods_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": [_method_out(m) for m in rows], "next": nxt}


@router.post(
    "/payment-methods",
    response={201: PaymentMethodOut, **problems(401, 402, 403, 409, 422)},
    summary="Save a card (to pay) or a payout destination (debit card or bank account)",
)
def add_payment_method(request: HttpRequest, payload: PaymentMethodIn) -> Status[dict[str, object]]:
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
    return Status(201, _method_out(method))


@router.post(
    "/payment-methods/{method_id}/remove",
    response={200: PaymentMethodOut, **problems(401, 403, 404, 409, 422)},
    summary="Remove a saved payment method",
)
def remove_payment_method(request: HttpRequest, method_id: str) -> dict[str, object]:
    user = request_user(request)
    return _method_out(payment_method_remove(actor=user, method=payment_method_get_for(user, method_id)))


# --- deposits -----------------------------------------------------------------------------------
class DepositIn(Schema):
    amount: str = Field(description='decimal string, e.g. "100.00"')
    payment_method_id: str


class DepositOut(Schema):
    id: str
    amount: MoneyStr
    currency: str
    status: str
    failure_code: str
    payment_method: str
    receipt_id: str | None
    created_at: datetime


class DepositPage(Schema):
    items: list[DepositOut]
    next: str | None


def _deposit_out(d: Deposit) -> dict[str, object]:
    return {
        "id": str(d.pk),
        "amount": money(d.amount_cents),
        "currency": d.currency,
        "status": d.status,
        "failure_code": d.failure_code,
        "payment_method": d.payment_method.display,
        "receipt_id": str(d.ledger_group_id) if d.ledger_group_id else None,
        "created_at": d.created_at,
    }


@router.get("/wallet/deposits", response={200: DepositPage, **problems(400, 401)}, summary="Your deposits")
def list_deposits(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(deposits_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": [_deposit_out(d) for d in rows], "next": nxt}


@router.get(
    "/wallet/deposits/{deposit_id}", response={200: DepositOut, **problems(401, 404)}, summary="One deposit"
)
def get_deposit(request: HttpRequest, deposit_id: str) -> dict[str, object]:
    return _deposit_out(deposit_get_for(request_user(request), deposit_id))


@router.post(
    "/wallet/deposits",
    response={201: DepositOut, **problems(401, 402, 403, 404, 409, 422)},
    summary="Add funds to your wallet from a saved card (send an Idempotency-Key)",
)
def create_deposit(request: HttpRequest, payload: DepositIn) -> Status[dict[str, object]]:
    user = request_user(request)
    method = payment_method_get_for(user, payload.payment_method_id)
    deposit = deposit_create(
        actor=user, payment_method=method, amount_cents=parse_money(payload.amount), client_key=_key(request)
    )
    return Status(201, _deposit_out(deposit))


# --- withdrawals --------------------------------------------------------------------------------
class WithdrawalIn(Schema):
    amount: str = Field(description="taken from available earnings; the rail's fee is deducted from it")
    rail: Literal["bank", "instant"] = "bank"
    destination_id: str


class WithdrawalOut(Schema):
    id: str
    amount: MoneyStr
    fee: MoneyStr
    net: MoneyStr
    currency: str
    rail: str
    status: str
    failure_code: str
    destination: str
    receipt_id: str | None
    created_at: datetime


class WithdrawalPage(Schema):
    items: list[WithdrawalOut]
    next: str | None


def _withdrawal_out(w: Withdrawal) -> dict[str, object]:
    return {
        "id": str(w.pk),
        "amount": money(w.amount_cents),
        "fee": money(w.fee_cents),
        "net": money(w.net_cents),
        "currency": w.currency,
        "rail": w.rail,
        "status": w.status,
        "failure_code": w.failure_code,
        "destination": w.destination.display,
        "receipt_id": str(w.ledger_group_id) if w.ledger_group_id else None,
        "created_at": w.created_at,
    }


@router.get("/withdrawals", response={200: WithdrawalPage, **problems(400, 401)}, summary="Your withdrawals")
def list_withdrawals(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(withdrawals_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": [_withdrawal_out(w) for w in rows], "next": nxt}


@router.get(
    "/withdrawals/{withdrawal_id}",
    response={200: WithdrawalOut, **problems(401, 404)},
    summary="One withdrawal",
)
def get_withdrawal(request: HttpRequest, withdrawal_id: str) -> dict[str, object]:
    return _withdrawal_out(withdrawal_get_for(request_user(request), withdrawal_id))


@router.post(
    "/withdrawals",
    response={201: WithdrawalOut, **problems(401, 402, 403, 404, 409, 422)},
    summary="Withdraw available earnings (bank $0.99, instant $2.00; send an Idempotency-Key)",
)
def create_withdrawal(request: HttpRequest, payload: WithdrawalIn) -> Status[dict[str, object]]:
    user = request_user(request)
    destination = payment_method_get_for(user, payload.destination_id)
    withdrawal = withdrawal_create(
        actor=user,
        destination=destination,
        amount_cents=parse_money(payload.amount),
        rail=payload.rail,
        client_key=_key(request),
    )
    return Status(201, _withdrawal_out(withdrawal))


# --- transactions -------------------------------------------------------------------------------
class TransactionOut(Schema):
    id: str
    created_at: datetime
    type: str
    description: str
    account: str
    reference: str
    status: str
    amount: MoneyStr = Field(description="signed: money in is positive, out negative")
    currency: str
    receipt_id: str


class TransactionPage(Schema):
    items: list[TransactionOut]
    next: str | None


class TransactionFilters(Schema):
    account: Literal["wallet", "earnings"] | None = None
    type: Transfer.Code | None = None
    status: Transfer.Status | None = None
    since: IsoDateTime | None = None
    until: IsoDateTime | None = None


ACCOUNT_FILTER = {"wallet": Account.Kind.CLIENT_WALLET, "earnings": Account.Kind.FREELANCER_EARNINGS}


def transaction_row(user: User, t: Transfer) -> dict[str, object]:
    mine = t.credit_account if t.credit_account.owner_id == user.pk else t.debit_account
    return {
        "id": str(t.pk),
        "created_at": t.created_at,
        "type": t.code,
        "description": f"{t.get_code_display()}" + (f" · {t.reference}" if t.reference else ""),
        "account": mine.get_kind_display(),
        "reference": t.reference,
        "status": t.status,
        "amount": money(signed_amount_for(user, t)),
        "currency": t.currency,
        "receipt_id": str(t.group_id),
    }


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
    return {"items": [transaction_row(user, t) for t in rows], "next": nxt}


# --- receipts -----------------------------------------------------------------------------------
class ReceiptLineOut(Schema):
    label: str
    amount: MoneyStr


class ReceiptOut(Schema):
    id: str
    number: str
    title: str
    kind: str
    issued_at: datetime
    reference: str
    party_label: str
    party: str
    lines: list[ReceiptLineOut]
    total_label: str
    total: MoneyStr
    currency: str
    notes: list[str]
    pdf_url: str


class ReceiptSummaryOut(Schema):
    id: str
    kind: str
    reference: str
    created_at: datetime


class ReceiptPage(Schema):
    items: list[ReceiptSummaryOut]
    next: str | None


@router.get("/receipts", response={200: ReceiptPage, **problems(400, 401)}, summary="Receipts and invoices")
def list_receipts(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    qs = groups_for(request_user(request)).filter(kind__in=RECEIPT_KINDS)
    rows, nxt = paginate(qs, cursor=cursor, limit=limit)
    return {
        "items": [
            {"id": str(g.pk), "kind": g.kind, "reference": g.reference, "created_at": g.created_at}
            for g in rows
        ],
        "next": nxt,
    }


@router.get("/receipts/{receipt_id}", response={200: ReceiptOut, **problems(401, 404)}, summary="One receipt")
def get_receipt(request: HttpRequest, receipt_id: str) -> dict[str, object]:
    user = request_user(request)
    group = group_get_for(user, receipt_id)
    if group.kind not in RECEIPT_KINDS:
        raise NotFound("No such receipt.")
    r = receipt_for(group, user)
    return {
        "id": str(group.pk),
        "number": r.number,
        "title": r.title,
        "kind": r.kind,
        "issued_at": r.issued_at,
        "reference": r.reference,
        "party_label": r.party_label,
        "party": r.party,
        "lines": [{"label": line.label, "amount": money(line.cents)} for line in r.lines],
        "total_label": r.total_label,
        "total": money(r.total),
        "currency": r.currency,
        "notes": r.notes,
        "pdf_url": f"/receipts/{group.pk}/pdf/",
    }


# --- fees ---------------------------------------------------------------------------------------
class FeePreviewOut(Schema):
    amount: MoneyStr
    prior_billings: MoneyStr
    service_fee: MoneyStr
    freelancer_net: MoneyStr
    marketplace_fee: MoneyStr
    client_total: MoneyStr
    currency: str
    schedule_version: int


def fee_preview_for(
    user: User, *, amount: str, prior_billings: str | None, client: str | None, freelancer: str | None
) -> fees.FeeQuote:
    """Shared by the API and the calculator page. Lifetime billings of a pair are private to the pair."""
    cents = parse_money(amount)
    if client or freelancer:
        if not (client and freelancer and client.isdigit() and freelancer.isdigit()):
            raise DomainError("validation_error", "give both client and freelancer ids, or prior_billings")
        if user.pk not in (int(client), int(freelancer)) and not user.is_staff:
            raise NotFound("No such client–freelancer relationship.")
        prior = fees.lifetime_billings(client_id=int(client), freelancer_id=int(freelancer))
    else:
        prior = parse_money(prior_billings or "0", field="prior_billings")
    if prior < 0:
        raise DomainError("validation_error", "prior_billings must not be negative")
    return fees.quote(amount=cents, prior_billings=prior, schedule=fees.schedule_in_force())


def fee_quote_out(q: fees.FeeQuote) -> dict[str, object]:
    return {
        "amount": money(q.amount),
        "prior_billings": money(q.prior_billings),
        "service_fee": money(q.service_fee),
        "freelancer_net": money(q.freelancer_net),
        "marketplace_fee": money(q.marketplace_fee),
        "client_total": money(q.client_total),
        "currency": CURRENCY,
        "schedule_version": q.schedule_version,
    }


@router.get(
    "/fees/preview",
    response={200: FeePreviewOut, **problems(401, 404, 422)},
    summary="What a payment costs: service fee, freelancer net, marketplace fee, client total",
)
def fees_preview(
    request: HttpRequest,
    amount: str,
    prior_billings: str | None = None,
    client: str | None = None,
    freelancer: str | None = None,
) -> dict[str, object]:
    quote = fee_preview_for(
        request_user(request),
        amount=amount,
        prior_billings=prior_billings,
        client=client,
        freelancer=freelancer,
    )
    return fee_quote_out(quote)
