"""Contracts: list, detail, files, bonuses, pause/resume/end, hourly terms, refund requests."""

from __future__ import annotations

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from ninja import Field, Query, Router, Schema, Status

from hirehall.contracts import selectors
from hirehall.contracts.api._common import MUTATE, ReasonIn, amount, get_contract
from hirehall.contracts.models import Contract, ContractFile, RefundRequest
from hirehall.contracts.schemas import (
    ContractDetailOut,
    ContractPage,
    DisputeOut,
    MoneyOut,
    RefundRequestOut,
)
from hirehall.contracts.services import (
    bonus_send,
    contract_end,
    contract_pause,
    contract_resume,
    contract_set_rate,
    contract_set_terms,
    refund_request_accept,
    refund_request_create,
)
from hirehall.contracts.services.disputes import refund_request_dispute
from hirehall.core.api import problems
from hirehall.core.files import serve_private_file
from hirehall.core.money import parse_money
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.payments.selectors import payment_method_get_for

router = Router()


@router.get("/contracts", response={200: ContractPage, **problems(400, 401)}, summary="Your contracts")
def contracts_list(
    request: HttpRequest,
    cursor: str | None = None,
    limit: int = Query(20, ge=1, le=100),
    role: Literal["any", "client", "freelancer"] = "any",
    status: Literal["any", "active", "paused", "ended"] = "any",
) -> dict[str, object]:
    user = request_user(request)
    qs: QuerySet[Contract] = selectors.contracts_for(user)
    if role == "client":
        qs = qs.filter(client=user)
    elif role == "freelancer":
        qs = qs.filter(freelancer=user)
    if status != "any":
        qs = qs.filter(status=status)
    rows, nxt = paginate(qs, cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.get(
    "/contracts/{contract_id}", response={200: ContractDetailOut, **problems(401, 404)}, summary="A contract"
)
def contract_get(request: HttpRequest, contract_id: Id) -> Contract:
    return get_contract(request, contract_id)[1]


@router.get(
    "/contracts/{contract_id}/files/{file_id}",
    response={200: None, **problems(401, 404)},
    summary="Download a file",
)
def contract_file_api(request: HttpRequest, contract_id: Id, file_id: Id) -> HttpResponseBase:
    item: ContractFile = selectors.file_get_for(request_user(request), contract_id, file_id)
    return serve_private_file(item.path, content_type=item.content_type, filename=item.original_name)


class BonusIn(Schema):
    amount: str = Field(..., max_length=20)
    note: str = Field("", max_length=200)
    payment_method_id: Id | None = None


@router.post("/contracts/{contract_id}/bonuses", response={201: MoneyOut, **MUTATE}, summary="Pay a bonus")
def bonus_api(request: HttpRequest, contract_id: Id, body: BonusIn) -> Status:
    user, contract = get_contract(request, contract_id)
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
    return Status(201, selectors.contract_detail(contract, user).money)


def _fresh(request: HttpRequest, contract_id: int) -> Contract:
    return get_contract(request, contract_id)[1]


@router.post(
    "/contracts/{contract_id}/end", response={200: ContractDetailOut, **MUTATE}, summary="End the contract"
)
def end_api(request: HttpRequest, contract_id: Id) -> Contract:
    user, contract = get_contract(request, contract_id)
    contract_end(actor=user, contract=contract)
    return _fresh(request, contract_id)


@router.post("/contracts/{contract_id}/pause", response={200: ContractDetailOut, **MUTATE}, summary="Pause")
def pause_api(request: HttpRequest, contract_id: Id, body: ReasonIn) -> Contract:
    user, contract = get_contract(request, contract_id)
    contract_pause(actor=user, contract=contract, reason=body.reason)
    return _fresh(request, contract_id)


@router.post("/contracts/{contract_id}/resume", response={200: ContractDetailOut, **MUTATE}, summary="Resume")
def resume_api(request: HttpRequest, contract_id: Id) -> Contract:
    user, contract = get_contract(request, contract_id)
    contract_resume(actor=user, contract=contract)
    return _fresh(request, contract_id)


class TermsIn(Schema):
    weekly_limit_hours: int | None = Field(None, ge=0, le=80)
    manual_time_allowed: bool | None = None
    hourly_rate: str | None = Field(
        None, max_length=20, description="only the client raises, only the freelancer lowers"
    )


@router.post(
    "/contracts/{contract_id}/terms", response={200: ContractDetailOut, **MUTATE}, summary="Hourly terms"
)
def terms_api(request: HttpRequest, contract_id: Id, body: TermsIn) -> Contract:
    user, contract = get_contract(request, contract_id)
    rate = amount(body.hourly_rate, "hourly_rate")
    if rate is not None:
        contract_set_rate(actor=user, contract=contract, hourly_rate_cents=rate)
    if body.weekly_limit_hours is not None or body.manual_time_allowed is not None:
        contract_set_terms(
            actor=user,
            contract=contract,
            weekly_limit_hours=body.weekly_limit_hours,
            manual_time_allowed=body.manual_time_allowed,
        )
    return _fresh(request, contract_id)


# --- refund requests (fixed price) -----------------------------------------------------------------
@router.post(
    "/contracts/{contract_id}/refund-request",
    response={201: RefundRequestOut, **MUTATE},
    summary="Ask for the escrow back (client)",
)
def refund_request_api(request: HttpRequest, contract_id: Id, body: ReasonIn) -> Status:
    user, contract = get_contract(request, contract_id)
    return Status(201, refund_request_create(actor=user, contract=contract, reason=body.reason))


@router.post(
    "/contracts/{contract_id}/refund-request/accept",
    response={200: RefundRequestOut, **MUTATE},
    summary="Accept the refund request (freelancer)",
)
def refund_accept_api(request: HttpRequest, contract_id: Id) -> RefundRequest:
    user, contract = get_contract(request, contract_id)
    return refund_request_accept(actor=user, contract=contract)


@router.post(
    "/contracts/{contract_id}/refund-request/dispute",
    response={201: DisputeOut, **MUTATE},
    summary="Dispute the refund request (freelancer)",
)
def refund_dispute_api(request: HttpRequest, contract_id: Id, body: ReasonIn) -> Status:
    user, contract = get_contract(request, contract_id)
    return Status(201, refund_request_dispute(actor=user, contract=contract, reason=body.reason))
