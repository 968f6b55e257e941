"""The contracts API's output shapes, each defined once, read straight from models and selector results.

Other apps' handlers return them too (offer acceptance answers with a ContractOut). Fields named like
the model's attribute are read as they are; the rest have a resolver. Money is a decimal string with
two places plus `currency`; ids are strings.
"""

from __future__ import annotations

from datetime import date, datetime
from datetime import date as datetime_date  # DiaryOut has a field named date
from typing import Any

from ninja import Schema

from hirehall.accounts.models import User
from hirehall.contracts import selectors
from hirehall.contracts.models import (
    Contract,
    ContractEvent,
    ContractMilestone,
    Dispute,
    Invoice,
    RefundRequest,
    Submission,
    WorkSegment,
)
from hirehall.core.money import CURRENCY, cents_to_decimal_str
from hirehall.core.schemas import IdStr, once

MoneyStr = str


def money(cents: int) -> str:
    return cents_to_decimal_str(cents)


def _money_or_none(cents: int | None) -> str | None:
    return None if cents is None else money(cents)


def file_url(contract_id: int, file_id: int) -> str:
    return f"/api/v1/contracts/{contract_id}/files/{file_id}"


class PartyOut(Schema):
    id: IdStr
    name: str

    @staticmethod
    def resolve_name(user: User) -> str:
        return user.display_name


class MilestoneOut(Schema):
    id: IdStr
    position: int
    description: str
    amount: MoneyStr
    currency: str = CURRENCY
    due_date: date | None
    status: str
    funded_at: datetime | None
    submitted_at: datetime | None
    auto_approve_at: datetime | None
    paid: MoneyStr

    @staticmethod
    def resolve_amount(m: ContractMilestone) -> str:
        return money(m.amount_cents)

    @staticmethod
    def resolve_paid(m: ContractMilestone) -> str:
        return money(m.paid_cents)


class MoneyOut(Schema):  # from selectors.MoneySummary
    currency: str = CURRENCY
    in_escrow: MoneyStr
    paid: MoneyStr
    bonuses: MoneyStr
    pending: MoneyStr
    available: MoneyStr

    @staticmethod
    def resolve_in_escrow(m: selectors.MoneySummary) -> str:
        return money(m.in_escrow)

    @staticmethod
    def resolve_paid(m: selectors.MoneySummary) -> str:
        return money(m.paid)

    @staticmethod
    def resolve_bonuses(m: selectors.MoneySummary) -> str:
        return money(m.bonuses)

    @staticmethod
    def resolve_pending(m: selectors.MoneySummary) -> str:
        return money(m.pending)

    @staticmethod
    def resolve_available(m: selectors.MoneySummary) -> str:
        return money(m.available)


class EventOut(Schema):
    kind: str
    text: str
    actor: str | None
    amount: MoneyStr | None
    at: datetime

    @staticmethod
    def resolve_actor(e: ContractEvent) -> str | None:
        return e.actor.display_name if e.actor else None

    @staticmethod
    def resolve_amount(e: ContractEvent) -> str | None:
        return _money_or_none(e.amount_cents)

    @staticmethod
    def resolve_at(e: ContractEvent) -> datetime:
        return e.created_at


class InvoiceOut(Schema):
    id: IdStr
    week_start: date
    status: str
    currency: str = CURRENCY
    rate: MoneyStr
    limit_hours: int
    tracked_minutes: int
    manual_minutes: int
    billable_minutes: int
    over_limit_minutes: int
    protected_minutes: int
    amount: MoneyStr
    paid: MoneyStr
    refunded: MoneyStr
    invoiced_at: datetime
    review_until: datetime
    available_at: datetime

    @staticmethod
    def resolve_rate(i: Invoice) -> str:
        return money(i.rate_cents)

    @staticmethod
    def resolve_amount(i: Invoice) -> str:
        return money(i.amount_cents)

    @staticmethod
    def resolve_paid(i: Invoice) -> str:
        return money(i.paid_cents)

    @staticmethod
    def resolve_refunded(i: Invoice) -> str:
        return money(i.refunded_cents)


class InvoicePage(Schema):
    items: list[InvoiceOut]
    next: str | None


class RefundRequestOut(Schema):
    id: IdStr
    status: str
    reason: str
    amount: MoneyStr
    currency: str = CURRENCY
    respond_by: datetime

    @staticmethod
    def resolve_amount(r: RefundRequest) -> str:
        return money(r.amount_cents)


