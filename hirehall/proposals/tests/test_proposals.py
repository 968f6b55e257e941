from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from hirehall.connects.selectors import connects_balance
from hirehall.connects.verify import verify_connects
from hirehall.contracts.models import Contract
from hirehall.core.errors import DomainError
from hirehall.core.sweeps_registry import run_sweeps
from hirehall.jobs.models import JobStatus
from hirehall.jobs.services import job_close, job_remove
from hirehall.jobs.testing import open_job
from hirehall.ledger.selectors import escrow_state
from hirehall.ledger.tests.helpers import assert_ledger_ok, fund_wallet, wallet_available
from hirehall.messaging.testing import say
from hirehall.proposals.models import Proposal, ProposalStatus
from hirehall.proposals.services import (
    OfferInput,
    invitation_decline,
    invitation_send,
    offer_accept,
    offer_decline,
    offer_request_changes,
    offer_send,
    offer_withdraw,
    proposal_decline,
    proposal_shortlist,
    proposal_submit,
    proposal_withdraw,
)
from hirehall.proposals.tests.helpers import apply, proposal_input

pytestmark = pytest.mark.django_db
START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def sweep() -> None:
    results = run_sweeps(timezone.now())
    assert all(r.error is None for r in results), results


def fixed_offer(amounts=(300_00, 700_00)) -> OfferInput:
    return OfferInput(
        kind="fixed",
        title="Data pipeline",
        milestones=tuple((f"Part {i}", a, None) for i, a in enumerate(amounts, start=1)),
    )


