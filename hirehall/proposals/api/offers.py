"""Offers: the client's terms on a proposal; accepting one starts the contract."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hirehall.contracts.schemas import ContractOut
from hirehall.core.api import problems
from hirehall.core.errors import NotFound
from hirehall.core.pagination import paginate
from hirehall.core.schemas import Id, IsoDate
from hirehall.core.web import request_user
from hirehall.payments.selectors import payment_method_get_for
from hirehall.proposals import selectors, services
from hirehall.proposals.api._common import ACTION, positive_cents
from hirehall.proposals.models import Offer
from hirehall.proposals.schemas import OfferOut, OfferPage

router = Router()


class OfferMilestoneIn(Schema):
    description: str = Field(max_length=300)
    amount: str
    due_date: IsoDate | None = None


class OfferIn(Schema):
    kind: Literal["hourly", "fixed"]
    title: str = Field(max_length=120)
    hourly_rate: str | None = None
    weekly_limit_hours: int | None = Field(None, ge=1, le=80)
    manual_time_allowed: bool = False
    milestones: list[OfferMilestoneIn] = Field(default_factory=list, max_length=20)
    is_trial: bool = False
    start_date: IsoDate | None = None
    message: str = Field("", max_length=3000)
    payment_method_id: Id | None = Field(
        None, description="card for the first milestone; wallet when omitted"
    )


def offer_input(payload: OfferIn) -> services.OfferInput:
    return services.OfferInput(
        kind=payload.kind,
        title=payload.title,
        hourly_rate_cents=positive_cents(payload.hourly_rate, "hourly_rate") if payload.hourly_rate else None,
        weekly_limit_hours=payload.weekly_limit_hours,
        manual_time_allowed=payload.manual_time_allowed,
        milestones=tuple(
            (m.description, positive_cents(m.amount, "milestone amount"), m.due_date)
            for m in payload.milestones
        ),
        is_trial=payload.is_trial,
        start_date=payload.start_date,
        message=payload.message,
    )


@router.post(
    "/proposals/{proposal_id}/offers",
    response={201: OfferOut, **problems(401, 402, 404, 409, 422)},
    summary="Make an offer (a fixed-price offer funds its first milestone now)",
)
def send_offer(request: HttpRequest, proposal_id: Id, payload: OfferIn) -> Status:
    user = request_user(request)
    proposal = selectors.proposal_get_for(user, proposal_id)
    if proposal.job.client_id != user.pk:
        raise NotFound("No such proposal.")
    method = payment_method_get_for(user, payload.payment_method_id) if payload.payment_method_id else None
    offer = services.offer_send(
        actor=user, proposal=proposal, data=offer_input(payload), payment_method=method
    )
    return Status(201, selectors.offer_get_for(user, offer.pk))


@router.get("/offers", response={200: OfferPage, **problems(400, 401)}, summary="Offers you sent or received")
def list_offers(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(selectors.offers_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.get("/offers/{offer_id}", response={200: OfferOut, **problems(401, 404)}, summary="One offer")
def get_offer(request: HttpRequest, offer_id: Id) -> Offer:
    return selectors.offer_get_for(request_user(request), offer_id)


@router.post(
    "/offers/{offer_id}/accept",
    response={201: ContractOut, **problems(401, 404, 409, 422)},
    summary="Accept an offer: the contract starts",
)
def accept_offer(request: HttpRequest, offer_id: Id) -> Status:
    user = request_user(request)
    contract = services.offer_accept(actor=user, offer=selectors.offer_get_for(user, offer_id))
    return Status(201, contract)


class OfferDeclineIn(Schema):
    reason: str = Field("", max_length=300)


class ChangesIn(Schema):
    note: str = Field(min_length=1, max_length=2000)


@router.post("/offers/{offer_id}/decline", response={200: OfferOut, **ACTION}, summary="Decline an offer")
def decline_offer(request: HttpRequest, offer_id: Id, payload: OfferDeclineIn) -> Offer:
    user = request_user(request)
    services.offer_decline(actor=user, offer=selectors.offer_get_for(user, offer_id), reason=payload.reason)
    return selectors.offer_get_for(user, offer_id)


@router.post(
    "/offers/{offer_id}/request-changes", response={200: OfferOut, **ACTION}, summary="Ask for changes"
)
def request_changes(request: HttpRequest, offer_id: Id, payload: ChangesIn) -> Offer:
    user = request_user(request)
    services.offer_request_changes(
        actor=user, offer=selectors.offer_get_for(user, offer_id), note=payload.note
    )
    return selectors.offer_get_for(user, offer_id)


@router.post("/offers/{offer_id}/withdraw", response={200: OfferOut, **ACTION}, summary="Withdraw your offer")
def withdraw_offer(request: HttpRequest, offer_id: Id) -> Offer:
    user = request_user(request)
    services.offer_withdraw(actor=user, offer=selectors.offer_get_for(user, offer_id))
    return selectors.offer_get_for(user, offer_id)
