"""Money paths of fixed-price contracts: card funding kept on any failure, bonuses in one transaction,
and the one maximum amount (issue 9, items 1-3)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from hirehall.contracts.models import ContractEvent, MilestoneStatus
from hirehall.contracts.services import bonus_send, milestone_add, milestone_edit, milestone_fund
from hirehall.contracts.services import fixed as fixed_services
from hirehall.core.errors import DomainError
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.tests.helpers import fund_wallet, snapshot, wallet_available
from hirehall.payments.tests.helpers import card, record_charges
from hirehall.proposals.testing import fixed_contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(user_factory):
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 315_00)  # the first milestone ($300) and its 5% fee, funded with the offer
    contract = fixed_contract(client, freelancer, (300_00, 700_00))
    return client, freelancer, contract, card(client)


def second(contract):
    return contract.milestones.get(position=2)


def test_milestone_funding_failing_after_the_charge_keeps_it_and_a_retry_charges_once(world, monkeypatch):
    client, _freelancer, contract, method = world
    m2 = second(contract)
    charges = record_charges(monkeypatch)
    real_step = fixed_services._milestone_fund

    def crash(*args, **kwargs):
        raise RuntimeError("integer out of range")  # any non-DomainError after the capture

    monkeypatch.setattr(fixed_services, "_milestone_fund", crash)
    with pytest.raises(RuntimeError):
        milestone_fund(actor=client, contract=contract, milestone_id=m2.pk, payment_method=method)
    key = f"escrow-fund:milestone:{m2.pk}"
    assert charges == [(f"{key}:card", 735_00)]
    assert wallet_available(client) == 735_00  # the charge is the client's, in the wallet
    assert TransferGroup.objects.filter(key=f"{key}:card-kept").exists()
    call_command("ledger_verify")  # exits non-zero on any problem

    monkeypatch.setattr(fixed_services, "_milestone_fund", real_step)
    funded = milestone_fund(actor=client, contract=contract, milestone_id=m2.pk, payment_method=method)
    assert funded.status == MilestoneStatus.FUNDED
    assert len(charges) == 1  # the retry used the kept charge, not the card
    assert wallet_available(client) == 0

    with pytest.raises(DomainError) as exc:  # funded already: refused before any charge
        milestone_fund(actor=client, contract=contract, milestone_id=m2.pk, payment_method=method)
    assert exc.value.code == "invalid_state" and len(charges) == 1


def test_milestone_funding_by_card_records_the_charge_once(world, monkeypatch):
    client, _freelancer, contract, method = world
    m2 = second(contract)
    charges = record_charges(monkeypatch)
    milestone_fund(actor=client, contract=contract, milestone_id=m2.pk, payment_method=method)
    assert charges == [(f"escrow-fund:milestone:{m2.pk}:card", 735_00)]
    assert wallet_available(client) == 0
    assert not TransferGroup.objects.filter(key__endswith=":card-kept").exists()


def test_freelancer_cannot_fund_and_is_never_charged(world, monkeypatch):
    _client, freelancer, contract, _method = world
    own = card(freelancer)
    charges = record_charges(monkeypatch)
    with pytest.raises(DomainError) as exc:
        milestone_fund(
            actor=freelancer, contract=contract, milestone_id=second(contract).pk, payment_method=own
        )
    assert exc.value.code == "permission_denied" and charges == []


# --- bonuses -------------------------------------------------------------------------------------
def bonus_events(contract):
    return list(ContractEvent.objects.filter(contract=contract, kind="bonus"))


@pytest.mark.parametrize(
    ("note", "amount", "code"),
    [
        ("thanks\x00", 50_00, "validation_error"),  # PostgreSQL refuses NUL in text
        ("x" * 201, 50_00, "validation_error"),
        ("thanks", 99, "validation_error"),
        ("thanks", 100_000_001, "amount_too_large"),
    ],
)
def test_a_refused_bonus_moves_no_money_and_writes_no_event(world, monkeypatch, note, amount, code):
    client, _freelancer, contract, method = world
    fund_wallet(client, 100_00)
    charges = record_charges(monkeypatch)
    before = snapshot()
    for payment_method in (None, method):
        with pytest.raises(DomainError) as exc:
            bonus_send(
                actor=client, contract=contract, amount_cents=amount, note=note, payment_method=payment_method
            )
        assert exc.value.code == code
    assert snapshot() == before and charges == [] and bonus_events(contract) == []


def test_bonus_payment_and_event_commit_together(world, monkeypatch):
    """The timeline write fails after the payment was computed: nothing of the bonus is left."""
    client, _freelancer, contract, _method = world
    fund_wallet(client, 105_00)
    real_event = fixed_services.event

    def event_fails(contract, kind, *args, **kwargs):
        if kind == "bonus":
            raise RuntimeError("the database refused the event row")
        return real_event(contract, kind, *args, **kwargs)

    before = snapshot()
    monkeypatch.setattr(fixed_services, "event", event_fails)
    with pytest.raises(RuntimeError):
        bonus_send(actor=client, contract=contract, amount_cents=100_00, note="great", key="b-1")
    assert snapshot() == before and bonus_events(contract) == []

    monkeypatch.setattr(fixed_services, "event", real_event)
    for _ in range(2):  # the retry pays; a second retry with the same key pays nothing more
        bonus_send(actor=client, contract=contract, amount_cents=100_00, note="great", key="b-1")
    assert wallet_available(client) == 0
    assert TransferGroup.objects.filter(kind=TransferGroup.Kind.BONUS).count() == 1
    assert [e.amount_cents for e in bonus_events(contract)] == [100_00]


def test_card_bonus_failing_after_the_charge_is_kept_and_paid_once_on_retry(world, monkeypatch):
    client, _freelancer, contract, method = world
    charges = record_charges(monkeypatch)
    real_event = fixed_services.event

    def event_fails(contract, kind, *args, **kwargs):
        raise RuntimeError("the database refused the event row")

    monkeypatch.setattr(fixed_services, "event", event_fails)
    with pytest.raises(RuntimeError):
        bonus_send(actor=client, contract=contract, amount_cents=100_00, payment_method=method)
    assert charges == [(f"bonus:{contract.pk}:n1:10000:card", 105_00)]
    assert wallet_available(client) == 105_00 and bonus_events(contract) == []
    call_command("ledger_verify")

    monkeypatch.setattr(fixed_services, "event", real_event)
    bonus_send(actor=client, contract=contract, amount_cents=100_00, payment_method=method)
    assert len(charges) == 1 and wallet_available(client) == 0
    assert len(bonus_events(contract)) == 1
    # Without a key, a bonus sent after a paid one is a new bonus (and a new charge).
    bonus_send(actor=client, contract=contract, amount_cents=100_00, payment_method=method)
    assert charges[1] == (f"bonus:{contract.pk}:n2:10000:card", 105_00)
    assert len(bonus_events(contract)) == 2


def test_a_bonus_key_reused_for_another_amount_is_refused(world):
    client, _freelancer, contract, _method = world
    fund_wallet(client, 300_00)
    bonus_send(actor=client, contract=contract, amount_cents=100_00, key="same")
    before = snapshot()
    with pytest.raises(DomainError) as exc:
        bonus_send(actor=client, contract=contract, amount_cents=150_00, key="same")
    assert exc.value.code == "idempotency_key_reused" and snapshot() == before


def test_bonus_with_a_nul_note_through_the_api_is_422_and_a_retry_pays_once(world, api_client_for):
    client, _freelancer, contract, _method = world
    fund_wallet(client, 105_00)
    api = api_client_for(client)
    before = snapshot()
    refused = api.post(f"/api/v1/contracts/{contract.pk}/bonuses", {"amount": "100.00", "note": "thanks\x00"})
    # NUL bytes are refused in one shared place, before any handler runs (core/request_guard.py).
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_characters"
    assert snapshot() == before and bonus_events(contract) == []
    for _ in range(2):
        ok = api.post(
            f"/api/v1/contracts/{contract.pk}/bonuses",
            {"amount": "100.00", "note": "thanks"},
            {"Idempotency-Key": "k1"},
        )
        assert ok.status_code == 201
    assert wallet_available(client) == 0 and len(bonus_events(contract)) == 1


# --- the one maximum -----------------------------------------------------------------------------
def test_contract_milestones_are_bounded_by_the_one_maximum(world):
    client, _freelancer, contract, _method = world
    with pytest.raises(DomainError) as exc:
        milestone_add(actor=client, contract=contract, description="Huge", amount_cents=100_000_001)
    assert exc.value.code == "amount_too_large" and exc.value.status == 422
    with pytest.raises(DomainError) as exc:
        milestone_edit(actor=client, contract=contract, milestone_id=second(contract).pk, amount_cents=2**40)
    assert exc.value.code == "amount_too_large"
    added = milestone_add(actor=client, contract=contract, description="Largest", amount_cents=100_000_000)
    assert added.amount_cents == 100_000_000
    with override_settings(HIREHALL_MAX_AMOUNT_CENTS=50_000_00):
        with pytest.raises(DomainError) as exc:
            milestone_add(actor=client, contract=contract, description="Too much", amount_cents=50_000_01)
        assert exc.value.code == "amount_too_large" and exc.value.extra["maximum"] == "50000.00"
