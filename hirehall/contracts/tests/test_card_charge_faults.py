"""Provider faults on a card charge taken for a purpose (milestone funding; bonuses, offers and
Connects share `payments.funding`). Found by the fault simulation (issue 16): a lost provider answer
crashed the request with a 500 and, without a retry, left the card charged with nothing in the ledger.
Now the charge has a durable intent (`CardCharge`) and `payments.finish_card_charges` finishes it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError
from django.utils import timezone

from hirehall.contracts.models import ContractMilestone, MilestoneStatus
from hirehall.contracts.services import milestone_fund
from hirehall.core.errors import DomainError
from hirehall.ledger.models import Transfer
from hirehall.ledger.selectors import balances_for
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.payments import funding
from hirehall.payments.models import CardCharge
from hirehall.payments.provider import SandboxProvider
from hirehall.payments.sweeps import finish_card_charges
from hirehall.payments.tests.helpers import card
from hirehall.proposals.testing import fixed_contract

pytestmark = pytest.mark.django_db
TOTAL = 200_00 + 10_00  # the second milestone plus its 5% marketplace fee


@pytest.fixture(autouse=True)
def _sandbox() -> Iterator[None]:
    SandboxProvider.faults.clear()
    SandboxProvider.executed.clear()
    yield
    SandboxProvider.faults.clear()
    SandboxProvider.executed.clear()


@pytest.fixture
def second(user_factory) -> ContractMilestone:
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 105_00)  # the first milestone only: the second is paid by card
    contract = fixed_contract(client, freelancer, (100_00, 200_00))
    card(client)
    return contract.milestones.get(position=2)


def _fund(milestone: ContractMilestone) -> ContractMilestone:
    client = milestone.contract.client
    method = client.payment_methods.get()
    return milestone_fund(
        actor=client, contract=milestone.contract, milestone_id=milestone.pk, payment_method=method
    )


def _later() -> Any:
    return timezone.now() + timedelta(minutes=3)


def test_a_lost_provider_answer_is_503_and_the_sweep_keeps_the_charge_in_the_wallet_once(second):
    client = second.contract.client
    SandboxProvider.faults["charge"] = "timeout"  # the card is charged, the answer never arrives
    with pytest.raises(DomainError) as refused:
        _fund(second)
    assert refused.value.code == "provider_unavailable"  # a 503 to the caller, not a 500
    key = f"escrow-fund:milestone:{second.pk}:card"
    assert SandboxProvider.executed == {f"charge:{key}": TOTAL}  # the bank has the money...
    assert CardCharge.objects.get(key=key).status == CardCharge.Status.PENDING  # ...and we know it
    assert not Transfer.objects.filter(key=key).exists()

    assert finish_card_charges(timezone.now()) == 0  # within the grace period: left to its request
    SandboxProvider.faults.clear()
    assert finish_card_charges(_later()) == 1
    assert finish_card_charges(_later()) == 0
    assert CardCharge.objects.get(key=key).status == CardCharge.Status.RECORDED
    assert Transfer.objects.get(key=key).amount == TOTAL
    assert balances_for(client).wallet_available == TOTAL  # kept in the wallet

    funded = _fund(second)  # the retry funds from the wallet, where the charge already is
    assert funded.status == MilestoneStatus.FUNDED
    assert list(SandboxProvider.executed.values()) == [TOTAL]  # charged once
    assert balances_for(client).wallet_available == 0


def test_a_provider_that_refuses_to_answer_charges_nothing_and_the_retry_funds(second):
    SandboxProvider.faults["charge"] = "error"
    with pytest.raises(DomainError) as refused:
        _fund(second)
    assert refused.value.code == "provider_unavailable"
    assert SandboxProvider.executed == {}
    SandboxProvider.faults.clear()
    assert _fund(second).status == MilestoneStatus.FUNDED
    assert list(SandboxProvider.executed.values()) == [TOTAL]
    assert CardCharge.objects.get().status == CardCharge.Status.RECORDED
    assert finish_card_charges(_later()) == 0


def test_a_charge_whose_recording_died_with_the_request_is_kept_by_the_sweep(second, monkeypatch):
    def dies(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr("hirehall.contracts.services.fixed._milestone_fund", dies)
    monkeypatch.setattr(funding, "_keep", dies)  # the connection is gone: keeping fails too
    with pytest.raises(OperationalError):
        _fund(second)
    monkeypatch.undo()
    key = f"escrow-fund:milestone:{second.pk}:card"
    assert not Transfer.objects.filter(key=key).exists()
    assert finish_card_charges(_later()) == 1
    assert Transfer.objects.get(key=key).amount == TOTAL
    assert list(SandboxProvider.executed.values()) == [TOTAL]


def test_a_declined_charge_found_by_the_sweep_is_failed_and_moves_nothing(second):
    client = second.contract.client
    method = card(client, "4000000000009995")
    CardCharge.objects.create(key="left:card", user=client, payment_method=method, amount_cents=5_00)
    assert finish_card_charges(_later()) == 1
    intent = CardCharge.objects.get(key="left:card")
    assert (intent.status, intent.failure_code) == (CardCharge.Status.FAILED, "card_insufficient_funds")
    assert SandboxProvider.executed == {}


def test_the_api_answers_503_not_500_when_the_provider_does_not_answer(second, api_client_for):
    client = second.contract.client
    SandboxProvider.faults["charge"] = "timeout"
    api = api_client_for(client)
    path = f"/api/v1/contracts/{second.contract.pk}/milestones/{second.pk}/fund"
    method = client.payment_methods.get()
    response = api.post(path, {"payment_method_id": str(method.pk)}, key="fund-503")
    assert response.status_code == 503, response.content
    assert response.json()["code"] == "provider_unavailable"
