"""Applying and reviewing: the fee preview, proposals, Best Match review, the proposal's lifecycle."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hirehall.connects.selectors import connects_balance
from hirehall.core.api import problems
from hirehall.core.money import CURRENCY, cents_to_decimal_str, parse_money
from hirehall.core.pagination import offset_page, paginate
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.jobs.selectors import job_get_for, owned_job_get_for
from hirehall.ledger import fees
from hirehall.proposals import selectors, services
from hirehall.proposals.api._common import ACTION, positive_cents
from hirehall.proposals.models import Proposal
from hirehall.proposals.schemas import (
    BidFeePreviewOut,
    ProposalOut,
    ProposalPage,
    ProposalWriteOut,
    ReviewPage,
)

router = Router()


@router.get(
    "/jobs/{job_id}/fee-preview",
    response={200: BidFeePreviewOut, **problems(401, 404, 422)},
    summary="What you would receive for a bid, and what applying costs in Connects",
)
def fee_preview(
    request: HttpRequest, job_id: Id, bid: str = "100.00", invited: bool = False
) -> BidFeePreviewOut:
    user = request_user(request)
    job = job_get_for(user, job_id)
    amount = positive_cents(bid, "bid")
    quote = fees.quote(
        amount=amount,
        prior_billings=fees.lifetime_billings(client_id=job.client_id, freelancer_id=user.pk),
        schedule=fees.schedule_in_force(),
    )
    return BidFeePreviewOut(
        bid=cents_to_decimal_str(amount),
        service_fee=cents_to_decimal_str(quote.service_fee),
        you_receive=cents_to_decimal_str(quote.freelancer_net),
        currency=CURRENCY,
        connects_required=0 if invited else (job.connects_required or 0),
        connects_balance=connects_balance(user),
    )


class ScreeningAnswerIn(Schema):
    question_id: Id
    answer: str = Field(max_length=3000)


class PlanMilestoneIn(Schema):
    description: str = Field(max_length=300)
    amount: str


class ProposalIn(Schema):
    cover_letter: str = Field(max_length=5000)
    bid: str = Field(description='hourly rate or fixed total, e.g. "45.00"')
    duration: Literal["lt1", "1to3", "3to6", "gt6"]
    answers: list[ScreeningAnswerIn] = Field(default_factory=list, max_length=5)
    milestones: list[PlanMilestoneIn] = Field(default_factory=list, max_length=20)
    boost: int = Field(0, ge=0, le=500, description="extra Connects bid for a top slot")
    invitation_id: Id | None = None


@router.post(
    "/jobs/{job_id}/proposals",
    response={201: ProposalWriteOut, **problems(401, 403, 404, 409, 422)},
    summary="Apply to a job (spends its Connects; free when invited); `warnings`: off-platform contact found",
)
def submit_proposal(request: HttpRequest, job_id: Id, payload: ProposalIn) -> Status:
    user = request_user(request)
    job = job_get_for(user, job_id)
    invitation = selectors.invitation_get_for(user, payload.invitation_id) if payload.invitation_id else None
    proposal = services.proposal_submit(
        actor=user,
        job=job,
        data=services.ProposalInput(
            cover_letter=payload.cover_letter,
            bid_cents=positive_cents(payload.bid, "bid"),
            duration=payload.duration,
            answers={a.question_id: a.answer for a in payload.answers},
            milestones=[
                (m.description, positive_cents(m.amount, "milestone amount")) for m in payload.milestones
            ],
            boost=payload.boost,
        ),
        invitation=invitation,
    )
    return Status(201, selectors.proposal_get_for(user, proposal.pk))


class ReviewParams(Schema):
    sort: Literal["best_match", "newest", "rate"] = "best_match"
    status: Literal["all", "active", "shortlisted", "archived", "declined", "messaged", "boosted"] = "active"
    bid_min: str | None = None
    bid_max: str | None = None


@router.get(
    "/jobs/{job_id}/proposals",
    response={200: ReviewPage, **problems(400, 401, 404, 422)},
    summary="Proposals on your job: boosted slots first, then Best Match (with its reasons)",
)
def review_proposals(
    request: HttpRequest, job_id: Id, params: Query[ReviewParams], cursor: str | None = None, limit: int = 20
) -> dict[str, object]:
    user = request_user(request)
    job = owned_job_get_for(user, job_id)
    rows = selectors.proposals_for_review(
        user,
        job,
        sort=params.sort,
        status=params.status,
        bid_min=parse_money(params.bid_min, field="bid_min") if params.bid_min else None,
        bid_max=parse_money(params.bid_max, field="bid_max") if params.bid_max else None,
    )
    page, nxt = offset_page(rows, cursor=cursor, limit=limit)
    return {"items": page, "next": nxt}


@router.get("/proposals", response={200: ProposalPage, **problems(400, 401)}, summary="Proposals you sent")
def my_proposals(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    user = request_user(request)
    rows, nxt = paginate(selectors.proposal_queryset().filter(freelancer=user), cursor=cursor, limit=limit)
    return {"items": rows, "next": nxt}


@router.get(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, **problems(401, 404)},
    summary="One proposal (the client opening it marks it viewed)",
)
def get_proposal(request: HttpRequest, proposal_id: Id) -> Proposal:
    user = request_user(request)
    proposal = selectors.proposal_get_for(user, proposal_id)
    if proposal.job.client_id == user.pk:
        services.proposal_mark_viewed(actor=user, proposal=proposal)
        proposal = selectors.proposal_get_for(user, proposal_id)
    return proposal


def _act(request: HttpRequest, proposal_id: int, action: str, reason: str = "") -> Proposal:
    user = request_user(request)
    proposal = selectors.proposal_get_for(user, proposal_id)
    if action == "withdraw":
        services.proposal_withdraw(actor=user, proposal=proposal)
    elif action == "shortlist":
        services.proposal_shortlist(actor=user, proposal=proposal)
    elif action == "archive":
        services.proposal_archive(actor=user, proposal=proposal)
    else:
        services.proposal_decline(actor=user, proposal=proposal, reason=reason)
    return selectors.proposal_get_for(user, proposal_id)


@router.post(
    "/proposals/{proposal_id}/withdraw",
    response={200: ProposalOut, **ACTION},
    summary="Withdraw your proposal",
)
def withdraw(request: HttpRequest, proposal_id: Id) -> Proposal:
    return _act(request, proposal_id, "withdraw")


@router.post("/proposals/{proposal_id}/shortlist", response={200: ProposalOut, **ACTION}, summary="Shortlist")
def shortlist(request: HttpRequest, proposal_id: Id) -> Proposal:
    return _act(request, proposal_id, "shortlist")


@router.post("/proposals/{proposal_id}/archive", response={200: ProposalOut, **ACTION}, summary="Archive")
def archive(request: HttpRequest, proposal_id: Id) -> Proposal:
    return _act(request, proposal_id, "archive")


class DeclineIn(Schema):
    reason: str = Field(min_length=1, max_length=300)


@router.post(
    "/proposals/{proposal_id}/decline", response={200: ProposalOut, **ACTION}, summary="Decline with a reason"
)
def decline(request: HttpRequest, proposal_id: Id, payload: DeclineIn) -> Proposal:
    return _act(request, proposal_id, "decline", payload.reason)
