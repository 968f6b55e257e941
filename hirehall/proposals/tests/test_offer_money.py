"""Offers funded by card: one charge per offer key, kept on any failure; bids and milestones bounded
by the one maximum (issue 9, items 2-3)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from hirehall.core.errors import DomainError
from hirehall.jobs.testing import open_job
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.tests.helpers import snapshot, wallet_available
from hirehall.payments.tests.helpers import card, record_charges
from hirehall.proposals import services
from hirehall.proposals.models import Offer, ProposalStatus
from hirehall.proposals.services import OfferInput, offer_send
from hirehall.proposals.tests.helpers import apply, proposal_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(user_factory):
    client, freelancer = user_factory(), user_factory()
    proposal = apply(freelancer, open_job(client))
    return client, proposal, card(client)


def fixed_offer(*amounts: int, message: str = "") -> OfferInput:
    return OfferInput(
        kind="fixed",
        title="Build a data pipeline",
        milestones=tuple((f"Milestone {i}", a, None) for i, a in enumerate(amounts, start=1)),
        message=message,
    )


def crash(*args, **kwargs):
    raise RuntimeError("the offer row could not be written")  # any non-DomainError after the capture


def test_offer_failing_after_the_charge_keeps_it_and_the_same_key_charges_once(world, monkeypatch):
    client, proposal, method = world
    charges = record_charges(monkeypatch)
    real_step = services._offer_send
    monkeypatch.setattr(services, "_offer_send", crash)
    with pytest.raises(RuntimeError):
        offer_send(
            actor=client, proposal=proposal, data=fixed_offer(400_00), payment_method=method, key="o-1"
        )
    assert charges == [(f"offer:{proposal.pk}:o-1:card", 420_00)]
    assert wallet_available(client) == 420_00
    assert TransferGroup.objects.filter(key=f"offer:{proposal.pk}:o-1:card-kept").exists()
    call_command("ledger_verify")

    monkeypatch.setattr(services, "_offer_send", real_step)
    offer = offer_send(
        actor=client, proposal=proposal, data=fixed_offer(400_00), payment_method=method, key="o-1"
    )
    assert offer.escrow_reference and len(charges) == 1  # funded from the kept charge
    assert wallet_available(client) == 0


def test_offer_without_a_key_derives_one_from_the_proposal(world, monkeypatch):
    client, proposal, method = world
    charges = record_charges(monkeypatch)
    real_step = services._offer_send
    monkeypatch.setattr(services, "_offer_send", crash)
    with pytest.raises(RuntimeError):
        offer_send(actor=client, proposal=proposal, data=fixed_offer(100_00), payment_method=method)
    monkeypatch.setattr(services, "_offer_send", real_step)
    offer_send(actor=client, proposal=proposal, data=fixed_offer(100_00), payment_method=method)
    assert charges == [(f"offer:{proposal.pk}:n1:card", 105_00)]
    # An offer already made: refused before the card is asked for anything.
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OFFERED
    with pytest.raises(DomainError) as exc:
        offer_send(actor=client, proposal=proposal, data=fixed_offer(100_00), payment_method=method)
    assert exc.value.code == "invalid_state" and len(charges) == 1


@pytest.mark.postgres
def test_nul_byte_in_the_offer_message_keeps_the_charge_on_postgresql(world, monkeypatch):
    """A real non-DomainError after the capture: PostgreSQL refuses the NUL when the offer row is written."""
    client, proposal, method = world
    charges = record_charges(monkeypatch)
    with pytest.raises(Exception) as exc:
        offer_send(
            actor=client, proposal=proposal, data=fixed_offer(200_00, message="hi\x00"), payment_method=method
        )
    assert not isinstance(exc.value, DomainError)
    assert len(charges) == 1 and wallet_available(client) == 210_00
    assert not Offer.objects.exists()
    call_command("ledger_verify")


@pytest.mark.parametrize(
    "data",
    [
        fixed_offer(100_000_001),
        fixed_offer(50_00, 100_000_001),
        OfferInput(kind="hourly", title="Ongoing", hourly_rate_cents=100_000_001, weekly_limit_hours=10),
    ],
)
def test_offer_amounts_above_the_maximum_are_refused_before_any_charge(world, monkeypatch, data):
    client, proposal, method = world
    charges = record_charges(monkeypatch)
    before = snapshot()
    with pytest.raises(DomainError) as exc:
        offer_send(actor=client, proposal=proposal, data=data, payment_method=method)
    assert exc.value.code == "amount_too_large" and exc.value.status == 422
    assert charges == [] and snapshot() == before and not Offer.objects.exists()


def test_proposal_bids_and_milestones_above_the_maximum_are_refused(user_factory):
    client, freelancer = user_factory(), user_factory()
    job = open_job(client)
    for overrides in (
        {"bid_cents": 100_000_001},
        {"bid_cents": 100_000_005, "milestones": [("a", 5_00), ("b", 100_000_000)]},
    ):
        with pytest.raises(DomainError) as exc:
            services.proposal_submit(actor=freelancer, job=job, data=proposal_input(job, **overrides))
        assert exc.value.code == "amount_too_large"
    services.proposal_submit(actor=freelancer, job=job, data=proposal_input(job, bid_cents=100_000_000))
