"""The payment-provider interface and the built-in sandbox provider (DESIGN §6).

Real providers are adapters implementing `PaymentProvider`; `settings.HIREHALL_PAYMENT_PROVIDER`
names the class. Provider calls are network calls: services make them outside any database
transaction that holds a lock.

Sandbox test data (like card processors' test modes):

| number / account                      | behaviour                                   |
|---------------------------------------|---------------------------------------------|
| card 4242 4242 4242 4242              | always succeeds                             |
| card 5555 5555 5555 4444              | always succeeds (Mastercard)                |
| card 4000 0000 0000 0002              | always declined (refused when saved)        |
| card 4000 0000 0000 9995              | saves, but charges fail: insufficient funds |
| bank routing 110000000 acct 000123456789 | payouts succeed                          |
| bank routing 110000000 acct 000111111116 | payouts fail (no such account)           |
| debit card 4000 0566 5566 5556        | instant payouts succeed                     |

Like real providers, a charge or payout is idempotent by its key: the same key answers with the same
reference and moves the money once. Fault mode (tests, `make test-deep`): `SandboxProvider.faults`
maps an operation ("charge", "payout") to "error" (refused before anything happens) or "timeout"
(the money moved, the answer is lost): both raise `ProviderError`; docs/reliability.md.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from hirehall.core.errors import DomainError


class ProviderError(Exception):
    """The provider could not be reached or did not answer: whether the money moved is unknown.
    The caller leaves its intent row pending; a retry or the sweep asks again under the same key."""


@dataclass(frozen=True)
class Tokenized:
    token: str
    brand: str
    last4: str


@dataclass(frozen=True)
class ProviderResult:
    ok: bool
    provider_ref: str = ""
    failure_code: str = ""  # one of our error codes: card_declined, card_insufficient_funds, payout_failed


class PaymentProvider(Protocol):
    name: str

    def tokenize_card(self, *, number: str, exp_month: int, exp_year: int, cvc: str) -> Tokenized: ...

    def verify_card(self, *, token: str) -> ProviderResult: ...

    def charge(
        self, *, token: str, amount_cents: int, currency: str, idempotency_key: str
    ) -> ProviderResult: ...

    def tokenize_bank_account(self, *, routing_number: str, account_number: str) -> Tokenized: ...

    def payout(
        self, *, token: str, amount_cents: int, currency: str, rail: str, idempotency_key: str
    ) -> ProviderResult: ...


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number]
    checksum = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        checksum += d
    return checksum % 10 == 0


class SandboxProvider:
    """Deterministic: the behaviour travels inside the token, so any process can honour it."""

    name = "sandbox"
    CARDS = {
        "4242424242424242": ("Visa", "ok"),
        "5555555555554444": ("Mastercard", "ok"),
        "4000000000000002": ("Visa", "declined"),
        "4000000000009995": ("Visa", "nsf"),
        "4000056655665556": ("Visa Debit", "ok"),
    }
    ROUTING = "110000000"
    BANK_ACCOUNTS = {"000123456789": "ok", "000111111116": "fail"}
    # Test hooks, process-wide: the fault to inject per operation, and what the "bank" really did
    # (key -> amount), so a test can tell a lost answer from money never moved.
    faults: dict[str, str] = {}
    executed: dict[str, int] = {}

    @classmethod
    def _fault(cls, operation: str, stage: str) -> None:
        if cls.faults.get(operation) == stage:
            raise ProviderError(f"sandbox {operation}: injected {stage}")

    @classmethod
    def _execute(cls, operation: str, prefix: str, key: str, amount_cents: int) -> ProviderResult:
        cls.executed.setdefault(f"{operation}:{key}", amount_cents)
        return ProviderResult(True, provider_ref=f"{prefix}_{hashlib.sha256(key.encode()).hexdigest()[:20]}")

    def charge(self, *, token: str, amount_cents: int, currency: str, idempotency_key: str) -> ProviderResult:
        self._fault("charge", "error")
        result = self._charge(token=token, amount_cents=amount_cents, idempotency_key=idempotency_key)
        self._fault("charge", "timeout")  # decided (charged or declined), but the answer is lost
        return result

    def payout(
        self, *, token: str, amount_cents: int, currency: str, rail: str, idempotency_key: str
    ) -> ProviderResult:
        self._fault("payout", "error")
        result = self._payout(token=token, amount_cents=amount_cents, idempotency_key=idempotency_key)
        self._fault("payout", "timeout")
        return result

    def tokenize_card(self, *, number: str, exp_month: int, exp_year: int, cvc: str) -> Tokenized:
        digits = "".join(c for c in number if c.isdigit())
        if len(digits) < 12 or not luhn_ok(digits):
            raise DomainError("invalid_card", "That card number is not valid.")
        if not (1 <= exp_month <= 12) or exp_year < 2000:
            raise DomainError("invalid_card", "Check the card's expiry date.")
        if not (cvc.isdigit() and len(cvc) in (3, 4)):
            raise DomainError("invalid_card", "The security code is 3 or 4 digits.")
        if digits not in self.CARDS:
            raise DomainError(
                "invalid_card", "The sandbox accepts its test cards only, e.g. 4242 4242 4242 4242."
            )
        brand, behaviour = self.CARDS[digits]
        return Tokenized(f"sbx_card_{behaviour}_{secrets.token_hex(8)}", brand, digits[-4:])

    def verify_card(self, *, token: str) -> ProviderResult:
        if "_declined_" in token:
            return ProviderResult(False, failure_code="card_declined")
        return ProviderResult(True, provider_ref=f"sbx_auth_{secrets.token_hex(8)}")

    def _charge(self, *, token: str, amount_cents: int, idempotency_key: str) -> ProviderResult:
        if amount_cents <= 0:
            raise DomainError("validation_error", "charge amount must be positive")
        if "_declined_" in token:
            return ProviderResult(False, failure_code="card_declined")
        if "_nsf_" in token:
            return ProviderResult(False, failure_code="card_insufficient_funds")
        if not token.startswith("sbx_card_ok_"):
            return ProviderResult(False, failure_code="card_declined")
        return self._execute("charge", "sbx_ch", idempotency_key, amount_cents)

    def tokenize_bank_account(self, *, routing_number: str, account_number: str) -> Tokenized:
        routing, account = routing_number.strip(), account_number.strip()
        if routing != self.ROUTING or account not in self.BANK_ACCOUNTS:
            raise DomainError(
                "validation_error",
                f"The sandbox accepts routing {self.ROUTING} with account 000123456789 (succeeds) "
                "or 000111111116 (payouts fail).",
            )
        behaviour = self.BANK_ACCOUNTS[account]
        return Tokenized(f"sbx_bank_{behaviour}_{secrets.token_hex(8)}", "Bank account", account[-4:])

    def _payout(self, *, token: str, amount_cents: int, idempotency_key: str) -> ProviderResult:
        if amount_cents <= 0:
            raise DomainError("validation_error", "payout amount must be positive")
        if token.startswith(("sbx_bank_ok_", "sbx_card_ok_")):
            return self._execute("payout", "sbx_po", idempotency_key, amount_cents)
        return ProviderResult(False, failure_code="payout_failed")


def get_provider() -> PaymentProvider:
    path = getattr(settings, "HIREHALL_PAYMENT_PROVIDER", "hirehall.payments.provider.SandboxProvider")
    provider: PaymentProvider = import_string(path)()
    return provider
