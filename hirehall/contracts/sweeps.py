"""Deadline processing for contracts. Every step claims its row (SKIP LOCKED / conditional UPDATE /
UNIQUE constraint) and carries a ledger idempotency key, so running twice or concurrently is safe."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hirehall.contracts.models import (
    Contract,
    ContractMilestone,
    Dispute,
    DisputeStatus,
    Invoice,
    InvoiceStatus,
    MilestoneStatus,
    ProtectionClaim,
    RefundRequest,
    RefundRequestStatus,
    WorkSegment,
)
from hirehall.contracts.policy import policy, week_start_of
from hirehall.contracts.services.billing import (
    invoice_charge_card,
    invoice_release,
    invoice_week,
    protection_claim_pay,
)
from hirehall.contracts.services.disputes import (
    REMIND_BEFORE,
    dispute_deadline_remind,
    dispute_respond_timeout,
    mediation_flag_overdue,
)
from hirehall.contracts.services.fixed import milestone_auto_approve, milestone_remind, refund_request_expire
from hirehall.contracts.services.hourly import contract_weekly_limit_apply
from hirehall.core.sweeps_registry import run_batch, sweep


@sweep("contracts.auto_approve")
def auto_approve(now: datetime) -> int:
    due = (
        ContractMilestone.objects.filter(status=MilestoneStatus.SUBMITTED, auto_approve_at__lte=now)
        .order_by("auto_approve_at")
        .values_list("pk", flat=True)
    )
    return run_batch(
        "contracts.auto_approve", due, lambda pk: milestone_auto_approve(milestone_id=pk, now=now)
    ).done


@sweep("contracts.auto_approve_reminders")
def auto_approve_reminders(now: datetime) -> int:
    soon = now + timedelta(days=policy().reminder_days_before)
    due = ContractMilestone.objects.filter(
        status=MilestoneStatus.SUBMITTED,
        auto_approve_at__lte=soon,
        auto_approve_at__gt=now,
        reminder_sent_at__isnull=True,
    ).values_list("pk", flat=True)
    return run_batch(
        "contracts.auto_approve_reminders", due, lambda pk: milestone_remind(milestone_id=pk, now=now)
    ).done


@sweep("contracts.refund_requests")
def refund_requests(now: datetime) -> int:
    due = RefundRequest.objects.filter(status=RefundRequestStatus.OPEN, respond_by__lte=now).values_list(
        "pk", flat=True
    )
    return run_batch(
        "contracts.refund_requests", due, lambda pk: refund_request_expire(request_id=pk, now=now)
    ).done


@sweep("contracts.weekly_limits")
def weekly_limits(now: datetime) -> int:
    due = Contract.objects.filter(
        next_limit_from__lte=now.date(), next_weekly_limit_hours__isnull=False
    ).values_list("pk", flat=True)
    return run_batch(
        "contracts.weekly_limits", due, lambda pk: contract_weekly_limit_apply(contract_id=pk, now=now)
    ).done


def last_closed_week(now: datetime) -> date:
    """The latest week whose Monday-noon invoice time has come."""
    this_monday = week_start_of(now)
    noon = datetime.combine(this_monday, datetime.min.time(), tzinfo=now.tzinfo) + timedelta(hours=12)
    return this_monday - timedelta(days=7 if now >= noon else 14)


@sweep("contracts.invoice_weeks")
def invoice_weeks(now: datetime) -> int:
    """Monday 12:00: invoice every closed week that has unbilled time, then try cards for the short."""
    closed = last_closed_week(now)
    weeks = (
        WorkSegment.objects.filter(invoice__isnull=True, week_start__lte=closed)
        .values_list("contract_id", "week_start")
        .distinct()
        .order_by("week_start", "contract_id")
    )
    invoiced = run_batch(
        "contracts.invoice_weeks",
        weeks,
        lambda row: invoice_week(contract_id=row[0], week_start=row[1], now=now),
    )
    unpaid = Invoice.objects.filter(status=InvoiceStatus.UNPAID, protection_claim__isnull=True).values_list(
        "pk", flat=True
    )
    charged = run_batch(
        "contracts.charge_cards", unpaid, lambda pk: invoice_charge_card(invoice_id=pk, now=now)
    )
    return invoiced.done + charged.done


@sweep("contracts.release_invoices")
def release_invoices(now: datetime) -> int:
    due = Invoice.objects.filter(status=InvoiceStatus.IN_REVIEW, review_until__lt=now).values_list(
        "pk", flat=True
    )
    return run_batch(
        "contracts.release_invoices", due, lambda pk: invoice_release(invoice_id=pk, now=now)
    ).done


@sweep("contracts.protection_claims")
def protection_claims(now: datetime) -> int:
    due = ProtectionClaim.objects.filter(status=ProtectionClaim.Status.OPEN, decide_at__lt=now).values_list(
        "pk", flat=True
    )
    return run_batch(
        "contracts.protection_claims", due, lambda pk: protection_claim_pay(claim_id=pk, now=now)
    ).done


@sweep("contracts.dispute_deadlines")
def dispute_deadlines(now: datetime) -> int:
    waiting = Dispute.objects.filter(status=DisputeStatus.AWAITING_RESPONSE, respond_by__lte=now).values_list(
        "pk", flat=True
    )
    overdue = Dispute.objects.filter(
        status=DisputeStatus.STAFF_REVIEW, mediation_until__lte=now, mediation_overdue=False
    ).values_list("pk", flat=True)
    answered = run_batch(
        "contracts.dispute_deadlines", waiting, lambda pk: dispute_respond_timeout(dispute_id=pk, now=now)
    )
    flagged = run_batch(
        "contracts.mediation_overdue", overdue, lambda pk: mediation_flag_overdue(dispute_id=pk, now=now)
    )
    return answered.done + flagged.done


@sweep("contracts.dispute_deadline_reminders")
def dispute_deadline_reminders(now: datetime) -> int:
    """A day before an answer is due; the notification's key makes every later run a no-op."""
    due = (
        Dispute.objects.filter(
            status=DisputeStatus.AWAITING_RESPONSE, respond_by__gt=now, respond_by__lte=now + REMIND_BEFORE
        )
        .order_by("respond_by")
        .values_list("pk", flat=True)
    )
    return run_batch(
        "contracts.dispute_deadline_reminders",
        due,
        lambda pk: dispute_deadline_remind(dispute_id=pk, now=now),
    ).done
