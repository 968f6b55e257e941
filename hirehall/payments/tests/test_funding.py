"""The one card-funding helper: charge once per operation key, keep the charge on any failure."""

from __future__ import annotations

import pytest

from hirehall.core.errors import DomainError
from hirehall.ledger import operations as ops
from hirehall.ledger.models import Transfer, TransferGroup
from hirehall.ledger.operations import ExternalCharge
from hirehall.ledger.tests.helpers import assert_ledger_ok, fund_wallet, make_user, snapshot, wallet_available
from hirehall.payments.funding import (
    MAX_OPERATION_KEY,
    card_charge_then,
    charge_key,
    kept_key,
    operation_key,
)
from hirehall.payments.services import escrow_fund_from
from hirehall.payments.tests.helpers import card, record_charges

pytestmark = pytest.mark.django_db


def test_operation_keys_are_deterministic_and_always_fit_the_ledger():
    assert operation_key("bonus:7", "abc-123") == "bonus:7:abc-123"
    odd = operation_key("bonus:7", "a key with spaces:and colons")
    assert odd == operation_key("bonus:7", "a key with spaces:and colons")  # no randomness
    assert odd.startswith("bonus:7:h") and " " not in odd
    long = operation_key("bonus:7", "k" * 255)
    assert long != operation_key("bonus:7", "k" * 254) and len(long) < MAX_OPERATION_KEY
    assert charge_key("bonus:7:x") == "bonus:7:x:card"
    assert kept_key("bonus:7:x") == "bonus:7:x:card-kept"


def test_any_exception_after_the_capture_keeps_the_charge_as_a_wallet_deposit(monkeypatch):
    client = make_user()
    method = card(client)
    charges = record_charges(monkeypatch)

    def broken_step(charge):
        assert charge is not None and charge.key == "op:1:card"
        raise RuntimeError("the next step crashed")

    with pytest.raises(RuntimeError):
        card_charge_then(
            actor=client, payment_method=method, amount_cents=42_00, key="op:1", then=broken_step
        )
    assert charges == [("op:1:card", 42_00)]
    assert wallet_available(client) == 42_00
    kept = TransferGroup.objects.get(key="op:1:card-kept")
    assert kept.kind == TransferGroup.Kind.DEPOSIT
    assert list(kept.transfers.values_list("key", "amount")) == [("op:1:card", 42_00)]
    assert_ledger_ok()

    # The retry does not charge again: the money is in the wallet, and the step runs without a charge.
    seen: list[ExternalCharge | None] = []

    def step(charge: ExternalCharge | None) -> int:
        seen.append(charge)
        return 7

    result = card_charge_then(actor=client, payment_method=method, amount_cents=42_00, key="op:1", then=step)
    assert (result, seen, charges) == (7, [None], [("op:1:card", 42_00)])
    assert wallet_available(client) == 42_00


def test_a_step_that_replays_without_recording_the_charge_still_leaves_it_in_the_wallet(monkeypatch):
    client = make_user()
    method = card(client)
    record_charges(monkeypatch)
    card_charge_then(actor=client, payment_method=method, amount_cents=9_00, key="op:2", then=lambda c: None)
    assert wallet_available(client) == 9_00
    assert Transfer.objects.filter(key="op:2:card").count() == 1
    assert_ledger_ok()


def test_a_charge_the_step_recorded_is_not_kept_again(monkeypatch):
    client, freelancer = make_user(), make_user()
    method = card(client)
    charges = record_charges(monkeypatch)
    group = escrow_fund_from(
        actor=client,
        payee=freelancer,
        reference="milestone:x1",
        amount_cents=100_00,
        key="fund:x1",
        payment_method=method,
    )
    assert charges == [("fund:x1:card", 105_00)]
    assert group.transfers.filter(key="fund:x1:card", code=Transfer.Code.CARD_CHARGE).exists()
    assert not TransferGroup.objects.filter(key="fund:x1:card-kept").exists()
    # A replay returns the same funding and charges nothing.
    again = escrow_fund_from(
        actor=client,
        payee=freelancer,
        reference="milestone:x1",
        amount_cents=100_00,
        key="fund:x1",
        payment_method=method,
    )
    assert again.pk == group.pk and len(charges) == 1
    assert wallet_available(client) == 0
    assert_ledger_ok()


def test_a_refused_escrow_after_the_charge_keeps_it_in_the_one_key_format(monkeypatch):
    client, freelancer = make_user(), make_user()
    method = card(client)
    fund_wallet(client, 105_00)
    ops.escrow_fund(actor=client, payee=freelancer, reference="milestone:x2", amount_cents=100_00, key="w:x2")
    charges = record_charges(monkeypatch)
    with pytest.raises(DomainError) as exc:
        escrow_fund_from(
            actor=client,
            payee=freelancer,
            reference="milestone:x2",
            amount_cents=100_00,
            key="fund:x2",
            payment_method=method,
        )
    assert exc.value.code == "escrow_already_funded"
    assert charges == [("fund:x2:card", 105_00)]
    assert TransferGroup.objects.filter(key="fund:x2:card-kept").exists()
    assert wallet_available(client) == 105_00
    assert_ledger_ok()


def test_a_declined_card_records_nothing_and_never_runs_the_step(monkeypatch):
    client = make_user()
    method = card(client, "4000000000009995")
    before = snapshot()
    ran: list[ExternalCharge | None] = []
    with pytest.raises(DomainError) as exc:
        card_charge_then(actor=client, payment_method=method, amount_cents=5_00, key="op:3", then=ran.append)
    assert exc.value.code == "card_insufficient_funds"
    assert ran == [] and snapshot() == before


@pytest.mark.parametrize(
    ("amount", "key", "code"),
    [(0, "op:4", "validation_error"), (5_00, "", "validation_error"), (5_00, "k" * 200, "validation_error")],
)
def test_bad_charges_are_refused_before_the_provider_is_asked(monkeypatch, amount, key, code):
    client = make_user()
    method = card(client)
    charges = record_charges(monkeypatch)
    with pytest.raises(DomainError) as exc:
        card_charge_then(actor=client, payment_method=method, amount_cents=amount, key=key, then=lambda c: c)
    assert exc.value.code == code and charges == []


def test_someone_elses_card_is_not_found_and_not_charged(monkeypatch):
    owner, thief = make_user(), make_user()
    method = card(owner)
    charges = record_charges(monkeypatch)
    with pytest.raises(DomainError) as exc:
        card_charge_then(actor=thief, payment_method=method, amount_cents=5_00, key="op:5", then=lambda c: c)
    assert exc.value.code == "not_found" and charges == []
