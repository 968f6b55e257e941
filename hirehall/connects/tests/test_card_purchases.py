"""Connects bought by card go through the one funding helper: charged once per purchase key, and kept
in the wallet when the purchase fails after the charge (issue 9, item 2)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from hirehall.connects import services
from hirehall.connects.selectors import connects_balance
from hirehall.connects.services import connects_plus_subscribe, connects_purchase
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.tests.helpers import wallet_available
from hirehall.payments.tests.helpers import card, record_charges

pytestmark = pytest.mark.django_db


def crash(**kwargs):
    raise RuntimeError("the lot could not be written")  # any non-DomainError after the capture


def test_a_purchase_failing_after_the_charge_keeps_it_and_the_retry_charges_once(user_factory, monkeypatch):
    freelancer = user_factory()
    method = card(freelancer)
    charges = record_charges(monkeypatch)
    real_grant = services.connects_grant
    monkeypatch.setattr(services, "connects_grant", crash)
    with pytest.raises(RuntimeError):
        connects_purchase(actor=freelancer, quantity=40, key="buy-1", payment_method=method)
    key = f"connects-purchase:{freelancer.pk}:buy-1"
    assert charges == [(f"{key}:card", 6_00)]
    assert wallet_available(freelancer) == 6_00 and connects_balance(freelancer) == 40  # signup grant only
    assert TransferGroup.objects.filter(key=f"{key}:card-kept").exists()
    call_command("ledger_verify")

    monkeypatch.setattr(services, "connects_grant", real_grant)
    for _ in range(2):  # the retry buys from the kept charge; the next one replays
        connects_purchase(actor=freelancer, quantity=40, key="buy-1", payment_method=method)
    assert len(charges) == 1 and wallet_available(freelancer) == 0 and connects_balance(freelancer) == 80


def test_purchases_without_a_key_are_keyed_by_the_request_identity(user_factory, monkeypatch):
    freelancer = user_factory()
    method = card(freelancer)
    charges = record_charges(monkeypatch)
    connects_purchase(actor=freelancer, quantity=10, payment_method=method)
    connects_purchase(actor=freelancer, quantity=10, payment_method=method)  # a second bundle: new
    assert [k for k, _ in charges] == [
        f"connects-purchase:{freelancer.pk}:n1:10:card",
        f"connects-purchase:{freelancer.pk}:n2:10:card",
    ]
    assert connects_balance(freelancer) == 60 and wallet_available(freelancer) == 0


def test_plus_by_card_failing_after_the_charge_keeps_it(user_factory, monkeypatch):
    freelancer = user_factory()
    method = card(freelancer)
    charges = record_charges(monkeypatch)
    real_grant = services.connects_grant
    monkeypatch.setattr(services, "connects_grant", crash)
    with pytest.raises(RuntimeError):
        connects_plus_subscribe(actor=freelancer, payment_method=method)
    assert len(charges) == 1 and wallet_available(freelancer) == 14_99
    monkeypatch.setattr(services, "connects_grant", real_grant)
    connects_plus_subscribe(actor=freelancer, payment_method=method)
    assert len(charges) == 1 and wallet_available(freelancer) == 0
    call_command("ledger_verify")
