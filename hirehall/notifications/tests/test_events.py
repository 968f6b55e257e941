"""Every event that exists today notifies the right user (DESIGN §10), through the one service.

Each test drives the real services (as production does) and reads the stored notifications; the
email side of every kind and channel is covered in test_service.py. Apps above notifications are
imported here: test code may (hirehall/core/tests/test_layers.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from hirehall.contracts.models import Invoice
from hirehall.contracts.services import (
    bonus_send,
    contract_end,
    milestone_approve,
    milestone_fund,
    milestone_request_changes,
    milestone_submit,
    refund_request_accept,
    refund_request_create,
)
from hirehall.contracts.services.disputes import (
    fixed_dispute_decide,
    fixed_dispute_respond,
    hourly_dispute_open,
    milestone_dispute_open,
)
from hirehall.contracts.tests.helpers import sweep, track, verified_parties
from hirehall.jobs.services import job_close, saved_search_create
from hirehall.jobs.testing import open_job
from hirehall.ledger.tests.helpers import fund_wallet
from hirehall.notifications.models import EmailState, Notification
from hirehall.notifications.services import notification_preferences_set
from hirehall.proposals.models import Offer, Proposal
from hirehall.proposals.services import (
    OfferInput,
    ProposalInput,
    invitation_send,
    offer_decline,
    offer_send,
    offer_withdraw,
    proposal_mark_viewed,
    proposal_submit,
)
from hirehall.proposals.testing import fixed_contract, hourly_contract

pytestmark = pytest.mark.django_db
T0 = datetime(2024, 2, 26, 9, 0, tzinfo=UTC)


def told(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind).order_by("pk"))


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


@pytest.fixture
def parties(user_factory):
    client, freelancer = user_factory("client@example.com"), user_factory("freelancer@example.com")
    fund_wallet(client, 5_000_00)
    return client, freelancer


def _apply(client, freelancer, **fields):
    job = open_job(client, **fields)
    return proposal_submit(
        actor=freelancer,
        job=job,
        data=ProposalInput(
            cover_letter="I can do this.",
            bid_cents=900_00,
            duration="1to3",
            answers={q.pk: "Yes" for q in job.questions.all()},
            milestones=[],
            boost=0,
        ),
    )


def _offer(client, proposal) -> Offer:
    data = OfferInput(kind="fixed", title="Pipeline", milestones=(("M1", 300_00, None),))
    return offer_send(actor=client, proposal=proposal, data=data)


# --- Connects --------------------------------------------------------------------------------------
def test_a_new_freelancer_hears_about_the_welcome_connects() -> None:
    from hirehall.core.testing import make_user

    freelancer = make_user("new@example.com")
    [row] = told(freelancer, "connects_granted")
    assert row.title == "40 Connects added: Welcome Connects" and row.url == "/connects/"
    client_only = make_user("hire@example.com", freelancer=False)
    assert told(client_only, "connects_granted") == []


def test_the_monthly_grant_is_told(user_factory) -> None:
    from hirehall.connects.models import ConnectsAccount
    from hirehall.core.sweeps_registry import run_sweeps

    freelancer = user_factory()
    cycle = ConnectsAccount.objects.get(user=freelancer).next_cycle_at
    run_sweeps(cycle, only="connects.monthly_cycle")
    [row] = told(freelancer, "connects_granted")
    assert row.title == "10 Connects added: Monthly free Connects"


def test_connects_returned_when_the_job_closes_without_a_hire(parties) -> None:
    client, freelancer = parties
    proposal = _apply(client, freelancer)
    assert told(freelancer, "connects_returned") == []
    job_close(actor=client, job=proposal.job, reason="cancelled")
    [row] = told(freelancer, "connects_returned")
    assert row.title.endswith("Connects returned") and told(client, "connects_returned") == []


# --- proposals and offers ---------------------------------------------------------------------------
def test_proposal_received_and_viewed_once(parties) -> None:
    client, freelancer = parties
    proposal = _apply(client, freelancer, title="Data pipeline")
    [received] = told(client, "proposal_received")
    assert received.title == "New proposal on “Data pipeline”"
    assert received.url == f"/proposals/{proposal.pk}/"
    proposal_mark_viewed(actor=client, proposal=proposal)
    proposal_mark_viewed(actor=client, proposal=proposal)  # only the first view is news
    [viewed] = told(freelancer, "proposal_viewed")
    assert viewed.ref == f"proposal:{proposal.pk}" and told(client, "proposal_viewed") == []


def test_invitation_received(parties) -> None:
    client, freelancer = parties
    job = open_job(client, title="Invite only work")
    invitation_send(actor=client, job=job, freelancer=freelancer, message="Interested?")
    [row] = told(freelancer, "invitation_received")
    assert "Invite only work" in row.title and row.body == "Interested?" and row.url == f"/jobs/{job.pk}/"


def test_offer_received_declined_and_withdrawn(parties) -> None:
    client, freelancer = parties
    proposal = _apply(client, freelancer)
    offer = _offer(client, proposal)
    [received] = told(freelancer, "offer_received")
    assert received.url == f"/offers/{offer.pk}/"
    offer_decline(actor=freelancer, offer=offer, reason="Busy this month")
    [declined] = told(client, "offer_declined")
    assert declined.body == "Busy this month" and told(freelancer, "offer_declined") == []
    second = _offer(client, Proposal.objects.get(pk=proposal.pk))
    offer_withdraw(actor=client, offer=second)
    [withdrawn] = told(freelancer, "offer_withdrawn")
    assert withdrawn.url == f"/offers/{second.pk}/" and len(told(freelancer, "offer_received")) == 2


def test_offer_accepted_links_the_contract(parties) -> None:
    client, freelancer = parties
    contract = fixed_contract(client, freelancer, (300_00,))
    [row] = told(client, "offer_accepted")
    assert row.url == f"/contracts/{contract.pk}/" and told(freelancer, "offer_accepted") == []


# --- fixed-price contracts --------------------------------------------------------------------------
def test_the_fixed_price_journey_tells_each_side_its_part(parties) -> None:
    client, freelancer = parties
    with time_machine.travel(T0, tick=False) as clock:
        contract = fixed_contract(client, freelancer, (300_00, 200_00))
        m1, m2 = contract.milestones.order_by("position")
        milestone_fund(actor=client, contract=contract, milestone_id=m2.pk)
        assert [n.url for n in told(freelancer, "milestone_funded")] == [f"/contracts/{contract.pk}/"]
        milestone_submit(actor=freelancer, contract=contract, milestone_id=m1.pk, message="v1")
        assert len(told(client, "milestone_submitted")) == 1
        milestone_request_changes(actor=client, contract=contract, milestone_id=m1.pk, message="Add tests")
        [changes] = told(freelancer, "changes_requested")
        assert changes.body == "Add tests"
        milestone_submit(actor=freelancer, contract=contract, milestone_id=m1.pk, message="v2")
        # Auto-release coming: 3 days before the 14 days pass, once.
        clock.move_to(T0 + timedelta(days=11))
        sweep()
        sweep()
        [coming] = told(client, "auto_release_coming")
        assert coming.ref == f"contract:{contract.pk}" and told(freelancer, "auto_release_coming") == []
        milestone_approve(actor=client, contract=contract, milestone_id=m1.pk)
        assert len(told(freelancer, "payment_released")) == 1
        bonus_send(actor=client, contract=contract, amount_cents=50_00, note="Great work")
        assert len(told(freelancer, "bonus_received")) == 1
        # Money available when the 5-day security hold ends (the ledger's sweep), once per payment.
        clock.move_to(T0 + timedelta(days=17))
        sweep()
        sweep()
        available = told(freelancer, "money_available")
        assert len(available) == 2 and available[0].url == "/earnings/"
        refund_request_create(actor=client, contract=contract, reason="Stopping here")
        assert len(told(freelancer, "refund_requested")) == 1
        refund_request_accept(actor=freelancer, contract=contract)
        assert len(told(client, "escrow_refunded")) == 1
    assert "milestone_submitted" not in kinds_of(freelancer) and "payment_released" not in kinds_of(client)


def test_contract_ended_tells_the_other_side(parties) -> None:
    client, freelancer = parties
    contract = fixed_contract(client, freelancer, (300_00,))
    m1 = contract.milestones.get()
    milestone_submit(actor=freelancer, contract=contract, milestone_id=m1.pk, message="done")
    milestone_approve(actor=client, contract=contract, milestone_id=m1.pk)
    contract_end(actor=freelancer, contract=contract)
    [row] = told(client, "contract_ended")
    assert "ended by the freelancer" in row.body and told(freelancer, "contract_ended") == []


def test_fixed_disputes_opened_deadline_and_decided(user_factory) -> None:
    client, freelancer, staff = verified_parties(user_factory)
    with time_machine.travel(datetime(2024, 3, 1, 10, 0, tzinfo=UTC), tick=False) as clock:
        contract = fixed_contract(client, freelancer, (400_00,))
        m1 = contract.milestones.get()
        milestone_submit(actor=freelancer, contract=contract, milestone_id=m1.pk, message="done")
        dispute = milestone_dispute_open(
            actor=freelancer, contract=contract, milestone_id=m1.pk, reason="Pay"
        )
        [opened] = told(client, "dispute_opened")
        assert "Respond by 2024-03-08 10:00 UTC" in opened.body
        # A day before the client's deadline, once; the freelancer (who opened it) is not reminded.
        clock.move_to(dispute.respond_by - timedelta(hours=24, minutes=1))
        assert sweep()["contracts.dispute_deadline_reminders"] == 0
        clock.move_to(dispute.respond_by - timedelta(hours=24))
        assert sweep()["contracts.dispute_deadline_reminders"] == 1
        assert sweep()["contracts.dispute_deadline_reminders"] == 0
        [deadline] = told(client, "dispute_deadline")
        assert deadline.title == "Dispute deadline: 2024-03-08 10:00 UTC"
        assert told(freelancer, "dispute_deadline") == []
        fixed_dispute_respond(actor=client, dispute=dispute, message="Not delivered")
        fixed_dispute_decide(actor=staff, dispute=dispute, freelancer_cents=200_00)
    assert len(told(client, "dispute_decided")) == 1 and len(told(freelancer, "dispute_decided")) == 1


# --- hourly contracts -------------------------------------------------------------------------------
def _at(day: int, hour: int) -> datetime:
    return datetime(2024, 6, day, hour, 0, tzinfo=UTC)


def test_hourly_invoice_payment_and_time_dispute(user_factory) -> None:
    with time_machine.travel(datetime(2024, 5, 31, 9, 0, tzinfo=UTC), tick=False) as clock:
        client, freelancer, _staff = verified_parties(user_factory)
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=20)
        clock.move_to(_at(8, 12))
        track(freelancer, contract, _at(3, 9), 6)
        weak = track(freelancer, contract, _at(3, 10), 6, memo="")
        clock.move_to(_at(10, 12))
        sweep()
        invoice = Invoice.objects.get(contract=contract)
        [issued] = told(client, "invoice_issued")
        assert issued.url == f"/contracts/{contract.pk}/" and told(freelancer, "invoice_issued") == []
        segments = [s.pk for s in weak]
        hourly_dispute_open(
            actor=client, contract=contract, invoice_id=invoice.pk, segment_ids=segments, reason="x"
        )
        [opened] = told(freelancer, "dispute_opened")
        assert opened.title == "Time disputed"
        # The freelancer must answer within 3 days (by 06-13 12:00): reminded a day before.
        clock.move_to(_at(12, 13))
        sweep()
        assert len(told(freelancer, "dispute_deadline")) == 1 and told(client, "dispute_deadline") == []


def test_hourly_payment_pending_is_told(user_factory) -> None:
    with time_machine.travel(datetime(2024, 5, 31, 9, 0, tzinfo=UTC), tick=False) as clock:
        client, freelancer, _staff = verified_parties(user_factory)
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=20)
        clock.move_to(_at(8, 12))
        track(freelancer, contract, _at(3, 9), 6)
        clock.move_to(_at(10, 12))
        sweep()
        clock.move_to(_at(16, 12))  # past the review window: the invoice is paid
        sweep()
    assert len(told(freelancer, "hourly_payment_pending")) == 1
    assert told(client, "hourly_payment_pending") == []


# --- jobs ----------------------------------------------------------------------------------------
def test_job_expiring_and_saved_search_alerts(parties) -> None:
    client, freelancer = parties
    with time_machine.travel(T0, tick=False) as clock:
        saved_search_create(actor=freelancer, name="Pipelines", params={"q": "pipeline"})
        clock.move_to(T0 + timedelta(minutes=5))
        job = open_job(client, title="Data pipeline in Python")
        clock.move_to(T0 + timedelta(hours=2))
        with TestCase.captureOnCommitCallbacks(execute=True):
            sweep()
        [alert] = told(freelancer, "saved_search_alert")
        assert "Data pipeline in Python" in alert.body and alert.email_state == EmailState.SENT
        clock.move_to(job.expires_at - timedelta(days=5))
        with TestCase.captureOnCommitCallbacks(execute=True):
            sweep()
            sweep()
    [expiring] = told(client, "job_expiring")
    assert expiring.url == f"/jobs/{job.pk}/" and told(freelancer, "job_expiring") == []
    subjects = [m.subject for m in mail.outbox]
    assert f"[Hirehall] Your job “Data pipeline in Python” expires on {job.expires_at:%Y-%m-%d}" in subjects


def test_a_wired_event_honours_off(parties) -> None:
    client, freelancer = parties
    notification_preferences_set(actor=client, choices={"proposal_received": "off"})
    _apply(client, freelancer)
    assert told(client, "proposal_received") == []


def test_a_rolled_back_event_tells_nobody(parties) -> None:
    client, freelancer = parties
    proposal = _apply(client, freelancer)
    before = Notification.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the service refuses; which error is not the point
        offer_send(
            actor=client,
            proposal=proposal,
            data=OfferInput(kind="fixed", title="Too big", milestones=(("M1", 90_000_00, None),)),
        )
    assert Notification.objects.count() == before
