"""DESIGN §4's boost auction: the worked example, ties, interactions, and how it closes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from hirehall.connects.selectors import connects_balance
from hirehall.connects.verify import verify_connects
from hirehall.core.sweeps_registry import run_sweeps
from hirehall.jobs.testing import open_job
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.messaging.testing import say
from hirehall.proposals import boosts
from hirehall.proposals.models import BoostState, Proposal
from hirehall.proposals.selectors import proposals_for_review
from hirehall.proposals.services import (
    OfferInput,
    offer_accept,
    offer_send,
    proposal_archive,
    proposal_mark_viewed,
)
from hirehall.proposals.tests.helpers import apply

pytestmark = pytest.mark.django_db
START = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def sweep() -> None:
    results = run_sweeps(timezone.now())
    assert all(r.error is None for r in results), results


def bidders(user_factory, job, bids, traveller):
    out = {}
    for i, (name, bid) in enumerate(bids):
        traveller.move_to(START + timedelta(minutes=i + 1))
        freelancer = user_factory()
        out[name] = (freelancer, apply(freelancer, job, boost=bid))
    return out


@pytest.fixture(autouse=True)
def _rich_connects(monkeypatch):
    # Bids of 50 + cost 8 exceed the 40 sign-up Connects: start everyone with 100.
    from hirehall.connects import policy

    monkeypatch.setattr(policy, "SIGNUP_GRANT", 100)


def test_design_example(user_factory) -> None:
    """Cost 8; A 50, B 40, C 25, D 20, E 10 → A..D pay 8 + bid; E pays 8 and gets 10 back."""
    with time_machine.travel(START, tick=False) as traveller:
        client = user_factory()
        job = open_job(client, fixed_cents=6_000_00)
        assert job.connects_required == 8
        people = bidders(
            user_factory, job, [("A", 50), ("B", 40), ("C", 25), ("D", 20), ("E", 10)], traveller
        )
        ids = {name: p.pk for name, (_, p) in people.items()}
        assert boosts.top_slots(job.pk) == [ids["A"], ids["B"], ids["C"], ids["D"]]
        # The client's list: the four boosted slots first, marked.
        review = proposals_for_review(client, job)
        assert [r.proposal.pk for r in review[:4]] == [ids["A"], ids["B"], ids["C"], ids["D"]]
        assert all(r.boosted for r in review[:4]) and not review[4].boosted
        traveller.move_to(START + timedelta(days=7))
        sweep()
        sweep()
        states = dict(Proposal.objects.values_list("pk", "boost_state"))
        assert states[ids["A"]] == BoostState.WON and states[ids["E"]] == BoostState.REFUNDED
        spent = {name: 100 - connects_balance(f) for name, (f, _) in people.items()}
        assert spent == {"A": 58, "B": 48, "C": 33, "D": 28, "E": 8}
        assert verify_connects() == []


def test_ties_go_to_the_earlier_bid(user_factory) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        job = open_job(user_factory())
        people = bidders(
            user_factory, job, [("P", 20), ("Q", 20), ("R", 20), ("S", 20), ("T", 20)], traveller
        )
        ids = {name: p.pk for name, (_, p) in people.items()}
        assert boosts.top_slots(job.pk) == [ids["P"], ids["Q"], ids["R"], ids["S"]]
        traveller.move_to(START + timedelta(days=7, minutes=1))
        sweep()
        assert 100 - connects_balance(people["T"][0]) == 6  # the latest equal bid is refunded


def test_interaction_while_boosted_charges_even_if_outbid_later(user_factory) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = user_factory()
        job = open_job(client)
        people = bidders(user_factory, job, [("A", 5), ("B", 4), ("C", 3), ("D", 2)], traveller)
        _, d = people["D"]
        proposal_mark_viewed(actor=client, proposal=d)  # D is in slot 4 when the client opens it
        later = bidders(user_factory, job, [("E", 9)], traveller)
        _, c = people["C"]
        assert c.pk in boosts.top_slots(job.pk) and d.pk not in boosts.top_slots(job.pk)
        traveller.move_to(START + timedelta(days=7, minutes=1))
        sweep()
        assert 100 - connects_balance(people["D"][0]) == 6 + 2  # interacted while boosted: pays
        assert 100 - connects_balance(later["E"][0]) == 6 + 9


def test_interaction_outside_the_slots_does_not_charge(user_factory) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = user_factory()
        job = open_job(client)
        people = bidders(user_factory, job, [("A", 5), ("B", 4), ("C", 3), ("D", 2), ("E", 1)], traveller)
        freelancer, e = people["E"]
        proposal_archive(actor=client, proposal=e)  # E never held a slot
        say(client, people["A"][1], "Hi")
        traveller.move_to(START + timedelta(days=7, minutes=1))
        sweep()
        assert 100 - connects_balance(freelancer) == 6


def test_first_hire_closes_the_auction(user_factory) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = user_factory()
        fund_wallet(client, 1_000_00)
        job = open_job(client, hires_wanted=3)
        people = bidders(user_factory, job, [("A", 5), ("B", 4), ("C", 3), ("D", 2), ("E", 1)], traveller)
        traveller.move_to(START + timedelta(days=2))
        offer = offer_send(
            actor=client,
            proposal=people["B"][1],
            data=OfferInput(kind="fixed", title="x", milestones=(("all", 100_00, None),)),
        )
        offer_accept(actor=people["B"][0], offer=offer)
        job.refresh_from_db()
        assert job.boost_closed_at == START + timedelta(days=2)
        assert 100 - connects_balance(people["E"][0]) == 6  # outbid: boost back at the first hire
        assert 100 - connects_balance(people["A"][0]) == 11
