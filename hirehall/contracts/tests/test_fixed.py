"""Fixed-price contracts (DESIGN §7), with the clock moved by time-machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from hirehall.contracts.models import (
    ContractEvent,
    ContractMilestone,
    ContractStatus,
    MilestoneStatus,
    RefundRequestStatus,
)
from hirehall.contracts.services import (
    bonus_send,
    contract_end,
    milestone_add,
    milestone_approve,
    milestone_edit,
    milestone_fund,
    milestone_remove,
    milestone_request_changes,
    milestone_submit,
    milestones_reorder,
    refund_request_accept,
    refund_request_create,
)
from hirehall.contracts.tests.helpers import earning_transfers, earnings, sweep
from hirehall.core.errors import DomainError
from hirehall.ledger.tests.helpers import fund_wallet, snapshot, wallet_available
from hirehall.proposals.testing import fixed_contract

pytestmark = pytest.mark.django_db
T0 = datetime(2024, 2, 26, 9, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def parties(user_factory):
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 5_000_00)
    return client, freelancer


def first(contract) -> ContractMilestone:
    return contract.milestones.order_by("position").first()


def test_design_auto_approval_example(parties) -> None:
    """Submitted 2024-03-01 10:00, no action → released 2024-03-15 10:00, available 2024-03-20 10:00;
    a reminder 3 days before."""
    client, freelancer = parties
    with time_machine.travel(T0, tick=False) as clock:
        contract = fixed_contract(client, freelancer, (600_00, 400_00))
        m1 = first(contract)
        assert m1.status == MilestoneStatus.FUNDED
        clock.move_to(datetime(2024, 3, 1, 10, 0, tzinfo=UTC))
        milestone_submit(
            actor=freelancer,
            contract=contract,
            milestone_id=m1.pk,
            message="Pipeline delivered",
            files=[SimpleUploadedFile("report.pdf", PDF)],
        )
        clock.move_to(datetime(2024, 3, 12, 9, 59, tzinfo=UTC))
        assert sweep()["contracts.auto_approve_reminders"] == 0
        clock.move_to(datetime(2024, 3, 12, 10, 0, tzinfo=UTC))
        assert sweep()["contracts.auto_approve_reminders"] == 1
        assert sweep()["contracts.auto_approve_reminders"] == 0  # once
        clock.move_to(datetime(2024, 3, 15, 9, 59, 59, tzinfo=UTC))
        assert sweep()["contracts.auto_approve"] == 0
        clock.move_to(datetime(2024, 3, 15, 10, 0, tzinfo=UTC))
        assert sweep()["contracts.auto_approve"] == 1
        m1.refresh_from_db()
        assert m1.status == MilestoneStatus.APPROVED and m1.paid_cents == 600_00
        assert m1.approved_at == datetime(2024, 3, 15, 10, 0, tzinfo=UTC)
        # First $600 with a new client: 20% × 500 + 10% × 100 = $110 fee, $490 net (DESIGN §5).
        [earning] = earning_transfers(freelancer)
        assert earning.amount == 490_00
        assert earning.hold_until == datetime(2024, 3, 20, 10, 0, tzinfo=UTC)
        assert earnings(freelancer) == (490_00, 0)
        clock.move_to(datetime(2024, 3, 20, 9, 59, tzinfo=UTC))
        sweep()
        assert earnings(freelancer) == (490_00, 0)
        clock.move_to(datetime(2024, 3, 20, 10, 0, tzinfo=UTC))
        sweep()
        assert earnings(freelancer) == (0, 490_00)
        kinds = list(ContractEvent.objects.filter(contract=contract).values_list("kind", flat=True))
        assert "auto_approval_reminder" in kinds and "milestone_auto_approved" in kinds


def test_request_changes_restarts_the_14_days(parties) -> None:
    client, freelancer = parties
    with time_machine.travel(T0, tick=False) as clock:
        contract = fixed_contract(client, freelancer)
        m1 = first(contract)
        clock.move_to(datetime(2024, 3, 1, 10, 0, tzinfo=UTC))
        milestone_submit(actor=freelancer, contract=contract, milestone_id=m1.pk, message="v1")
        clock.move_to(datetime(2024, 3, 10, 10, 0, tzinfo=UTC))
        milestone_request_changes(actor=client, contract=contract, milestone_id=m1.pk, message="Add tests")
        m1.refresh_from_db()
        assert m1.status == MilestoneStatus.FUNDED and m1.auto_approve_at is None
        clock.move_to(datetime(2024, 3, 12, 10, 0, tzinfo=UTC))
        milestone_submit(actor=freelancer, contract=contract, milestone_id=m1.pk, message="v2 with tests")
        clock.move_to(datetime(2024, 3, 15, 10, 0, tzinfo=UTC))  # 14 days after the first submission
        assert sweep()["contracts.auto_approve"] == 0
        clock.move_to(datetime(2024, 3, 26, 10, 0, tzinfo=UTC))  # 14 days after the latest
        assert sweep()["contracts.auto_approve"] == 1
        m1.refresh_from_db()
        assert m1.status == MilestoneStatus.APPROVED


def test_release_a_different_amount_returns_the_rest(parties) -> None:
    client, freelancer = parties
    contract = fixed_contract(client, freelancer, (300_00, 700_00))
    before = wallet_available(client)
    m1 = first(contract)
    milestone_submit(actor=freelancer, contract=contract, milestone_id=m1.pk, message="done")
    with pytest.raises(DomainError):
        milestone_approve(actor=client, contract=contract, milestone_id=m1.pk, amount_cents=300_01)
    milestone_approve(actor=client, contract=contract, milestone_id=m1.pk, amount_cents=200_00)
    m1.refresh_from_db()
    assert m1.status == MilestoneStatus.APPROVED and m1.paid_cents == 200_00
    # $100 and its $5 marketplace fee come back.
    assert wallet_available(client) == before + 105_00
    assert earnings(freelancer)[0] == 160_00  # 20% fee on the first $500
    with pytest.raises(DomainError) as exc:
        milestone_approve(actor=client, contract=contract, milestone_id=m1.pk)
    assert exc.value.code == "invalid_state"


def test_edit_reorder_fund_unfunded_milestones(parties, user_factory) -> None:
    client, freelancer = parties
    contract = fixed_contract(client, freelancer, (300_00, 700_00))
    m1, m2 = contract.milestones.order_by("position")
    m3 = milestone_add(actor=client, contract=contract, description="Docs", amount_cents=50_00)
    contract.refresh_from_db()
    assert m3.position == 3 and contract.total_cents == 1_050_00
    milestone_edit(actor=client, contract=contract, milestone_id=m2.pk, amount_cents=650_00)
    with pytest.raises(DomainError) as exc:  # funded: the escrow holds the amount
        milestone_edit(actor=client, contract=contract, milestone_id=m1.pk, amount_cents=10_00)
    assert exc.value.code == "invalid_state"
    with pytest.raises(DomainError):
        milestone_add(actor=client, contract=contract, description="Too small", amount_cents=4_99)
    with pytest.raises(DomainError):
        milestones_reorder(actor=client, contract=contract, order=[m2.pk, m1.pk, m3.pk])  # m1 is funded
    result = milestones_reorder(actor=client, contract=contract, order=[m1.pk, m3.pk, m2.pk])
    assert [m.pk for m in result] == [m1.pk, m3.pk, m2.pk]
    with pytest.raises(DomainError) as exc:
        milestone_fund(actor=freelancer, contract=contract, milestone_id=m3.pk)
    assert exc.value.code == "permission_denied"
    stranger = user_factory()
    with pytest.raises(DomainError) as exc:
        milestone_fund(actor=stranger, contract=contract, milestone_id=m3.pk)
    assert exc.value.code == "not_found"
    before = wallet_available(client)
    milestone_fund(actor=client, contract=contract, milestone_id=m3.pk)
    assert wallet_available(client) == before - 52_50
    with pytest.raises(DomainError):
        milestone_fund(actor=client, contract=contract, milestone_id=m3.pk)
    milestone_remove(actor=client, contract=contract, milestone_id=m2.pk)
    assert list(contract.milestones.values_list("position", flat=True)) == [1, 2]


def test_denied_actions_change_nothing(parties) -> None:
    client, freelancer = parties
    contract = fixed_contract(client, freelancer)
    m1 = first(contract)
    before = snapshot()
    with pytest.raises(DomainError):
        milestone_approve(actor=freelancer, contract=contract, milestone_id=m1.pk)
    with pytest.raises(DomainError):
        milestone_submit(actor=client, contract=contract, milestone_id=m1.pk, message="x")
    with pytest.raises(DomainError) as exc:
        milestone_submit(
            actor=freelancer,
            contract=contract,
            milestone_id=m1.pk,
            message="exe",
            files=[SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 10)],
        )
    assert exc.value.code == "unsupported_file_type"
    assert snapshot() == before
    m1.refresh_from_db()
    assert m1.status == MilestoneStatus.FUNDED


def test_bonus_and_end(parties) -> None:
    client, freelancer = parties
    contract = fixed_contract(client, freelancer, (300_00,))
    bonus_send(actor=client, contract=contract, amount_cents=50_00, note="Thanks", key="k1")
    bonus_send(actor=client, contract=contract, amount_cents=50_00, note="Thanks", key="k1")  # replay
    assert contract.events.filter(kind="bonus").count() == 1
    assert earnings(freelancer)[0] == 40_00
    with pytest.raises(DomainError) as exc:
        contract_end(actor=client, contract=contract)
    assert exc.value.code == "escrow_outstanding"
    before = wallet_available(client)
    contract_end(actor=freelancer, contract=contract)  # the freelancer gives the escrow back
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ENDED
    assert wallet_available(client) == before + 315_00
    assert first(contract).status == MilestoneStatus.REFUNDED


def test_refund_request_accepted(parties) -> None:
    client, freelancer = parties
    contract = fixed_contract(client, freelancer, (300_00,))
    before = wallet_available(client)
    refund_request_create(actor=client, contract=contract, reason="Project cancelled")
    with pytest.raises(DomainError):
        refund_request_create(actor=client, contract=contract)
    request = refund_request_accept(actor=freelancer, contract=contract)
    assert request.status == RefundRequestStatus.ACCEPTED
    assert wallet_available(client) == before + 315_00
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ENDED


def test_refund_request_timeout_refunds_after_7_days(parties) -> None:
    client, freelancer = parties
    with time_machine.travel(T0, tick=False) as clock:
        contract = fixed_contract(client, freelancer, (300_00,))
        m1 = first(contract)
        milestone_submit(actor=freelancer, contract=contract, milestone_id=m1.pk, message="done")
        before = wallet_available(client)
        refund_request_create(actor=client, contract=contract, reason="Not what we need")
        clock.move_to(T0 + timedelta(days=7) - timedelta(seconds=1))
        assert sweep()["contracts.refund_requests"] == 0
        clock.move_to(T0 + timedelta(days=7))
        assert sweep()["contracts.refund_requests"] == 1
        assert wallet_available(client) == before + 315_00
        contract.refresh_from_db()
        assert contract.status == ContractStatus.ENDED
        assert first(contract).status == MilestoneStatus.REFUNDED
        # The auto-approval that would have fallen due later finds nothing to pay.
        clock.move_to(T0 + timedelta(days=15))
        assert sweep()["contracts.auto_approve"] == 0