class DisputeSummaryOut(Schema):
    id: IdStr
    kind: str
    status: str
    amount: MoneyStr
    respond_by: datetime

    @staticmethod
    def resolve_amount(d: Dispute) -> str:
        return money(d.amount_cents)


class ContractOut(Schema):  # needs contracts_for()'s select/prefetch: no query per contract
    id: IdStr
    kind: str
    title: str
    status: str
    job_id: IdStr
    client: PartyOut
    freelancer: PartyOut
    client_id: IdStr
    freelancer_id: IdStr
    is_trial: bool
    start_date: date | None
    milestones: list[MilestoneOut]
    currency: str = CURRENCY
    hourly_rate: MoneyStr | None
    weekly_limit_hours: int | None
    next_weekly_limit_hours: int | None
    next_limit_from: date | None
    manual_time_allowed: bool
    total: MoneyStr | None
    in_escrow: MoneyStr
    started_at: datetime
    ended_at: datetime | None

    @staticmethod
    def resolve_hourly_rate(c: Contract) -> str | None:
        return _money_or_none(c.hourly_rate_cents)

    @staticmethod
    def resolve_total(c: Contract) -> str | None:
        return _money_or_none(c.total_cents)

    @staticmethod
    def resolve_in_escrow(c: Contract) -> str:
        return money(selectors.in_escrow_cents(c))


def _detail(c: Contract, context: Any) -> selectors.ContractDetail:
    # What the caller sees of this contract, loaded once per response for all the fields below.
    viewer = context["request"].auth
    return once(context, ("contract_detail", c.pk), lambda: selectors.contract_detail(c, viewer))


# A contract as the signed-in party sees it: validated from the Contract, the request says who asks.
class ContractDetailOut(ContractOut):
    your_side: str
    paused_reason: str
    money: MoneyOut
    timeline: list[EventOut]
    invoices: list[InvoiceOut]
    refund_request: RefundRequestOut | None
    disputes: list[DisputeSummaryOut]

    @staticmethod
    def resolve_your_side(c: Contract, context: Any) -> str:
        return _detail(c, context).viewer_side

    @staticmethod
    def resolve_money(c: Contract, context: Any) -> selectors.MoneySummary:
        return _detail(c, context).money

    @staticmethod
    def resolve_timeline(c: Contract, context: Any) -> list[ContractEvent]:
        return _detail(c, context).events

    @staticmethod
    def resolve_invoices(c: Contract, context: Any) -> list[Invoice]:
        return _detail(c, context).invoices

    @staticmethod
    def resolve_refund_request(c: Contract, context: Any) -> RefundRequest | None:
        return _detail(c, context).refund_request

    @staticmethod
    def resolve_disputes(c: Contract, context: Any) -> list[Dispute]:
        return _detail(c, context).disputes


class ContractPage(Schema):
    items: list[ContractOut]
    next: str | None


class SubmissionOut(Schema):
    id: IdStr
    milestone_id: IdStr
    message: str
    files: list[str]
    auto_approve_at: datetime | None

    @staticmethod
    def resolve_files(s: Submission) -> list[str]:
        return [file_url(s.milestone.contract_id, f.pk) for f in s.files.all()]

    @staticmethod
    def resolve_auto_approve_at(s: Submission) -> datetime | None:
        return s.milestone.auto_approve_at


def _case(d: Dispute, context: Any) -> selectors.DisputeCase:
    return once(context, ("dispute_case", d.pk), lambda: selectors.dispute_case_file(d))


class CaseStatementOut(Schema):
    side: str
    name: str
    text: str
    at: datetime


class CaseDeadlineOut(Schema):
    name: str
    label: str
    at: datetime
    active: bool
    seconds_left: int


class CaseEventOut(Schema):
    kind: str
    text: str
    at: datetime
    amount: MoneyStr | None

    @staticmethod
    def resolve_at(e: ContractEvent) -> datetime:
        return e.created_at

    @staticmethod
    def resolve_amount(e: ContractEvent) -> str | None:
        return _money_or_none(e.amount_cents)


class DisputeDecisionOut(Schema):
    decided_by: str  # "staff", "client", "freelancer" (accepted it), or "deadline" (a sweep decided)
    reason: str
    outcome: str
    freelancer_share: MoneyStr | None
    client_share: MoneyStr | None
    resolved_at: datetime


