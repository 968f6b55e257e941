"""Authorization matrix rows for the money routes (run by hirehall/core/tests' harness)."""

from __future__ import annotations

from typing import Any

from hirehall.core.tests.authz import Case, World
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.operations import deposit_record
from hirehall.payments.models import PaymentMethod
from hirehall.payments.tests.helpers import bank, card

SIGNED_IN = {"anon": 302, "other": 200, "owner": 200, "staff": 200}
EVERYONE = {"anon": 200, "other": 200, "owner": 200, "staff": 200}
REDIRECTS = {"anon": 302, "other": 302, "owner": 302, "staff": 302}
OWNER_REDIRECT = {"anon": 302, "other": 404, "owner": 302, "staff": 404}
# Receipts: staff may read any (support); anyone else's is not found.
RECEIPT = {"anon": 302, "other": 404, "owner": 200, "staff": 200}
API_SIGNED_IN = {"anon": 401, "other": 200, "owner": 200, "staff": 200}
API_OWNER = {"anon": 401, "other": 404, "owner": 200, "staff": 404}
API_RECEIPT = {"anon": 401, "other": 404, "owner": 200, "staff": 200}
API_CREATE_OWNER = {"anon": 401, "other": 404, "owner": 201, "staff": 404}


def _once(w: World, name: str, make: Any) -> Any:
    if name not in w.objects:
        w.objects[name] = make()
    return w.objects[name]


def owner_card(w: World) -> PaymentMethod:
    return _once(w, "money_card", lambda: card(w.owner))


def owner_bank(w: World) -> PaymentMethod:
    return _once(w, "money_bank", lambda: bank(w.owner))


def owner_receipt(w: World) -> TransferGroup:
    return _once(
        w,
        "money_receipt",
        lambda: deposit_record(
            actor=w.owner, amount_cents=10_00, key=f"authz:{w.owner.pk}", provider_ref="t"
        ),
    )


def owner_deposit_id(w: World) -> int:
    from hirehall.payments.services import deposit_create

    return _once(
        w,
        "money_deposit",
        lambda: deposit_create(actor=w.owner, payment_method=owner_card(w), amount_cents=5_00),
    ).pk


def owner_withdrawal_id(w: World) -> int:
    from hirehall.payments.services import withdrawal_create

    def make() -> int:
        _give_available(w)
        return withdrawal_create(actor=w.owner, destination=owner_bank(w), amount_cents=10_00, rail="bank").pk

    return _once(w, "money_withdrawal", make)


def _give_available(w: World) -> None:
    """Move a freshly earned, already-available balance to the owner (a bonus whose hold has passed)."""

    def make() -> bool:
        from datetime import UTC, datetime, timedelta

        from hirehall.core.testing import make_user
        from hirehall.ledger.operations import bonus_pay
        from hirehall.ledger.sweeps import release_security_holds
        from hirehall.ledger.tests.helpers import fund_wallet

        payer = make_user()
        fund_wallet(payer, 1_000_00)
        bonus_pay(
            actor=payer,
            payee=w.owner,
            reference="contract:authz",
            amount_cents=500_00,
            key=f"authz-bonus:{w.owner.pk}",
        )
        release_security_holds(datetime.now(UTC) + timedelta(days=10))
        return True

    _once(w, "money_available", make)


def withdrawal_body(w: World) -> dict[str, str]:
    _give_available(w)
    return {"amount": "5.00", "rail": "bank", "destination_id": str(owner_bank(w).pk)}


CASES: list[Case] = [
    # Web pages.
    Case("GET", "/wallet/", SIGNED_IN),
    Case("GET", "/earnings/", SIGNED_IN),
    Case("GET", "/transactions/", SIGNED_IN),
    Case("GET", "/transactions/export.csv", SIGNED_IN),
    Case("GET", "/receipts/", SIGNED_IN),
    Case("GET", "/receipts/<int:pk>/", RECEIPT, url=lambda w: f"/receipts/{owner_receipt(w).pk}/"),
    Case("GET", "/receipts/<int:pk>/pdf/", RECEIPT, url=lambda w: f"/receipts/{owner_receipt(w).pk}/pdf/"),
    Case("GET", "/fees/", EVERYONE),
    Case(
        "POST",
        "/wallet/deposit/",
        REDIRECTS,
        data=lambda w: {"amount": "5.00", "payment_method": str(owner_card(w).pk), "idempotency_key": "k"},
        note="another user's card is not among the form's choices: refused with a message, nothing charged",
    ),
    Case(
        "POST",
        "/wallet/payment-methods/",
        REDIRECTS,
        data={
            "kind": "card",
            "number": "4242424242424242",
            "exp_month": "12",
            "exp_year": "2030",
            "cvc": "123",
        },
    ),
    Case(
        "POST",
        "/wallet/payment-methods/<int:pk>/remove/",
        OWNER_REDIRECT,
        url=lambda w: f"/wallet/payment-methods/{owner_card(w).pk}/remove/",
    ),
    Case(
        "POST",
        "/earnings/withdraw/",
        REDIRECTS,
        data=lambda w: {
            "amount": "5.00",
            "rail": "bank",
            "destination": str(owner_bank(w).pk),
            "idempotency_key": "k",
        },
    ),
    # API.
    Case("GET", "/api/v1/wallet", API_SIGNED_IN),
    Case("GET", "/api/v1/wallet/deposits", API_SIGNED_IN),
    Case(
        "GET",
        "/api/v1/wallet/deposits/{deposit_id}",
        API_OWNER,
        url=lambda w: f"/api/v1/wallet/deposits/{owner_deposit_id(w)}",
    ),
    Case(
        "POST",
        "/api/v1/wallet/deposits",
        API_CREATE_OWNER,
        data=lambda w: {"amount": "5.00", "payment_method_id": str(owner_card(w).pk)},
    ),
    Case("GET", "/api/v1/payment-methods", API_SIGNED_IN),
    Case(
        "POST",
        "/api/v1/payment-methods",
        {"anon": 401, "other": 201, "owner": 201, "staff": 201},
        data={"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"},
    ),
    Case(
        "POST",
        "/api/v1/payment-methods/{method_id}/remove",
        API_OWNER,
        url=lambda w: f"/api/v1/payment-methods/{owner_card(w).pk}/remove",
    ),
    Case("GET", "/api/v1/withdrawals", API_SIGNED_IN),
    Case(
        "GET",
        "/api/v1/withdrawals/{withdrawal_id}",
        API_OWNER,
        url=lambda w: f"/api/v1/withdrawals/{owner_withdrawal_id(w)}",
    ),
    Case(
        "POST",
        "/api/v1/withdrawals",
        API_CREATE_OWNER,
        data=withdrawal_body,
    ),
    Case("GET", "/api/v1/transactions", API_SIGNED_IN),
    Case("GET", "/api/v1/receipts", API_SIGNED_IN),
    Case(
        "GET",
        "/api/v1/receipts/{receipt_id}",
        API_RECEIPT,
        url=lambda w: f"/api/v1/receipts/{owner_receipt(w).pk}",
    ),
    Case(
        "GET",
        "/api/v1/fees/preview",
        API_SIGNED_IN,
        url="/api/v1/fees/preview?amount=600.00&prior_billings=0.00",
    ),
]
