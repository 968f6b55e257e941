from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hirehall.accounts.models import User
from hirehall.core.testing import make_user
from hirehall.ledger.operations import bonus_pay
from hirehall.ledger.sweeps import release_security_holds
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.payments.models import PaymentMethod
from hirehall.payments.services import payment_method_add_bank_account, payment_method_add_card


def card(user: User, number: str = "4242424242424242") -> PaymentMethod:
    return payment_method_add_card(actor=user, number=number, exp_month=12, exp_year=2030, cvc="123")


def bank(user: User, account: str = "000123456789") -> PaymentMethod:
    return payment_method_add_bank_account(actor=user, routing_number="110000000", account_number=account)


def freelancer_with_available(cents: int) -> User:
    """A freelancer whose earnings hold `cents` available (a bonus whose hold has passed)."""
    client, freelancer = make_user(), make_user()
    fund_wallet(client, cents * 2)
    # A gross bonus that nets `cents` in the 20% tier: net = gross - round(gross × 20%).
    gross = cents * 5 // 4
    bonus_pay(
        actor=client,
        payee=freelancer,
        reference="contract:seed",
        amount_cents=gross,
        key=f"seed:{freelancer.pk}",
    )
    release_security_holds(datetime.now(UTC) + timedelta(days=10))
    return freelancer


def record_charges(monkeypatch: Any) -> list[tuple[str, int]]:
    """Spy on the sandbox provider: every charge asked of it as (idempotency key, cents), in order."""
    from hirehall.payments.provider import ProviderResult, SandboxProvider

    calls: list[tuple[str, int]] = []
    real = SandboxProvider.charge

    def charge(
        self: SandboxProvider, *, token: str, amount_cents: int, currency: str, idempotency_key: str
    ) -> ProviderResult:
        calls.append((idempotency_key, amount_cents))
        return real(
            self, token=token, amount_cents=amount_cents, currency=currency, idempotency_key=idempotency_key
        )

    monkeypatch.setattr(SandboxProvider, "charge", charge)
    return calls
