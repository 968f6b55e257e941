"""Deposits, withdrawals, escrow and bonuses are bounded by the one maximum amount (issue 9, item 3)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from hirehall.core.errors import DomainError
from hirehall.ledger.tests.helpers import make_user, snapshot
from hirehall.payments.services import bonus_pay_from, deposit_create, escrow_fund_from, withdrawal_create
from hirehall.payments.tests.helpers import bank, card, record_charges

pytestmark = pytest.mark.django_db
TOO_MUCH = 100_000_001


def test_every_payment_service_refuses_amounts_above_the_maximum(monkeypatch):
    client, freelancer = make_user(), make_user()
    method, account = card(client), bank(freelancer)
    charges = record_charges(monkeypatch)
    before = snapshot()
    calls = [
        lambda: deposit_create(actor=client, payment_method=method, amount_cents=TOO_MUCH),
        lambda: withdrawal_create(actor=freelancer, destination=account, amount_cents=TOO_MUCH, rail="bank"),
        lambda: escrow_fund_from(
            actor=client,
            payee=freelancer,
            reference="milestone:m",
            amount_cents=TOO_MUCH,
            key="f",
            payment_method=method,
        ),
        lambda: bonus_pay_from(
            actor=client,
            payee=freelancer,
            reference="contract:c",
            amount_cents=TOO_MUCH,
            key="b",
            payment_method=method,
        ),
    ]
    for call in calls:
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.code == "amount_too_large" and exc.value.status == 422
    assert charges == [] and snapshot() == before


def test_the_maximum_is_the_setting(monkeypatch):
    client = make_user()
    method = card(client)
    record_charges(monkeypatch)
    with override_settings(HIREHALL_MAX_AMOUNT_CENTS=2_00):
        with pytest.raises(DomainError) as exc:
            deposit_create(actor=client, payment_method=method, amount_cents=2_01)
        assert exc.value.code == "amount_too_large" and exc.value.detail == "The deposit is at most $2.00."
        deposit_create(actor=client, payment_method=method, amount_cents=2_00)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("250.50", "25050"), ("abc", "HIREHALL_MAX_AMOUNT must be an amount"), ("0", "must be more than 0")],
)
def test_the_maximum_comes_from_the_environment_in_dollars(value, expected):
    import os
    import subprocess
    import sys

    env = {**os.environ, "HIREHALL_MAX_AMOUNT": value, "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = (
        "import django\ndjango.setup()\n"
        "from django.conf import settings\nprint(settings.HIREHALL_MAX_AMOUNT_CENTS)"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert expected in done.stdout + done.stderr
