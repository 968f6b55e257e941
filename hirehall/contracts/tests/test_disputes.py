"""Disputes (DESIGN §7–8): each outcome and each deadline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from hirehall.contracts.models import (
    ContractStatus,
    DisputeStatus,
    Invoice,
    InvoiceStatus,
    MilestoneStatus,
    RefundRequestStatus,
    WorkSegment,
)
from hirehall.contracts.services import milestone_submit, refund_request_create
from hirehall.contracts.services.disputes import (
    dispute_evidence_add,
    dispute_message_add,
    fixed_dispute_decide,
    fixed_dispute_respond,
    hourly_dispute_answer,
    hourly_dispute_decide,
    hourly_dispute_open,
    milestone_dispute_open,
    refund_request_dispute,
)
from hirehall.contracts.tests.helpers import earnings, sweep, track, verified_parties
from hirehall.core.errors import DomainError
from hirehall.ledger.tests.helpers import wallet_available
from hirehall.proposals.testing import fixed_contract, hourly_contract

pytestmark = pytest.mark.django_db
START = datetime(2024, 5, 31, 9, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n%%EOF\n"


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2024, 6, day, hour, minute, second, tzinfo=UTC)


def invoiced_week(user_factory, clock, *, verified: bool = True):
    """Week of 2024-06-03 at $30/h: 1 h tracked well (protected if verified) + 1 h without memos."""
    client, freelancer, staff = verified_parties(user_factory)
    contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=20)
    clock.move_to(at(8, 12))
    good = track(freelancer, contract, at(3, 9), 6)
    weak = track(freelancer, contract, at(3, 10), 6, memo="")
    clock.move_to(at(10, 12))
    sweep()
    invoice = Invoice.objects.get(contract=contract)
    assert invoice.amount_cents == 60_00 and invoice.status == InvoiceStatus.IN_REVIEW
    return client, freelancer, staff, contract, invoice, good, weak


def test_hourly_dispute_pauses_and_freelancer_accepts(user_factory) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client, freelancer, _, contract, invoice, _good, weak = invoiced_week(user_factory, clock)
        clock.move_to(at(12, 9))
        before = wallet_available(client)
        dispute = hourly_dispute_open(
            actor=client,
            contract=contract,
            invoice_id=invoice.pk,
            segment_ids=[s.pk for s in weak],
            reason="No memos",
        )
        contract.refresh_from_db()
        assert contract.status == ContractStatus.PAUSED and contract.weekly_limit_hours == 0
        assert dispute.respond_by == at(15, 9) and dispute.amount_cents == 30_00
        clock.move_to(at(15, 0))
        assert sweep()["contracts.release_invoices"] == 0  # a disputed invoice waits
        hourly_dispute_answer(actor=freelancer, dispute=dispute, accept=True)
        dispute.refresh_from_db()
        invoice.refresh_from_db()
        assert dispute.status == DisputeStatus.RESOLVED and dispute.client_cents == 30_00
        assert invoice.status == InvoiceStatus.PAID and invoice.paid_cents == 30_00
        assert wallet_available(client) == before + 31_50  # $30 + its 5% fee back
        contract.refresh_from_db()
        assert contract.weekly_limit_hours == 20 and contract.status == ContractStatus.PAUSED


def test_hourly_dispute_unanswered_goes_to_staff_who_pay_protected_time(user_factory) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client, freelancer, staff, contract, invoice, good, weak = invoiced_week(user_factory, clock)
        clock.move_to(at(11, 9))
        dispute = hourly_dispute_open(
            actor=client,
            contract=contract,
            invoice_id=invoice.pk,
            segment_ids=[s.pk for s in good + weak],
            reason="Not worked",
        )
        assert dispute.amount_cents == 60_00
        dispute_message_add(actor=client, dispute=dispute, body="The screenshots show another project.")
        dispute_evidence_add(actor=client, dispute=dispute, files=[SimpleUploadedFile("notes.pdf", PDF)])
        clock.move_to(at(14, 8, 59, 59))
        assert sweep()["contracts.dispute_deadlines"] == 0
        clock.move_to(at(14, 9))
        assert sweep()["contracts.dispute_deadlines"] == 1
        dispute.refresh_from_db()
        assert dispute.status == DisputeStatus.STAFF_REVIEW and dispute.response == "no_answer"
        with pytest.raises(DomainError):
            hourly_dispute_decide(actor=client, dispute=dispute)
        before = wallet_available(client)
        hourly_dispute_decide(actor=staff, dispute=dispute)
        dispute.refresh_from_db()
        invoice.refresh_from_db()
        assert dispute.freelancer_cents == 30_00 and dispute.client_cents == 30_00
        assert invoice.status == InvoiceStatus.PAID and invoice.paid_cents == 30_00
        assert wallet_available(client) == before + 31_50
        assert earnings(freelancer)[0] == 24_00
        assert dispute.evidence.count() == 1 and dispute.messages.count() == 1


def test_hourly_dispute_declined_then_staff_refund_all_unprotected(user_factory) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client, freelancer, staff, contract, invoice, _good, weak = invoiced_week(user_factory, clock)
        dispute = hourly_dispute_open(
            actor=client,
            contract=contract,
            invoice_id=invoice.pk,
            segment_ids=[s.pk for s in weak],
            reason="x",
        )
        hourly_dispute_answer(actor=freelancer, dispute=dispute, accept=False, note="I worked")
        dispute.refresh_from_db()
        assert dispute.status == DisputeStatus.STAFF_REVIEW
        hourly_dispute_decide(actor=staff, dispute=dispute)
        invoice.refresh_from_db()
        assert invoice.paid_cents == 30_00 and invoice.refunded_cents == 30_00


def test_hourly_dispute_only_during_review(user_factory) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client, freelancer, _staff, contract, invoice, good, _weak = invoiced_week(user_factory, clock)
        with pytest.raises(DomainError) as exc:
            hourly_dispute_open(
                actor=freelancer,
                contract=contract,
                invoice_id=invoice.pk,
                segment_ids=[good[0].pk],
                reason="x",
            )
        assert exc.value.code == "permission_denied"
        other = WorkSegment.objects.exclude(invoice=invoice).first()
        assert other is None
        clock.move_to(at(15, 0))
        with pytest.raises(DomainError) as exc:
            hourly_dispute_open(
                actor=client, contract=contract, invoice_id=invoice.pk, segment_ids=[good[0].pk], reason="x"
            )
        assert exc.value.code == "review_closed"


@pytest.fixture
def fixed(user_factory):
    client, freelancer, staff = verified_parties(user_factory)
    return client, freelancer, staff


def test_fixed_dispute_client_silent_for_5_business_days_releases(fixed) -> None:
    client, freelancer, _ = fixed
    with time_machine.travel(datetime(2024, 3, 1, 10, 0, tzinfo=UTC), tick=False) as clock:  # a Friday
        contract = fixed_contract(client, freelancer, (400_00,))
        m1 = contract.milestones.get()
        milestone_submit(actor=freelancer, contract=contract, milestone_id=m1.pk, message="done")
        dispute = milestone_dispute_open(
            actor=freelancer, contract=contract, milestone_id=m1.pk, reason="No release"
        )
        assert dispute.respond_by == datetime(2024, 3, 8, 10, 0, tzinfo=UTC)  # Mon–Fri: 5 working days
        m1.refresh_from_db()
        assert m1.status == MilestoneStatus.DISPUTED and m1.auto_approve_at is None
        clock.move_to(datetime(2024, 3, 8, 9, 59, tzinfo=UTC))
        assert sweep()["contracts.dispute_deadlines"] == 0
        clock.move_to(datetime(2024, 3, 8, 10, 0, tzinfo=UTC))
        assert sweep()["contracts.dispute_deadlines"] == 1
        m1.refresh_from_db()
        dispute.refresh_from_db()
        assert m1.status == MilestoneStatus.SETTLED and m1.paid_cents == 400_00
        assert dispute.status == DisputeStatus.RESOLVED and dispute.freelancer_cents == 400_00


def test_fixed_refund_dispute_mediated_split(fixed) -> None:
    client, freelancer, staff = fixed
    with time_machine.travel(datetime(2024, 3, 1, 10, 0, tzinfo=UTC), tick=False) as clock:
        contract = fixed_contract(client, freelancer, (300_00, 200_00))
        m1, m2 = contract.milestones.order_by("position")
        from hirehall.contracts.services import milestone_fund

        milestone_fund(actor=client, contract=contract, milestone_id=m2.pk)
        refund_request_create(actor=client, contract=contract, reason="Cancelled")
        dispute = refund_request_dispute(actor=freelancer, contract=contract, reason="Half is done")
        assert contract.refund_requests.get().status == RefundRequestStatus.DISPUTED
        assert dispute.amount_cents == 500_00
        with pytest.raises(DomainError):
            fixed_dispute_decide(
                actor=staff, dispute=dispute, freelancer_cents=100_00
            )  # not in mediation yet
        fixed_dispute_respond(actor=client, dispute=dispute, message="Nothing usable was delivered")
        dispute.refresh_from_db()
        assert dispute.status == DisputeStatus.STAFF_REVIEW
        assert dispute.mediation_until == datetime(2024, 3, 31, 10, 0, tzinfo=UTC)
        clock.move_to(datetime(2024, 3, 31, 10, 0, tzinfo=UTC))
        assert sweep()["contracts.dispute_deadlines"] == 1
        dispute.refresh_from_db()
        assert dispute.mediation_overdue
        before = wallet_available(client)
        with pytest.raises(DomainError):
            fixed_dispute_decide(actor=staff, dispute=dispute, freelancer_cents=500_01)
        fixed_dispute_decide(actor=staff, dispute=dispute, freelancer_cents=250_00)
        m1.refresh_from_db()
        m2.refresh_from_db()
        assert (m1.status, m1.paid_cents) == (MilestoneStatus.SETTLED, 250_00)
        assert (m2.status, m2.paid_cents) == (MilestoneStatus.REFUNDED, 0)
        # $50 of m1 + all of m2 ($200) come back with their 5% marketplace fee.
        assert wallet_available(client) == before + 262_50
        assert earnings(freelancer)[0] == 200_00  # 20% fee on $250
        contract.refresh_from_db()
        assert contract.status == ContractStatus.ENDED
        with pytest.raises(DomainError):
            dispute_message_add(actor=client, dispute=dispute, body="late")
