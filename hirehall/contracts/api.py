"""Contracts API: contracts, milestones, the Work Diary (the desktop tracker's API), invoices, disputes.

Thin: parse → authorise through a selector (another user's contract is a 404) → one service → render.
Money is a decimal string with two places plus `currency`; ids are strings; lists use cursors.
POSTs that move money honour `Idempotency-Key` (the middleware replays the stored answer; bonuses also
pass it to the ledger so a retried payment is one payment).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import FileResponse, HttpRequest, HttpResponseBase
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from hirehall.accounts.models import User
from hirehall.contracts import selectors
from hirehall.contracts.models import (
    Contract,
    ContractEvent,
    ContractFile,
    ContractMilestone,
    Dispute,
    Invoice,
    RefundRequest,
    WorkSegment,
)
from hirehall.contracts.services import (
    bonus_send,
    contract_end,
    contract_pause,
    contract_resume,
    contract_set_rate,
    contract_set_terms,
    manual_time_add,
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
    segment_delete,
    segment_record,
)
from hirehall.contracts.services.billing import invoice_pay
from hirehall.contracts.services.disputes import (
    dispute_evidence_add,
    dispute_message_add,
    fixed_dispute_respond,
    hourly_dispute_answer,
    hourly_dispute_open,
    milestone_dispute_open,
    refund_request_dispute,
)
from hirehall.contracts.services.hourly import SegmentInput
from hirehall.core.api import problems, request_user
from hirehall.core.clock import parse_instant
from hirehall.core.errors import DomainError
from hirehall.core.money import CURRENCY, cents_to_decimal_str, parse_money
from hirehall.core.pagination import paginate
from hirehall.core.schemas import IsoDate
from hirehall.payments.selectors import payment_method_get_for

router = Router(tags=["contracts"])
MoneyStr = str


def money(cents: int) -> str:
    return cents_to_decimal_str(cents)


def _instant(value: str, field: str) -> datetime:
    try:
        return parse_instant(value)
    except ValueError:
        raise DomainError("validation_error", f"{field} must be an ISO 8601 date-time") from None


def _amount(value: str | None, field: str = "amount") -> int | None:
    return None if value is None or value == "" else parse_money(value, field=field)


# --- output schemas ----------------------------------------------------------------------------------
class PartyOut(Schema):
    id: str
    name: str


class MilestoneOut(Schema):
    id: str
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


class MoneyOut(Schema):
    currency: str = CURRENCY
    in_escrow: MoneyStr
    paid: MoneyStr
    bonuses: MoneyStr
    pending: MoneyStr
    available: MoneyStr


class EventOut(Schema):
    kind: str
    text: str
    actor: str | None
    amount: MoneyStr | None
    at: datetime


class InvoiceOut(Schema):
    id: str
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


class RefundRequestOut(Schema):
    id: str
    status: str
    reason: str
    amount: MoneyStr
    currency: str = CURRENCY
    respond_by: datetime


class DisputeSummaryOut(Schema):
    id: str
    kind: str
    status: str
    amount: MoneyStr
    respond_by: datetime


class ContractOut(Schema):
    id: str
    kind: str
    title: str
    status: str
    job_id: str
    client: PartyOut
    freelancer: PartyOut
    client_id: str
    freelancer_id: str
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


class ContractDetailOut(ContractOut):
    your_side: str
    paused_reason: str
    money: MoneyOut
    timeline: list[EventOut]
    invoices: list[InvoiceOut]
    refund_request: RefundRequestOut | None
    disputes: list[DisputeSummaryOut]


class ContractPage(Schema):
    items: list[ContractOut]
    next: str | None


def _party(user: User) -> dict[str, str]:
    return {"id": str(user.pk), "name": user.display_name}


def contract_out(c: Contract) -> dict[str, Any]:
    """The contract's terms and state (used by this API and by offer acceptance)."""
    return {
        "id": str(c.pk),
        "kind": c.kind,
        "title": c.title,
        "status": c.status,
        "job_id": str(c.job_id),
        "client": _party(c.client),
        "freelancer": _party(c.freelancer),
        "client_id": str(c.client_id),
        "freelancer_id": str(c.freelancer_id),
        "is_trial": c.is_trial,
        "start_date": c.start_date,
        "milestones": [_milestone(m) for m in c.milestones.all()],
        "hourly_rate": money(c.hourly_rate_cents) if c.hourly_rate_cents is not None else None,
        "weekly_limit_hours": c.weekly_limit_hours,
        "next_weekly_limit_hours": c.next_weekly_limit_hours,
        "next_limit_from": c.next_limit_from,
        "manual_time_allowed": c.manual_time_allowed,
        "total": money(c.total_cents) if c.total_cents is not None else None,
        "in_escrow": money(selectors.in_escrow_cents(c)),
        "started_at": c.started_at,
        "ended_at": c.ended_at,
    }


def _milestone(m: ContractMilestone) -> dict[str, Any]:
    return {
        "id": str(m.pk),
        "position": m.position,
        "description": m.description,
        "amount": money(m.amount_cents),
        "due_date": m.due_date,
        "status": m.status,
        "funded_at": m.funded_at,
        "submitted_at": m.submitted_at,
        "auto_approve_at": m.auto_approve_at,
        "paid": money(m.paid_cents),
    }


def _event(e: ContractEvent) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "text": e.text,
        "actor": e.actor.display_name if e.actor else None,
        "amount": money(e.amount_cents) if e.amount_cents is not None else None,
        "at": e.created_at,
    }


def _invoice(i: Invoice) -> dict[str, Any]:
    return {
        "id": str(i.pk),
        "week_start": i.week_start,
        "status": i.status,
        "rate": money(i.rate_cents),
        "limit_hours": i.limit_hours,
        "tracked_minutes": i.tracked_minutes,
        "manual_minutes": i.manual_minutes,
        "billable_minutes": i.billable_minutes,
        "over_limit_minutes": i.over_limit_minutes,
        "protected_minutes": i.protected_minutes,
        "amount": money(i.amount_cents),
        "paid": money(i.paid_cents),
        "refunded": money(i.refunded_cents),
        "invoiced_at": i.invoiced_at,
        "review_until": i.review_until,
        "available_at": i.available_at,
    }


def _refund(r: RefundRequest | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "id": str(r.pk),
        "status": r.status,
        "reason": r.reason,
        "amount": money(r.amount_cents),
        "respond_by": r.respond_by,
    }


def _detail(user: User, contract: Contract) -> dict[str, Any]:
    d = selectors.contract_detail(contract, user)
    m = d.money
    return {
        **contract_out(contract),
        "your_side": d.viewer_side,
        "paused_reason": contract.paused_reason,
        "money": {
            "in_escrow": money(m.in_escrow),
            "paid": money(m.paid),
            "bonuses": money(m.bonuses),
            "pending": money(m.pending),
            "available": money(m.available),
        },
        "timeline": [_event(e) for e in d.events],
        "invoices": [_invoice(i) for i in d.invoices],
        "refund_request": _refund(d.refund_request),
        "disputes": [
            {
                "id": str(x.pk),
                "kind": x.kind,
                "status": x.status,
                "amount": money(x.amount_cents),
                "respond_by": x.respond_by,
            }
            for x in d.disputes
        ],
    }


def _get(request: HttpRequest, contract_id: str) -> tuple[User, Contract]:
    user = request_user(request)
    return user, selectors.contract_get_for(user, contract_id)


def _mid(value: str) -> int:
    pk = selectors.parse_id(value)
    if pk is None:
        raise DomainError("not_found", "Not found.")
    return pk


def _ids(values: list[str], what: str) -> list[int]:
    ids = [selectors.parse_id(x) for x in values]
    if any(pk is None for pk in ids):
        raise DomainError("validation_error", f"{what} are ids (digits).")
    return [pk for pk in ids if pk is not None]


# --- contracts -------------------------------------------------------------------------------------
@router.get("/contracts", response={200: ContractPage, **problems(400, 401)}, summary="Your contracts")
def contracts_list(
    request: HttpRequest,
    cursor: str | None = None,
    limit: int = Query(20, ge=1, le=100),
    role: Literal["any", "client", "freelancer"] = "any",
    status: Literal["any", "active", "paused", "ended"] = "any",
) -> dict[str, Any]:
    user = request_user(request)
    qs = selectors.contracts_for(user)
    if role == "client":
        qs = qs.filter(client=user)
    elif role == "freelancer":
        qs = qs.filter(freelancer=user)
    if status != "any":
        qs = qs.filter(status=status)
    rows, nxt = paginate(qs, cursor=cursor, limit=limit)
    return {"items": [contract_out(c) for c in rows], "next": nxt}


@router.get(
    "/contracts/{contract_id}", response={200: ContractDetailOut, **problems(401, 404)}, summary="A contract"
)
def contract_get(request: HttpRequest, contract_id: str) -> dict[str, Any]:
    user, contract = _get(request, contract_id)
    return _detail(user, contract)


class MilestoneIn(Schema):
    description: str = Field(..., max_length=300)
    amount: str = Field(..., max_length=20, description='decimal string, e.g. "250.00"')
    due_date: IsoDate | None = None


class MilestoneEditIn(Schema):
    description: str | None = Field(None, max_length=300)
    amount: str | None = Field(None, max_length=20)
    due_date: IsoDate | None = None


class ReorderIn(Schema):
    order: list[str] = Field(..., max_length=200, description="every milestone id, in the new order")


class FundIn(Schema):
    payment_method_id: str | None = Field(
        None, max_length=20, description="a saved card; default: the wallet"
    )


class ApproveIn(Schema):
    amount: str | None = Field(
        None, max_length=20, description="release a different amount (the rest is refunded)"
    )


class MessageIn(Schema):
    message: str = Field(..., max_length=5000)


class ReasonIn(Schema):
    reason: str = Field("", max_length=3000)


MUTATE = problems(400, 401, 403, 404, 409, 413, 415, 422)


@router.post(
    "/contracts/{contract_id}/milestones", response={201: MilestoneOut, **MUTATE}, summary="Add a milestone"
)
def milestone_create_api(request: HttpRequest, contract_id: str, body: MilestoneIn) -> Status:
    user, contract = _get(request, contract_id)
    amount = parse_money(body.amount)
    m = milestone_add(
        actor=user,
        contract=contract,
        description=body.description,
        amount_cents=amount,
        due_date=body.due_date,
    )
    return Status(201, _milestone(m))


@router.patch(
    "/contracts/{contract_id}/milestones/{milestone_id}",
    response={200: MilestoneOut, **MUTATE},
    summary="Edit an unfunded milestone",
)
def milestone_edit_api(
    request: HttpRequest, contract_id: str, milestone_id: str, body: MilestoneEditIn
) -> dict[str, Any]:
    user, contract = _get(request, contract_id)
    m = milestone_edit(
        actor=user,
        contract=contract,
        milestone_id=_mid(milestone_id),
        description=body.description,
        amount_cents=_amount(body.amount),
        due_date=body.due_date,
    )
    return _milestone(m)


@router.delete(
    "/contracts/{contract_id}/milestones/{milestone_id}",
    response={204: None, **MUTATE},
    summary="Remove an unfunded milestone",
)
def milestone_delete_api(request: HttpRequest, contract_id: str, milestone_id: str) -> Status:
    user, contract = _get(request, contract_id)
    milestone_remove(actor=user, contract=contract, milestone_id=_mid(milestone_id))
    return Status(204, None)


@router.post(
    "/contracts/{contract_id}/reorder-milestones",
    response={200: list[MilestoneOut], **MUTATE},
    summary="Reorder milestones",
)
def milestones_reorder_api(request: HttpRequest, contract_id: str, body: ReorderIn) -> list[dict[str, Any]]:
    user, contract = _get(request, contract_id)
    order = _ids(body.order, "Milestones")
    return [_milestone(m) for m in milestones_reorder(actor=user, contract=contract, order=order)]


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/fund",
    response={200: MilestoneOut, **MUTATE},
    summary="Fund a milestone",
)
def milestone_fund_api(
    request: HttpRequest, contract_id: str, milestone_id: str, body: FundIn
) -> dict[str, Any]:
    user, contract = _get(request, contract_id)
    method = payment_method_get_for(user, body.payment_method_id) if body.payment_method_id else None
    return _milestone(
        milestone_fund(actor=user, contract=contract, milestone_id=_mid(milestone_id), payment_method=method)
    )


class SubmissionOut(Schema):
    id: str
    milestone_id: str
    message: str
    files: list[str]
    auto_approve_at: datetime | None


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/submit",
    response={201: SubmissionOut, **MUTATE},
    summary="Submit work (message + files)",
)
def milestone_submit_api(
    request: HttpRequest,
    contract_id: str,
    milestone_id: str,
    message: Form[str] = "",
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    user, contract = _get(request, contract_id)
    submission = milestone_submit(
        actor=user,
        contract=contract,
        milestone_id=_mid(milestone_id),
        message=message,
        files=list(files or []),
    )
    milestone = submission.milestone
    return Status(
        201,
        {
            "id": str(submission.pk),
            "milestone_id": str(milestone.pk),
            "message": submission.message,
            "files": [f"/api/v1/contracts/{contract.pk}/files/{f.pk}" for f in submission.files.all()],
            "auto_approve_at": milestone.auto_approve_at,
        },
    )


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/approve",
    response={200: MilestoneOut, **MUTATE},
    summary="Approve and pay (optionally a different amount)",
)
def milestone_approve_api(
    request: HttpRequest, contract_id: str, milestone_id: str, body: ApproveIn
) -> dict[str, Any]:
    user, contract = _get(request, contract_id)
    m = milestone_approve(
        actor=user, contract=contract, milestone_id=_mid(milestone_id), amount_cents=_amount(body.amount)
    )
    return _milestone(m)


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/request-changes",
    response={200: MilestoneOut, **MUTATE},
    summary="Request changes",
)
def milestone_changes_api(
    request: HttpRequest, contract_id: str, milestone_id: str, body: MessageIn
) -> dict[str, Any]:
    user, contract = _get(request, contract_id)
    return _milestone(
        milestone_request_changes(
            actor=user, contract=contract, milestone_id=_mid(milestone_id), message=body.message
        )
    )


class DisputeOut(Schema):
    id: str
    contract_id: str
    kind: str
    status: str
    reason: str
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
    messages: list[dict[str, str]]
    evidence: list[dict[str, str]]


def _dispute(d: Dispute) -> dict[str, Any]:
    messages, evidence, segment_ids = selectors.dispute_case(d)
    return {
        "id": str(d.pk),
        "contract_id": str(d.contract_id),
        "kind": d.kind,
        "status": d.status,
        "reason": d.reason,
        "amount": money(d.amount_cents),
        "opened_at": d.opened_at,
        "respond_by": d.respond_by,
        "response": d.response,
        "mediation_until": d.mediation_until,
        "freelancer_share": money(d.freelancer_cents) if d.freelancer_cents is not None else None,
        "client_share": money(d.client_cents) if d.client_cents is not None else None,
        "outcome": d.outcome,
        "segment_ids": [str(x) for x in segment_ids],
        "messages": [
            {"author": m.author.display_name, "body": m.body, "at": m.created_at.isoformat()}
            for m in messages
        ],
        "evidence": [
            {"name": f.original_name, "url": f"/api/v1/contracts/{d.contract_id}/files/{f.pk}"}
            for f in evidence
        ],
    }


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/dispute",
    response={201: DisputeOut, **MUTATE},
    summary="Dispute a non-release (freelancer)",
)
def milestone_dispute_api(
    request: HttpRequest, contract_id: str, milestone_id: str, body: ReasonIn
) -> Status:
    user, contract = _get(request, contract_id)
    return Status(
        201,
        _dispute(
            milestone_dispute_open(
                actor=user, contract=contract, milestone_id=_mid(milestone_id), reason=body.reason
            )
        ),
    )


@router.get(
    "/contracts/{contract_id}/files/{file_id}",
    response={200: None, **problems(401, 404)},
    summary="Download a file",
)
def contract_file_api(request: HttpRequest, contract_id: str, file_id: str) -> HttpResponseBase:
    item: ContractFile = selectors.file_get_for(request_user(request), contract_id, file_id)
    return _serve(item.path, item.content_type, item.original_name)


def _serve(path: str, content_type: str, name: str, *, inline: bool = False) -> HttpResponseBase:
    from django.core.files.storage import default_storage

    if not path or not default_storage.exists(path):
        raise DomainError("not_found", "The file is gone.")
    response = FileResponse(
        default_storage.open(path, "rb"), content_type=content_type, as_attachment=not inline, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class BonusIn(Schema):
    amount: str = Field(..., max_length=20)
    note: str = Field("", max_length=200)
    payment_method_id: str | None = Field(None, max_length=20)


@router.post("/contracts/{contract_id}/bonuses", response={201: MoneyOut, **MUTATE}, summary="Pay a bonus")
def bonus_api(request: HttpRequest, contract_id: str, body: BonusIn) -> Status:
    user, contract = _get(request, contract_id)
    method = payment_method_get_for(user, body.payment_method_id) if body.payment_method_id else None
    key = request.META.get("HTTP_IDEMPOTENCY_KEY") or None
    bonus_send(
        actor=user,
        contract=contract,
        amount_cents=parse_money(body.amount),
        note=body.note,
        key=key,
        payment_method=method,
    )
    return Status(201, _detail(user, contract)["money"])


@router.post(
    "/contracts/{contract_id}/end", response={200: ContractDetailOut, **MUTATE}, summary="End the contract"
)
def end_api(request: HttpRequest, contract_id: str) -> dict[str, Any]:
    user, contract = _get(request, contract_id)
    contract_end(actor=user, contract=contract)
    return _detail(user, selectors.contract_get_for(user, contract_id))


@router.post("/contracts/{contract_id}/pause", response={200: ContractDetailOut, **MUTATE}, summary="Pause")
def pause_api(request: HttpRequest, contract_id: str, body: ReasonIn) -> dict[str, Any]:
    user, contract = _get(request, contract_id)
    contract_pause(actor=user, contract=contract, reason=body.reason)
    return _detail(user, selectors.contract_get_for(user, contract_id))


@router.post("/contracts/{contract_id}/resume", response={200: ContractDetailOut, **MUTATE}, summary="Resume")
def resume_api(request: HttpRequest, contract_id: str) -> dict[str, Any]:
    user, contract = _get(request, contract_id)
    contract_resume(actor=user, contract=contract)
    return _detail(user, selectors.contract_get_for(user, contract_id))


@router.post(
    "/contracts/{contract_id}/refund-request",
    response={201: RefundRequestOut, **MUTATE},
    summary="Ask for the escrow back (client)",
)
def refund_request_api(request: HttpRequest, contract_id: str, body: ReasonIn) -> Status:
    user, contract = _get(request, contract_id)
    return Status(201, _refund(refund_request_create(actor=user, contract=contract, reason=body.reason)))


@router.post(
    "/contracts/{contract_id}/refund-request/accept",
    response={200: RefundRequestOut, **MUTATE},
    summary="Accept the refund request (freelancer)",
)
def refund_accept_api(request: HttpRequest, contract_id: str) -> dict[str, Any] | None:
    user, contract = _get(request, contract_id)
    return _refund(refund_request_accept(actor=user, contract=contract))


@router.post(
    "/contracts/{contract_id}/refund-request/dispute",
    response={201: DisputeOut, **MUTATE},
    summary="Dispute the refund request (freelancer)",
)
def refund_dispute_api(request: HttpRequest, contract_id: str, body: ReasonIn) -> Status:
    user, contract = _get(request, contract_id)
    return Status(201, _dispute(refund_request_dispute(actor=user, contract=contract, reason=body.reason)))


class TermsIn(Schema):
    weekly_limit_hours: int | None = Field(None, ge=0, le=80)
    manual_time_allowed: bool | None = None
    hourly_rate: str | None = Field(
        None, max_length=20, description="only the client raises, only the freelancer lowers"
    )


@router.post(
    "/contracts/{contract_id}/terms", response={200: ContractDetailOut, **MUTATE}, summary="Hourly terms"
)
def terms_api(request: HttpRequest, contract_id: str, body: TermsIn) -> dict[str, Any]:
    user, contract = _get(request, contract_id)
    rate = _amount(body.hourly_rate, "hourly_rate")
    if rate is not None:
        contract_set_rate(actor=user, contract=contract, hourly_rate_cents=rate)
    if body.weekly_limit_hours is not None or body.manual_time_allowed is not None:
        contract_set_terms(
            actor=user,
            contract=contract,
            weekly_limit_hours=body.weekly_limit_hours,
            manual_time_allowed=body.manual_time_allowed,
        )
    return _detail(user, selectors.contract_get_for(user, contract_id))


# --- the Work Diary --------------------------------------------------------------------------------
class SegmentOut(Schema):
    id: str
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


def _segment(s: WorkSegment) -> dict[str, Any]:
    return {
        "id": str(s.pk),
        "start": s.start,
        "kind": s.kind,
        "memo": s.memo,
        "screenshot": f"/api/v1/contracts/{s.contract_id}/segments/{s.pk}/screenshot"
        if s.screenshot
        else None,
        "keyboard": s.keyboard,
        "mouse": s.mouse,
        "active_minutes": s.active_minutes,
        "billable": s.billable,
        "protected": s.protected,
        "invoiced": s.invoice_id is not None,
        "disputed": s.disputed,
    }


class WeekOut(Schema):
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


class DiaryOut(Schema):
    date: date
    segments: list[SegmentOut]
    week: WeekOut


@router.get(
    "/contracts/{contract_id}/work-diary",
    response={200: DiaryOut, **problems(401, 404, 409, 422)},
    summary="Work Diary: a day",
)
def diary_api(
    request: HttpRequest,
    contract_id: str,
    day: IsoDate | None = Query(None, alias="date"),  # noqa: B008 - Ninja's API
) -> dict[str, Any]:
    _, contract = _get(request, contract_id)
    if not contract.is_hourly:
        raise DomainError("wrong_contract_kind", "The Work Diary is for hourly contracts.")
    if day is not None and not date(2000, 1, 1) <= day <= date(2999, 12, 31):
        raise DomainError("validation_error", "date is out of range")
    d = selectors.diary_day(contract, day)
    w = d.week
    return {
        "date": d.day,
        "segments": [_segment(s) for s in d.segments],
        "week": {
            "week_start": w.week_start,
            "tracked_minutes": w.tracked_minutes,
            "manual_minutes": w.manual_minutes,
            "total_minutes": w.total_minutes,
            "limit_hours": w.limit_hours,
            "billable_minutes": w.billable_minutes,
            "over_limit_minutes": w.over_limit_minutes,
            "invoice_at": w.invoice_at,
            "review_until": w.review_until,
            "invoice": _invoice(w.invoice) if w.invoice else None,
        },
    }


class SegmentIn(Schema):
    start: str = Field(..., max_length=40, description="ISO 8601, aligned to 10 minutes (UTC)")
    memo: str = Field("", max_length=2000, description="up to 300 characters are accepted")
    keyboard: list[int] = Field(..., max_length=60, description="keystrokes per minute (10 values)")
    mouse: list[int] = Field(..., max_length=60, description="mouse events per minute (10 values)")
    screenshot: str = Field(
        "", max_length=4_000_000, description="base64 PNG/JPEG/WebP, at most 2 MB decoded"
    )
    screenshot_at: str | None = Field(None, max_length=40)


@router.post(
    "/contracts/{contract_id}/segments",
    response={200: SegmentOut, 201: SegmentOut, **MUTATE},
    summary="Record a tracked segment (desktop tracker)",
)
def segment_api(request: HttpRequest, contract_id: str, body: SegmentIn) -> Status:
    user, contract = _get(request, contract_id)
    data = SegmentInput(
        start=_instant(body.start, "start"),
        memo=body.memo,
        keyboard=tuple(body.keyboard),
        mouse=tuple(body.mouse),
        screenshot_b64=body.screenshot,
        screenshot_at=_instant(body.screenshot_at, "screenshot_at") if body.screenshot_at else None,
    )
    segment, created = segment_record(actor=user, contract=contract, data=data)
    return Status(201 if created else 200, _segment(segment))


@router.delete(
    "/contracts/{contract_id}/segments/{segment_id}",
    response={204: None, **MUTATE},
    summary="Delete a segment (before invoicing)",
)
def segment_delete_api(request: HttpRequest, contract_id: str, segment_id: str) -> Status:
    user, contract = _get(request, contract_id)
    segment = selectors.segment_get_for(user, contract_id, segment_id)
    segment_delete(actor=user, contract=contract, segment_id=segment.pk)
    return Status(204, None)


@router.get(
    "/contracts/{contract_id}/segments/{segment_id}/screenshot",
    response={200: None, **problems(401, 404)},
    summary="A screenshot",
)
def screenshot_api(request: HttpRequest, contract_id: str, segment_id: str) -> HttpResponseBase:
    segment = selectors.segment_get_for(request_user(request), contract_id, segment_id)
    return _serve(segment.screenshot, "image/jpeg", f"segment-{segment.pk}.jpg", inline=True)


class ManualIn(Schema):
    start: str = Field(..., max_length=40)
    end: str = Field(..., max_length=40)
    memo: str = Field(..., max_length=2000)


@router.post(
    "/contracts/{contract_id}/manual-time",
    response={201: list[SegmentOut], **MUTATE},
    summary="Add manual time",
)
def manual_api(request: HttpRequest, contract_id: str, body: ManualIn) -> Status:
    user, contract = _get(request, contract_id)
    made = manual_time_add(
        actor=user,
        contract=contract,
        start=_instant(body.start, "start"),
        end=_instant(body.end, "end"),
        memo=body.memo,
    )
    return Status(201, [_segment(s) for s in made])


class InvoicePage(Schema):
    items: list[InvoiceOut]
    next: str | None


@router.get(
    "/contracts/{contract_id}/invoices",
    response={200: InvoicePage, **problems(400, 401, 404)},
    summary="Weekly invoices",
)
def invoices_api(
    request: HttpRequest,
    contract_id: str,
    cursor: str | None = None,
    limit: int = Query(20, ge=1, le=100),
) -> dict[str, Any]:
    _, contract = _get(request, contract_id)
    rows, nxt = paginate(selectors.invoices_for(contract), cursor=cursor, limit=limit)
    return {"items": [_invoice(i) for i in rows], "next": nxt}


class InvoiceDisputeIn(Schema):
    segment_ids: list[str] = Field(..., max_length=1000)
    reason: str = Field(..., max_length=3000)


@router.post(
    "/contracts/{contract_id}/invoices/{invoice_id}/dispute",
    response={201: DisputeOut, **MUTATE},
    summary="Dispute time on an invoice (client, during review)",
)
def invoice_dispute_api(
    request: HttpRequest, contract_id: str, invoice_id: str, body: InvoiceDisputeIn
) -> Status:
    user, contract = _get(request, contract_id)
    d = hourly_dispute_open(
        actor=user,
        contract=contract,
        invoice_id=_mid(invoice_id),
        segment_ids=_ids(body.segment_ids, "Segments"),
        reason=body.reason,
    )
    return Status(201, _dispute(d))


@router.post(
    "/contracts/{contract_id}/invoices/{invoice_id}/pay",
    response={200: InvoiceOut, **MUTATE},
    summary="Pay an unpaid invoice",
)
def invoice_pay_api(request: HttpRequest, contract_id: str, invoice_id: str) -> dict[str, Any]:
    user, contract = _get(request, contract_id)
    return _invoice(invoice_pay(actor=user, contract=contract, invoice_id=_mid(invoice_id)))


# --- disputes --------------------------------------------------------------------------------------
@router.get(
    "/disputes/{dispute_id}", response={200: DisputeOut, **problems(401, 404)}, summary="A dispute case"
)
def dispute_api(request: HttpRequest, dispute_id: str) -> dict[str, Any]:
    return _dispute(selectors.dispute_get_for(request_user(request), dispute_id))


class AnswerIn(Schema):
    accept: bool | None = Field(None, description="hourly (freelancer): accept = refund the disputed time")
    message: str = Field("", max_length=5000, description="fixed price (client): your response")


@router.post(
    "/disputes/{dispute_id}/answer", response={200: DisputeOut, **MUTATE}, summary="Answer a dispute"
)
def dispute_answer_api(request: HttpRequest, dispute_id: str, body: AnswerIn) -> dict[str, Any]:
    user = request_user(request)
    dispute = selectors.dispute_get_for(user, dispute_id)
    if dispute.kind == Dispute.Kind.HOURLY:
        if body.accept is None:
            raise DomainError("validation_error", "Say whether you accept (true) or decline (false).")
        hourly_dispute_answer(actor=user, dispute=dispute, accept=body.accept, note=body.message)
    else:
        fixed_dispute_respond(actor=user, dispute=dispute, message=body.message)
    return _dispute(selectors.dispute_get_for(user, dispute_id))


@router.post(
    "/disputes/{dispute_id}/messages",
    response={201: DisputeOut, **MUTATE},
    summary="Add a message to the case",
)
def dispute_message_api(request: HttpRequest, dispute_id: str, body: MessageIn) -> Status:
    user = request_user(request)
    dispute = selectors.dispute_get_for(user, dispute_id)
    dispute_message_add(actor=user, dispute=dispute, body=body.message)
    return Status(201, _dispute(dispute))


@router.post(
    "/disputes/{dispute_id}/evidence", response={201: DisputeOut, **MUTATE}, summary="Add evidence files"
)
def dispute_evidence_api(
    request: HttpRequest,
    dispute_id: str,
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    user = request_user(request)
    dispute = selectors.dispute_get_for(user, dispute_id)
    dispute_evidence_add(actor=user, dispute=dispute, files=list(files or []))
    return Status(201, _dispute(dispute))