def test_submit_spends_connects_atomically(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    job = open_job(client, fixed_cents=1_000_00)  # 6 Connects
    proposal = apply(freelancer, job)
    assert proposal.connects_spent == 6 and connects_balance(freelancer) == 34
    job.refresh_from_db()
    assert job.proposal_count == 1
    with pytest.raises(DomainError) as exc:
        apply(freelancer, job)
    assert exc.value.code == "already_applied"
    assert connects_balance(freelancer) == 34


def test_not_enough_connects_creates_nothing(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    job = open_job(client, fixed_cents=9_000_00)  # 8
    with pytest.raises(DomainError) as exc:
        apply(freelancer, job, boost=33)
    assert exc.value.code == "insufficient_connects"
    assert not Proposal.objects.exists() and connects_balance(freelancer) == 40


def test_every_screening_answer_is_required(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    job = open_job(client, questions=["Which ETL tools?", "Timezone?"])
    first, second = job.questions.all()
    with pytest.raises(DomainError) as exc:
        apply(freelancer, job, answers={first.pk: "Airflow", second.pk: "  "})
    assert exc.value.code == "screening_answers_required"
    assert exc.value.extra["missing_questions"] == [2]
    assert not Proposal.objects.exists()
    apply(freelancer, job, answers={first.pk: "Airflow", second.pk: "UTC+1"})


def test_minimum_bids_and_milestone_plan(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    hourly = open_job(client, budget_type="hourly", hourly_min_cents=10_00, hourly_max_cents=20_00)
    with pytest.raises(DomainError) as exc:
        apply(freelancer, hourly, bid_cents=2_99)
    assert exc.value.code == "rate_below_minimum"
    fixed = open_job(client)
    with pytest.raises(DomainError):
        apply(freelancer, fixed, bid_cents=900_00, milestones=[("a", 400_00), ("b", 400_00)])
    with pytest.raises(DomainError):
        apply(freelancer, fixed, bid_cents=900_00, milestones=[("a", 4_99), ("b", 895_01)])
    proposal = apply(freelancer, fixed, bid_cents=900_00, milestones=[("a", 400_00), ("b", 500_00)])
    assert [m.amount_cents for m in proposal.milestones.all()] == [400_00, 500_00]


def test_withdraw_and_decline_return_nothing(user_factory) -> None:
    client, a, b = user_factory(), user_factory(), user_factory()
    job = open_job(client)
    pa, pb = apply(a, job), apply(b, job)
    proposal_withdraw(actor=a, proposal=pa)
    proposal_decline(actor=client, proposal=pb, reason="Looking for more experience")
    job_close(actor=client, job=job, reason="cancelled")  # closed without a hire…
    assert connects_balance(a) == 34 and connects_balance(b) == 34  # …but these are not returned


@pytest.mark.parametrize("how", ["cancelled", "filled_without_hire", "removed", "expired"])
def test_connects_returned_when_job_ends_without_hire(user_factory, staff_user, how) -> None:
    client, freelancer = user_factory(), user_factory()
    with time_machine.travel(START, tick=False) as traveller:
        job = open_job(client)
        proposal = apply(freelancer, job, boost=5)
        assert connects_balance(freelancer) == 29
        if how == "cancelled":
            job_close(actor=client, job=job, reason="cancelled")
        elif how == "filled_without_hire":
            job_close(actor=client, job=job, reason="filled")
        elif how == "removed":
            job_remove(actor=staff_user, job=job, note="spam")
        else:
            traveller.move_to(START + timedelta(days=30))
            sweep()
        assert connects_balance(freelancer) == 40
        assert verify_connects() == []
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.CLOSED and proposal.connects_refunded
        sweep()
        assert connects_balance(freelancer) == 40
        assert verify_connects() == []


def test_someone_else_hired_returns_nothing(user_factory) -> None:
    client, winner, loser = user_factory(), user_factory(), user_factory()
    fund_wallet(client, 2_000_00)
    job = open_job(client)
    pw, pl = apply(winner, job), apply(loser, job)
    offer = offer_send(actor=client, proposal=pw, data=fixed_offer())
    offer_accept(actor=winner, offer=offer)
    job.refresh_from_db()
    pl.refresh_from_db()
    assert job.status == JobStatus.CLOSED and job.close_reason == "filled"
    assert pl.status == ProposalStatus.CLOSED and not pl.connects_refunded
    assert connects_balance(loser) == 34


def test_invitation_is_free_and_can_be_declined(user_factory) -> None:
    client, invited, other = user_factory(), user_factory(), user_factory()
    job = open_job(client, visibility="invite_only")
    with pytest.raises(DomainError) as exc:
        apply(other, job)
    assert exc.value.code == "not_found"
    invitation = invitation_send(actor=client, job=job, freelancer=invited, message="Saw your profile")
    proposal = proposal_submit(actor=invited, job=job, data=proposal_input(job), invitation=invitation)
    assert proposal.connects_spent == 0 and connects_balance(invited) == 40
    second = invitation_send(actor=client, job=open_job(client), freelancer=other)
    invitation_decline(actor=other, invitation=second, reason="too_busy")
    second.refresh_from_db()
    assert second.status == "declined" and second.decline_reason == "too_busy"


def test_fixed_offer_funds_first_milestone_and_refunds_on_decline(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    job = open_job(client)
    proposal = apply(freelancer, job)
    with pytest.raises(DomainError) as exc:
        offer_send(actor=client, proposal=proposal, data=fixed_offer())
    assert exc.value.code == "insufficient_funds"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    fund_wallet(client, 1_000_00)
    before = wallet_available(client)
    with pytest.raises(DomainError):
        offer_send(actor=client, proposal=proposal, data=fixed_offer((4_99, 995_01)))
    offer = offer_send(actor=client, proposal=proposal, data=fixed_offer())
    assert escrow_state(offer.escrow_reference).held == 300_00
    assert wallet_available(client) < before
    offer_request_changes(actor=freelancer, offer=offer, note="Split part 2")
    offer_decline(actor=freelancer, offer=offer, reason="Scope changed")
    assert wallet_available(client) == before
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SHORTLISTED
    offer = offer_send(actor=client, proposal=proposal, data=fixed_offer())
    offer_withdraw(actor=client, offer=offer)
    assert wallet_available(client) == before
    assert_ledger_ok()


def test_hourly_offer_accept_creates_contract(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    job = open_job(
        client, budget_type="hourly", hourly_min_cents=30_00, hourly_max_cents=50_00, hires_wanted=2
    )
    proposal = apply(freelancer, job, bid_cents=45_00)
    proposal_shortlist(actor=client, proposal=proposal)
    say(client, proposal, "Can you start Monday?")
    say(freelancer, proposal, "Yes.")
    offer = offer_send(
        actor=client,
        proposal=proposal,
        data=OfferInput(
            kind="hourly",
            title="Pipeline",
            hourly_rate_cents=45_00,
            weekly_limit_hours=20,
            manual_time_allowed=True,
            is_trial=True,
        ),
    )
    contract = offer_accept(actor=freelancer, offer=offer)
    assert isinstance(contract, Contract)
    assert (contract.hourly_rate_cents, contract.weekly_limit_hours, contract.is_trial) == (45_00, 20, True)
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN and job.hires_count == 1  # two wanted
    with pytest.raises(DomainError):
        offer_accept(actor=freelancer, offer=offer)


def test_freelancer_speaks_after_the_client(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    proposal = apply(freelancer, open_job(client))
    with pytest.raises(DomainError):
        say(freelancer, proposal, "Hello?")


def test_invite_page_refusals_are_messages_and_others_jobs_are_404(user_factory, client) -> None:
    """The web's one refusal policy (core.web.refusals) on the invite form."""
    owner, stranger = user_factory(), user_factory()
    job = open_job(owner)
    client.force_login(owner)
    # An email that names no freelancer is the client's typo: a message on the review page.
    response = client.post(f"/jobs/{job.pk}/invite/", {"freelancer_email": "nobody@example.com"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/jobs/{job.pk}/proposals/"
    assert "No freelancer with that email." in [str(m) for m in response.context["messages"]]
    client.force_login(stranger)
    assert client.post(f"/jobs/{job.pk}/invite/", {"freelancer_email": owner.email}).status_code == 404