class DisputeOut(Schema):
    """A dispute case file as a party reads it (issue 11): both sides' statements, deadlines with the
    seconds left, the case timeline, the thread, the evidence and the staff decision with its reason."""

    id: IdStr
    contract_id: IdStr
    kind: str
    status: str
    reason: str
    opened_by_side: str
    amount: MoneyStr
    currency: str = CURRENCY
    opened_at: datetime
    respond_by: datetime
    response: str
    mediation_until: datetime | None
    freelancer_share: MoneyStr | None
    client_share: MoneyStr | None
    outcome: str
    segment_ids: list[str]
    statements: list[CaseStatementOut]
    deadlines: list[CaseDeadlineOut]
    timeline: list[CaseEventOut]
    messages: list[dict[str, str]]
    evidence: list[dict[str, str]]
    decision: DisputeDecisionOut | None

    @staticmethod
    def resolve_amount(d: Dispute) -> str:
        return money(d.amount_cents)

    @staticmethod
    def resolve_freelancer_share(d: Dispute) -> str | None:
        return _money_or_none(d.freelancer_cents)

    @staticmethod
    def resolve_client_share(d: Dispute) -> str | None:
        return _money_or_none(d.client_cents)

    @staticmethod
    def resolve_opened_by_side(d: Dispute, context: Any) -> str:
        return _case(d, context).side_of(d.opened_by_id)

    @staticmethod
    def resolve_segment_ids(d: Dispute, context: Any) -> list[str]:
        return [str(pk) for pk in _case(d, context).segment_ids]

    @staticmethod
    def resolve_statements(d: Dispute, context: Any) -> list[selectors.CaseStatement]:
        return _case(d, context).statements

    @staticmethod
    def resolve_deadlines(d: Dispute, context: Any) -> list[selectors.CaseDeadline]:
        return _case(d, context).deadlines

    @staticmethod
    def resolve_timeline(d: Dispute, context: Any) -> list[ContractEvent]:
        return _case(d, context).events

    @staticmethod
    def resolve_messages(d: Dispute, context: Any) -> list[dict[str, str]]:
        case = _case(d, context)
        return [
            {
                "id": str(m.pk),
                "author": m.author.display_name,
                "side": case.side_of(m.author_id),
                "body": m.body,
                "at": m.created_at.isoformat(),
            }
            for m in case.messages
        ]

    @staticmethod
    def resolve_evidence(d: Dispute, context: Any) -> list[dict[str, str]]:
        case = _case(d, context)
        return [
            {
                "id": str(f.pk),
                "name": f.original_name,
                "side": case.side_of(f.uploaded_by_id),
                "uploaded_by": f.uploaded_by.display_name,
                "content_type": f.content_type,
                "at": f.created_at.isoformat(),
                "url": file_url(d.contract_id, f.pk),
            }
            for f in case.evidence
        ]

    @staticmethod
    def resolve_decision(d: Dispute, context: Any) -> dict[str, object] | None:
        if d.status != "resolved" or d.resolved_at is None:
            return None
        return {
            "decided_by": _case(d, context).decided_by,
            "reason": d.decision_reason,
            "outcome": d.outcome,
            "freelancer_share": _money_or_none(d.freelancer_cents),
            "client_share": _money_or_none(d.client_cents),
            "resolved_at": d.resolved_at,
        }


# --- the Work Diary --------------------------------------------------------------------------------
class SegmentOut(Schema):
    id: IdStr
    start: datetime
    kind: str
    memo: str
    screenshot: str | None
    keyboard: list[int]
    mouse: list[int]
    active_minutes: int
    billable: bool
    protected: bool
    invoiced: bool
    disputed: bool

    @staticmethod
    def resolve_screenshot(s: WorkSegment) -> str | None:
        if not s.screenshot:
            return None
        return f"/api/v1/contracts/{s.contract_id}/segments/{s.pk}/screenshot"

    @staticmethod
    def resolve_invoiced(s: WorkSegment) -> bool:
        return s.invoice_id is not None


class WeekOut(Schema):  # from selectors.WeekTotals
    week_start: date
    tracked_minutes: int
    manual_minutes: int
    total_minutes: int
    limit_hours: int
    billable_minutes: int
    over_limit_minutes: int
    invoice_at: datetime
    review_until: datetime
    invoice: InvoiceOut | None


class DiaryOut(Schema):  # from selectors.DiaryDay
    date: date
    segments: list[SegmentOut]
    week: WeekOut

    @staticmethod
    def resolve_date(d: selectors.DiaryDay) -> datetime_date:
        return d.day
