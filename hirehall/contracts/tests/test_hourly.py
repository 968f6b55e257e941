"""Hourly contracts and the Work Diary (DESIGN §8), with the clock moved by time-machine."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from hirehall.contracts.models import (
    ContractStatus,
    Invoice,
    InvoiceStatus,
    ProtectionClaim,
    SegmentKind,
    WorkSegment,
)
from hirehall.contracts.services import (
    contract_pause,
    contract_resume,
    contract_set_rate,
    contract_set_terms,
    manual_time_add,
    segment_delete,
    segment_record,
)
from hirehall.contracts.services.billing import invoice_pay
from hirehall.contracts.services.hourly import SegmentInput, limit_for_week
from hirehall.contracts.tests.helpers import (
    earning_transfers,
    earnings,
    png_b64,
    sweep,
    track,
    verified_parties,
)
from hirehall.core.errors import DomainError
from hirehall.ledger.models import Account
from hirehall.ledger.tests.helpers import account_of, fund_wallet, wallet_available
from hirehall.proposals.testing import hourly_contract

pytestmark = pytest.mark.django_db
START = datetime(2024, 5, 31, 9, 0, tzinfo=UTC)  # a Friday
MON = datetime(2024, 6, 3, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 6, day, hour, minute, tzinfo=UTC)


def segment(start: datetime, **kw) -> SegmentInput:
    values = {"start": start, "memo": "memo", "keyboard": (1,) * 10, "mouse": (1,) * 10, "screenshot_b64": ""}
    values.update(kw)
    return SegmentInput(**values)


def test_design_weekly_cycle_example(user_factory) -> None:
    """Week 2024-06-03 … 06-09 → invoice Mon 06-10 12:00, disputes until Fri 06-14 23:59:59,
    available Wed 06-19."""
    client, freelancer, _ = verified_parties(user_factory)
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=22_22, limit_hours=40)
        clock.move_to(at(9, 23, 0))
        track(freelancer, contract, at(3, 9), 36)  # Monday: 6 h
        track(freelancer, contract, at(9, 17), 36)  # Sunday: 6 h, the last one ends 23:00
        clock.move_to(at(10, 11, 59))
        track(freelancer, contract, at(9, 23, 50), 1)  # edits until Monday 11:59
        assert sweep()["contracts.invoice_weeks"] == 0
        segment_delete(
            actor=freelancer, contract=contract, segment_id=WorkSegment.objects.get(start=at(9, 23, 50)).pk
        )
        before = wallet_available(client)
        clock.move_to(at(10, 12, 0))
        with pytest.raises(DomainError) as exc:
            track(freelancer, contract, at(9, 23, 50), 1)
        assert exc.value.code == "week_invoiced"
        assert sweep()["contracts.invoice_weeks"] == 1
        assert sweep()["contracts.invoice_weeks"] == 0  # once
        invoice = Invoice.objects.get(contract=contract)
        assert invoice.week_start == date(2024, 6, 3)
        assert invoice.invoiced_at == at(10, 12)
        assert invoice.review_until == datetime(2024, 6, 14, 23, 59, 59, tzinfo=UTC)
        assert invoice.status == InvoiceStatus.IN_REVIEW
        # Rounding check of DESIGN §5: 12 h × $22.22 = $266.64 (+5% marketplace fee charged).
        assert invoice.billable_minutes == 720 and invoice.amount_cents == 266_64
        assert wallet_available(client) == before - 266_64 - 13_33
        with pytest.raises(DomainError) as exc:
            segment_delete(actor=freelancer, contract=contract, segment_id=invoice.segments.first().pk)
        assert exc.value.code == "week_invoiced"
        clock.move_to(datetime(2024, 6, 14, 23, 59, 59, tzinfo=UTC))
        assert sweep()["contracts.release_invoices"] == 0
        clock.move_to(datetime(2024, 6, 15, 0, 0, tzinfo=UTC))
        assert sweep()["contracts.release_invoices"] == 1
        invoice.refresh_from_db()
        assert invoice.status == InvoiceStatus.PAID
        [earning] = earning_transfers(freelancer)
        assert earning.hold_until == datetime(2024, 6, 19, tzinfo=UTC)
        pending = 266_64 - 53_33  # 20% service fee (first $500 with this client)
        assert earnings(freelancer) == (pending, 0)
        clock.move_to(datetime(2024, 6, 18, 23, 59, tzinfo=UTC))
        sweep()
        assert earnings(freelancer) == (pending, 0)
        clock.move_to(datetime(2024, 6, 19, 0, 0, tzinfo=UTC))
        sweep()
        assert earnings(freelancer) == (0, pending)


@pytest.mark.parametrize(
    ("limit", "billed_h", "over_h", "protected_h"),
    [
        (14, 14, 3, 12),  # DESIGN §8's figures: 12 h + 2 h within the limit, 3 h beyond it
        (15, 15, 2, 13),  # the same week under a 15 h limit: one more hour fits
    ],
)
def test_design_protection_example(user_factory, limit, billed_h, over_h, protected_h) -> None:
    """12 h tracked well + 2 h manual + 3 h more → billed up to the limit, manual never protected,
    the time over the limit shown but not billed."""
    client, freelancer, _ = verified_parties(user_factory)
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=limit, manual=True)
        clock.move_to(at(8, 12))
        track(freelancer, contract, at(3, 9), 72)  # Monday 09:00–21:00, tracked well
        manual_time_add(
            actor=freelancer, contract=contract, start=at(4, 9), end=at(4, 11), memo="Client call"
        )
        track(freelancer, contract, at(5, 9), 18)  # Wednesday: 3 h more
        clock.move_to(at(10, 12))
        sweep()
        invoice = Invoice.objects.get(contract=contract)
        assert invoice.billable_minutes == billed_h * 60
        assert invoice.over_limit_minutes == over_h * 60
        assert invoice.protected_minutes == protected_h * 60
        assert invoice.manual_minutes == 120
        assert invoice.amount_cents == billed_h * 30_00
        manual = WorkSegment.objects.filter(contract=contract, kind=SegmentKind.MANUAL)
        assert manual.count() == 12 and not manual.filter(protected=True).exists()
        assert WorkSegment.objects.filter(contract=contract, billable=False).count() == over_h * 6


def test_protection_needs_every_condition(user_factory) -> None:
    client, freelancer, _staff = verified_parties(user_factory)
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer, limit_hours=40)
        clock.move_to(at(8, 12))
        track(freelancer, contract, at(3, 9), 1)  # well
        track(freelancer, contract, at(3, 10), 1, memo="")  # no memo
        track(freelancer, contract, at(3, 11), 1, active=False)  # no activity
        track(freelancer, contract, at(3, 12), 1, shot=False)  # no screenshot
        clock.move_to(at(10, 12))
        sweep()
        protected = list(
            WorkSegment.objects.filter(contract=contract, protected=True).values_list("start", flat=True)
        )
        assert protected == [at(3, 9)]


def test_unverified_identity_or_billing_protects_nothing(user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    fund_wallet(client, 1_000_00)
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer, limit_hours=40)
        clock.move_to(at(8, 12))
        track(freelancer, contract, at(3, 9), 6)
        clock.move_to(at(10, 12))
        sweep()
        invoice = Invoice.objects.get(contract=contract)
        assert invoice.billable_minutes == 60 and invoice.protected_minutes == 0


def test_failed_charge_pauses_and_protection_fund_pays_protected_time(user_factory) -> None:
    """No wallet money, a card that fails: contract paused, claim opened; unpaid by Friday → the
    protection fund pays the protected time (net of the service fee)."""
    client, freelancer, _ = verified_parties(user_factory, wallet=0, card="4000000000009995")
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=40)
        clock.move_to(at(8, 12))
        track(freelancer, contract, at(3, 9), 12)  # 2 h protected
        track(freelancer, contract, at(4, 9), 6, memo="")  # 1 h unprotected
        clock.move_to(at(10, 12))
        sweep()
        invoice = Invoice.objects.get(contract=contract)
        assert invoice.status == InvoiceStatus.UNPAID and invoice.amount_cents == 90_00
        claim = ProtectionClaim.objects.get(invoice=invoice)
        assert claim.failure_code == "card_insufficient_funds" and claim.protected_cents == 60_00
        contract.refresh_from_db()
        assert contract.status == ContractStatus.PAUSED
        with pytest.raises(DomainError) as exc:
            track(freelancer, contract, at(10, 9), 1)
        assert exc.value.code == "contract_paused"
        clock.move_to(datetime(2024, 6, 15, 0, 0, tzinfo=UTC))
        assert sweep()["contracts.protection_claims"] == 1
        assert sweep()["contracts.protection_claims"] == 0
        claim.refresh_from_db()
        invoice.refresh_from_db()
        assert claim.status == ProtectionClaim.Status.PAID and claim.paid_cents == 48_00  # $60 less 20%
        assert invoice.status == InvoiceStatus.PROTECTED
        assert earnings(freelancer) == (48_00, 0)
        assert account_of(Account.Kind.PROTECTION_FUND).available == -48_00


def test_client_pays_late_closes_the_claim(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory, wallet=0, card="4000000000009995")
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=40)
        clock.move_to(at(8, 12))
        track(freelancer, contract, at(3, 9), 6)
        clock.move_to(at(10, 12))
        sweep()
        invoice = Invoice.objects.get(contract=contract)
        fund_wallet(client, 100_00)
        invoice_pay(actor=client, contract=contract, invoice_id=invoice.pk)
        invoice.refresh_from_db()
        contract.refresh_from_db()
        assert invoice.status == InvoiceStatus.IN_REVIEW and contract.status == ContractStatus.ACTIVE
        assert invoice.protection_claim.status == ProtectionClaim.Status.CLOSED
        clock.move_to(datetime(2024, 6, 15, 0, 0, tzinfo=UTC))
        sweep()
        invoice.refresh_from_db()
        assert invoice.status == InvoiceStatus.PAID


def test_saved_card_pays_when_the_wallet_is_short(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory, wallet=0)
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer, rate_cents=30_00, limit_hours=40)
        clock.move_to(at(8, 12))
        track(freelancer, contract, at(3, 9), 6)
        clock.move_to(at(10, 12))
        sweep()
        invoice = Invoice.objects.get(contract=contract)
        assert invoice.status == InvoiceStatus.IN_REVIEW
        assert not ProtectionClaim.objects.exists()


def test_tracker_rejections(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    other_client = user_factory()
    with time_machine.travel(START, tick=False) as clock:
        contract = hourly_contract(client, freelancer, manual=False)
        other = hourly_contract(other_client, freelancer, manual=True, title="Second hourly job")
        clock.move_to(at(4, 12))

        def code(**kw):
            with pytest.raises(DomainError) as exc:
                segment_record(actor=freelancer, contract=kw.pop("c", contract), data=segment(**kw))
            return exc.value.code

        assert code(start=at(3, 9, 5)) == "segment_not_aligned"
        assert code(start=at(3, 9).replace(second=30)) == "segment_not_aligned"
        assert code(start=datetime(2024, 5, 30, 9, 0, tzinfo=UTC)) == "segment_outside_contract"  # before
        assert code(start=at(4, 12, 0)) == "segment_outside_contract"  # not over yet
        assert code(start=at(3, 9), memo="x" * 301) == "segment_too_large"
        assert code(start=at(3, 9), screenshot_b64="A" * (3 * 1024 * 1024)) == "segment_too_large"
        assert code(start=at(3, 9), keyboard=(99_999,) * 10) == "segment_too_large"
        assert code(start=at(3, 9), keyboard=(1,) * 3) == "validation_error"
        first, created = segment_record(
            actor=freelancer, contract=contract, data=segment(start=at(3, 9), screenshot_b64=png_b64())
        )
        assert created
        again, created = segment_record(
            actor=freelancer, contract=contract, data=segment(start=at(3, 9), screenshot_b64=png_b64())
        )
        assert not created and again.pk == first.pk  # idempotent resend
        assert code(start=at(3, 9), memo="different") == "segment_overlap"
        assert code(c=other, start=at(3, 9)) == "segment_overlap"  # same slot on another contract
        with pytest.raises(DomainError) as exc:
            manual_time_add(actor=freelancer, contract=contract, start=at(3, 10), end=at(3, 11), memo="call")
        assert exc.value.code == "manual_time_not_allowed"
        with pytest.raises(DomainError) as exc:
            manual_time_add(
                actor=freelancer, contract=other, start=at(3, 8, 30), end=at(3, 9, 30), memo="call"
            )
        assert exc.value.code == "segment_overlap"
        with pytest.raises(DomainError) as exc:
            segment_record(actor=client, contract=contract, data=segment(start=at(3, 10)))
        assert exc.value.code == "permission_denied"
        clock.move_to(at(10, 12))
        assert code(start=at(3, 10)) == "week_invoiced"
        contract_pause(actor=client, contract=contract, reason="Budget review")
        assert code(start=at(10, 9)) == "contract_paused"
        assert WorkSegment.objects.filter(contract=contract).count() == 1


def test_limit_and_rate_rules(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    with time_machine.travel(at(5, 10), tick=False):  # a Wednesday
        contract = hourly_contract(client, freelancer, rate_cents=40_00, limit_hours=20)
        contract_set_terms(actor=client, contract=contract, weekly_limit_hours=30)
        contract.refresh_from_db()
        assert contract.weekly_limit_hours == 30  # raising applies now
        contract_set_terms(actor=client, contract=contract, weekly_limit_hours=10)
        contract.refresh_from_db()
        assert contract.weekly_limit_hours == 30 and contract.next_limit_from == date(2024, 6, 10)
        assert limit_for_week(contract, date(2024, 6, 3)) == 30
        assert limit_for_week(contract, date(2024, 6, 10)) == 10
        with pytest.raises(DomainError):
            contract_set_terms(actor=freelancer, contract=contract, weekly_limit_hours=40)
        with pytest.raises(DomainError):
            contract_set_rate(actor=freelancer, contract=contract, hourly_rate_cents=45_00)
        with pytest.raises(DomainError):
            contract_set_rate(actor=client, contract=contract, hourly_rate_cents=35_00)
        contract_set_rate(actor=client, contract=contract, hourly_rate_cents=45_00)
        contract_set_rate(actor=freelancer, contract=contract, hourly_rate_cents=42_00)
        contract.refresh_from_db()
        assert contract.hourly_rate_cents == 42_00
    with time_machine.travel(at(10, 0, 1), tick=False):
        sweep()
        contract.refresh_from_db()
        assert contract.weekly_limit_hours == 10 and contract.next_limit_from is None


def test_pause_and_resume(user_factory) -> None:
    client, freelancer, _ = verified_parties(user_factory)
    contract = hourly_contract(client, freelancer)
    contract_pause(actor=freelancer, contract=contract, reason="Vacation")
    contract_resume(actor=freelancer, contract=contract)
    contract_pause(actor=client, contract=contract)
    with pytest.raises(DomainError):
        contract_resume(actor=freelancer, contract=contract)
    contract_resume(actor=client, contract=contract)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE
