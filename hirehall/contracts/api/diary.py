"""Hourly contracts: the Work Diary (the desktop tracker's API), manual time, weekly invoices."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponseBase
from ninja import Field, Query, Router, Schema, Status

from hirehall.contracts import selectors
from hirehall.contracts.api._common import MUTATE, get_contract, instant
from hirehall.contracts.models import Invoice, WorkSegment
from hirehall.contracts.schemas import DiaryOut, DisputeOut, InvoiceOut, InvoicePage, SegmentOut
from hirehall.contracts.services import manual_time_add, segment_delete, segment_record
from hirehall.contracts.services.billing import invoice_pay
from hirehall.contracts.services.disputes import hourly_dispute_open
from hirehall.contracts.services.hourly import SegmentInput
from hirehall.core.api import problems
from hirehall.core.errors import DomainError
from hirehall.core.files import serve_private_file
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id, IsoDate
from hirehall.core.web import request_user

router = Router()


@router.get(
    "/contracts/{contract_id}/work-diary",
    response={200: DiaryOut, **problems(401, 404, 409, 422)},
    summary="Work Diary: a day",
)
def diary_api(
    request: HttpRequest,
    contract_id: Id,
    day: IsoDate | None = Query(None, alias="date"),  # noqa: B008 - Ninja's API
) -> selectors.DiaryDay:
    _, contract = get_contract(request, contract_id)
    if not contract.is_hourly:
        raise DomainError("wrong_contract_kind", "The Work Diary is for hourly contracts.")
    if day is not None and not date(2000, 1, 1) <= day <= date(2999, 12, 31):
        raise DomainError("validation_error", "date is out of range")
    return selectors.diary_day(contract, day)


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
def segment_api(request: HttpRequest, contract_id: Id, body: SegmentIn) -> Status:
    user, contract = get_contract(request, contract_id)
    data = SegmentInput(
        start=instant(body.start, "start"),
        memo=body.memo,
        keyboard=tuple(body.keyboard),
        mouse=tuple(body.mouse),
        screenshot_b64=body.screenshot,
        screenshot_at=instant(body.screenshot_at, "screenshot_at") if body.screenshot_at else None,
    )
    segment, created = segment_record(actor=user, contract=contract, data=data)
    return Status(201 if created else 200, segment)


@router.delete(
    "/contracts/{contract_id}/segments/{segment_id}",
    response={204: None, **MUTATE},
    summary="Delete a segment (before invoicing)",
)
def segment_delete_api(request: HttpRequest, contract_id: Id, segment_id: Id) -> Status:
    user, contract = get_contract(request, contract_id)
    segment = selectors.segment_get_for(user, contract_id, segment_id)
    segment_delete(actor=user, contract=contract, segment_id=segment.pk)
    return Status(204, None)


@router.get(
    "/contracts/{contract_id}/segments/{segment_id}/screenshot",
    response={200: None, **problems(401, 404)},
    summary="A screenshot",
)
def screenshot_api(request: HttpRequest, contract_id: Id, segment_id: Id) -> HttpResponseBase:
    segment = selectors.segment_get_for(request_user(request), contract_id, segment_id)
    return serve_private_file(
        segment.screenshot, content_type="image/jpeg", filename=f"segment-{segment.pk}.jpg"
    )


class ManualIn(Schema):
    start: str = Field(..., max_length=40)
    end: str = Field(..., max_length=40)
    memo: str = Field(..., max_length=2000)


@router.post(
    "/contracts/{contract_id}/manual-time",
    response={201: list[SegmentOut], **MUTATE},
    summary="Add manual time",
)
def manual_api(request: HttpRequest, contract_id: Id, body: ManualIn) -> Status:
    user, contract = get_contract(request, contract_id)
    made: list[WorkSegment] = manual_time_add(
        actor=user,
        contract=contract,
        start=instant(body.start, "start"),
        end=instant(body.end, "end"),
        memo=body.memo,
    )
    return Status(201, made)


# --- weekly invoices -------------------------------------------------------------------------------
@router.get(
    "/contracts/{contract_id}/invoices",
    response={200: InvoicePage, **problems(400, 401, 404)},
    summary="Weekly invoices",
)
def invoices_api(
    request: HttpRequest,
    contract_id: Id,
    cursor: str | None = None,
    limit: int = Query(20, ge=1, le=100),
) -> dict[str, object]:
    _, contract = get_contract(request, contract_id)
    rows, nxt = paginate(selectors.invoices_for(contract), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


class InvoiceDisputeIn(Schema):
    segment_ids: list[Id] = Field(..., max_length=1000)
    reason: str = Field(..., max_length=3000)


@router.post(
    "/contracts/{contract_id}/invoices/{invoice_id}/dispute",
    response={201: DisputeOut, **MUTATE},
    summary="Dispute time on an invoice (client, during review)",
)
def invoice_dispute_api(
    request: HttpRequest, contract_id: Id, invoice_id: Id, body: InvoiceDisputeIn
) -> Status:
    user, contract = get_contract(request, contract_id)
    dispute = hourly_dispute_open(
        actor=user,
        contract=contract,
        invoice_id=invoice_id,
        segment_ids=body.segment_ids,
        reason=body.reason,
    )
    return Status(201, dispute)


@router.post(
    "/contracts/{contract_id}/invoices/{invoice_id}/pay",
    response={200: InvoiceOut, **MUTATE},
    summary="Pay an unpaid invoice",
)
def invoice_pay_api(request: HttpRequest, contract_id: Id, invoice_id: Id) -> Invoice:
    user, contract = get_contract(request, contract_id)
    return invoice_pay(actor=user, contract=contract, invoice_id=invoice_id)
