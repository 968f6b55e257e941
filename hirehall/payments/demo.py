"""Demo money for `make run`: verified cards and wallet balances for the demo clients, payout
destinations and some earnings (one available, one still on hold) for the demo freelancers.

Idempotent: every ledger operation has a fixed key (a second run replays it) and cards are only
added when missing. Runs inside seed_demo's transaction, so it uses the joinable building blocks.
"""

from __future__ import annotations

from datetime import timedelta

from hirehall.accounts.models import User
from hirehall.core.clock import now
from hirehall.ledger.operations import bonus_pay, deposit_record
from hirehall.ledger.services import fee_schedule_ensure_default
from hirehall.ledger.sweeps import release_security_holds
from hirehall.payments.models import PaymentMethod
from hirehall.payments.services import payment_method_add_bank_account, payment_method_add_card

CLIENT_EMAILS = [
    "client@hirehall.test",
    "acme@hirehall.test",
    "northwind@hirehall.test",
    "both@hirehall.test",
]
FREELANCER_EMAILS = ["freelancer@hirehall.test", "dev@hirehall.test", "both@hirehall.test"]
WALLET_CENTS = 5_000_00


def seed() -> None:
    fee_schedule_ensure_default()
    users = {u.email: u for u in User.objects.filter(email__in=CLIENT_EMAILS + FREELANCER_EMAILS)}
    for email in CLIENT_EMAILS:
        if (client := users.get(email)) is not None:
            _card(client)
            deposit_record(
                actor=client, amount_cents=WALLET_CENTS, key=f"demo:deposit:{email}", provider_ref="demo"
            )
    payer = users.get("client@hirehall.test")
    for email in FREELANCER_EMAILS:
        freelancer = users.get(email)
        if freelancer is None:
            continue
        if not PaymentMethod.objects.filter(user=freelancer, kind=PaymentMethod.Kind.BANK_ACCOUNT).exists():
            payment_method_add_bank_account(
                actor=freelancer, routing_number="110000000", account_number="000123456789", label="Demo bank"
            )
        if payer is None or payer.pk == freelancer.pk:
            continue
        # One payment already past its security hold, one still pending: both states on the earnings page.
        bonus_pay(
            actor=payer,
            payee=freelancer,
            reference="contract:demo-welcome",
            amount_cents=250_00,
            key=f"demo:bonus:available:{email}",
            available_at=now() - timedelta(minutes=1),
        )
        bonus_pay(
            actor=payer,
            payee=freelancer,
            reference="contract:demo-welcome",
            amount_cents=120_00,
            key=f"demo:bonus:pending:{email}",
        )
    release_security_holds(now())


def _card(user: User) -> None:
    if not PaymentMethod.objects.filter(
        user=user, kind=PaymentMethod.Kind.CARD, removed_at__isnull=True
    ).exists():
        payment_method_add_card(actor=user, number="4242424242424242", exp_month=12, exp_year=2030, cvc="123")
