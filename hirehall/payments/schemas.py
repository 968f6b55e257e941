"""The money API's output shapes, each defined once, read straight from models and selector results.

Fields named like the model's attribute are read as they are; the rest have a resolver. Shapes that
depend on who asks (the wallet, a transaction's side) read the caller from the response's context.
Money is a decimal string with two places plus `currency`; ids are strings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from hirehall.accounts.models import User
from hirehall.core.money import CURRENCY, cents_to_decimal_str
from hirehall.core.schemas import IdStr
from hirehall.ledger import fees
from hirehall.ledger.models import Transfer
from hirehall.ledger.references import describe_reference
from hirehall.ledger.selectors import Balances, pending_earnings_for, signed_amount_for
from hirehall.payments.models import Deposit, PaymentMethod, Withdrawal
from hirehall.payments.receipts import Line, Receipt
from hirehall.payments.selectors import user_billing_verified

MoneyStr = str


def money(cents: int) -> str:
    return cents_to_decimal_str(cents)


def _caller(context: Any) -> User:
    user = context["request"].auth
    assert isinstance(user, User)  # noqa: S101 - every money route requires auth
    return user


def _receipt_id(group_id: int | None) -> str | None:
    return str(group_id) if group_id else None


# --- wallet ---------------------------------------------------------------------------------------
class PendingEarningOut(Schema):  # from a held Transfer
    id: IdStr
    amount: MoneyStr
    available_at: datetime | None
    reference: str

    @staticmethod
    def resolve_amount(t: Transfer) -> str:
        return money(t.amount)

    @staticmethod
    def resolve_available_at(t: Transfer) -> datetime | None:
        return t.hold_until


class WalletPart(Schema):  # from ledger Balances
    balance: MoneyStr
    available: MoneyStr
    in_escrow: MoneyStr

    @staticmethod
    def resolve_balance(b: Balances) -> str:
        return money(b.wallet_balance)

    @staticmethod
    def resolve_available(b: Balances) -> str:
        return money(b.wallet_available)

    @staticmethod
    def resolve_in_escrow(b: Balances) -> str:
        return money(b.wallet_in_escrow)


class EarningsPart(Schema):  # from ledger Balances
    pending: MoneyStr
    available: MoneyStr
    withdrawing: MoneyStr

    @staticmethod
    def resolve_pending(b: Balances) -> str:
        return money(b.earnings_pending)

    @staticmethod
    def resolve_available(b: Balances) -> str:
        return money(b.earnings_available)

    @staticmethod
    def resolve_withdrawing(b: Balances) -> str:
        return money(b.earnings_withdrawing)


class WalletOut(Schema):  # from the caller's ledger Balances
    currency: str
    wallet: WalletPart
    earnings: EarningsPart
    billing_verified: bool
    pending_releases: list[PendingEarningOut]

    @staticmethod
    def resolve_wallet(b: Balances) -> Balances:
        return b

    @staticmethod
    def resolve_earnings(b: Balances) -> Balances:
        return b

    @staticmethod
    def resolve_billing_verified(b: Balances, context: Any) -> bool:
        return user_billing_verified(_caller(context))

    @staticmethod
    def resolve_pending_releases(b: Balances, context: Any) -> list[Transfer]:
        return list(pending_earnings_for(_caller(context))[:50])


# --- payment methods, deposits, withdrawals ---------------------------------------------------------
class PaymentMethodOut(Schema):
    id: IdStr
    type: str
    display: str
    brand: str
    last4: str
    exp_month: int | None
    exp_year: int | None
    created_at: datetime

    @staticmethod
    def resolve_type(m: PaymentMethod) -> str:
        return m.kind


class PaymentMethodPage(Schema):
    items: list[PaymentMethodOut]
    next: str | None


class DepositOut(Schema):
    id: IdStr
    amount: MoneyStr
    currency: str
    status: str
    failure_code: str
    payment_method: str
    receipt_id: str | None
    created_at: datetime

    @staticmethod
    def resolve_amount(d: Deposit) -> str:
        return money(d.amount_cents)

    @staticmethod
    def resolve_payment_method(d: Deposit) -> str:
        return d.payment_method.display

    @staticmethod
    def resolve_receipt_id(d: Deposit) -> str | None:
        return _receipt_id(d.ledger_group_id)


class DepositPage(Schema):
    items: list[DepositOut]
    next: str | None


class WithdrawalOut(Schema):
    id: IdStr
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

    @staticmethod
    def resolve_amount(w: Withdrawal) -> str:
        return money(w.amount_cents)

    @staticmethod
    def resolve_fee(w: Withdrawal) -> str:
        return money(w.fee_cents)

    @staticmethod
    def resolve_net(w: Withdrawal) -> str:
        return money(w.net_cents)

    @staticmethod
    def resolve_destination(w: Withdrawal) -> str:
        return w.destination.display

    @staticmethod
    def resolve_receipt_id(w: Withdrawal) -> str | None:
        return _receipt_id(w.ledger_group_id)


class WithdrawalPage(Schema):
    items: list[WithdrawalOut]
    next: str | None


# --- transactions and receipts ------------------------------------------------------------------------
class TransactionOut(Schema):  # a Transfer from the caller's side
    id: IdStr
    created_at: datetime
    type: str
    description: str = Field(
        description="for people: the type and what it was for, e.g. \"Escrow hold · 'Logo' — Brand refresh\""
    )
    account: str
    reference: str = Field(description="the ledger's key for the business object (for matching, not display)")
    status: str
    amount: MoneyStr = Field(description="signed: money in is positive, out negative")
    currency: str
    receipt_id: str

    @staticmethod
    def resolve_type(t: Transfer) -> str:
        return t.code

    @staticmethod
    def resolve_description(t: Transfer) -> str:
        subject = getattr(t, "subject", None)
        if subject is None:
            subject = describe_reference(t.reference)
        return f"{t.get_code_display()}" + (f" · {subject}" if subject else "")

    @staticmethod
    def resolve_account(t: Transfer, context: Any) -> str:
        mine = t.credit_account if t.credit_account.owner_id == _caller(context).pk else t.debit_account
        return mine.get_kind_display()

    @staticmethod
    def resolve_amount(t: Transfer, context: Any) -> str:
        return money(signed_amount_for(_caller(context), t))

    @staticmethod
    def resolve_receipt_id(t: Transfer) -> str:
        return str(t.group_id)


class TransactionPage(Schema):
    items: list[TransactionOut]
    next: str | None


class ReceiptLineOut(Schema):
    label: str
    amount: MoneyStr

    @staticmethod
    def resolve_amount(line: Line) -> str:
        return money(line.cents)


class ReceiptOut(Schema):  # from receipts.Receipt
    id: IdStr
    number: str
    title: str
    kind: str
    issued_at: datetime
    reference: str
    subject: str = Field(description="what it was for, in words: \"'Payments and tests' — Booking app\"")
    billed_to: str
    operator_name: str
    operator_address: str
    party_label: str
    party: str
    lines: list[ReceiptLineOut]
    total_label: str
    total: MoneyStr
    currency: str
    notes: list[str]
    pdf_url: str

    @staticmethod
    def resolve_id(r: Receipt) -> int:
        return r.group_id

    @staticmethod
    def resolve_total(r: Receipt) -> str:
        return money(r.total)

    @staticmethod
    def resolve_pdf_url(r: Receipt) -> str:
        return f"/receipts/{r.group_id}/pdf/"


class ReceiptSummaryOut(Schema):  # from a TransferGroup
    id: IdStr
    kind: str
    reference: str
    created_at: datetime


class ReceiptPage(Schema):
    items: list[ReceiptSummaryOut]
    next: str | None


# --- fees ---------------------------------------------------------------------------------------------
class FeePreviewOut(Schema):  # from fees.FeeQuote
    amount: MoneyStr
    prior_billings: MoneyStr
    service_fee: MoneyStr
    freelancer_net: MoneyStr
    marketplace_fee: MoneyStr
    client_total: MoneyStr
    currency: str
    schedule_version: int

    @staticmethod
    def resolve_amount(q: fees.FeeQuote) -> str:
        return money(q.amount)

    @staticmethod
    def resolve_prior_billings(q: fees.FeeQuote) -> str:
        return money(q.prior_billings)

    @staticmethod
    def resolve_service_fee(q: fees.FeeQuote) -> str:
        return money(q.service_fee)

    @staticmethod
    def resolve_freelancer_net(q: fees.FeeQuote) -> str:
        return money(q.freelancer_net)

    @staticmethod
    def resolve_marketplace_fee(q: fees.FeeQuote) -> str:
        return money(q.marketplace_fee)

    @staticmethod
    def resolve_client_total(q: fees.FeeQuote) -> str:
        return money(q.client_total)

    @staticmethod
    def resolve_currency(q: fees.FeeQuote) -> str:
        return CURRENCY
