"""Proposals API: apply, review (Best Match), messages, invitations, offers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from hirehall.accounts.models import User
from hirehall.connects.selectors import connects_balance
from hirehall.contracts.api import ContractOut, contract_out
from hirehall.core.api import problems, request_user
from hirehall.core.errors import DomainError, NotFound
from hirehall.core.money import CURRENCY, cents_to_decimal_str, parse_money
from hirehall.core.pagination import paginate
from hirehall.core.schemas import IsoDate
from hirehall.jobs.api import decode_offset, encode_offset
from hirehall.jobs.selectors import job_get_for, owned_job_get_for
from hirehall.ledger import fees
from hirehall.payments.selectors import payment_method_get_for
from hirehall.proposals import selectors, services
from hirehall.proposals.models import Invitation, Message, Offer, Proposal

router = Router(tags=["proposals"])


def _m(cents: int | None) -> str | None:
    return cents_to_decimal_str(cents) if cents is not None else None


# --- schemas --------------------------------------------------------------------------------------
class AnswerOut(Schema):
    question_id: str
    question: str
    answer: str


class PlanMilestoneOut(Schema):
    description: str
    amount: str


class ProposalOut(Schema):
    id: str
    job_id: str
    job_title: str
    freelancer_id: str
    status: str
    cover_letter: str
    bid: str
    currency: str
    duration: str
    connects_spent: int
    boost_bid: int
    boost_state: str
    decline_reason: str
    viewed_at: datetime | None
    answers: list[AnswerOut]
    milestones: list[PlanMilestoneOut]
    invited: bool
    created_at: datetime


def proposal_out(p: Proposal) -> dict[str, object]:
    return {
        "id": str(p.pk),
        "job_id": str(p.job_id),
        "job_title": p.job.title,
        "freelancer_id": str(p.freelancer_id),
        "status": p.status,
        "cover_letter": p.cover_letter,
        "bid": cents_to_decimal_str(p.bid_cents),
        "currency": CURRENCY,
        "duration": p.duration,
        "connects_spent": p.connects_spent,
        "boost_bid": p.boost_bid,
        "boost_state": p.boost_state,
        "decline_reason": p.decline_reason,
        "viewed_at": p.viewed_at,
        "answers": [
            {"question_id": str(a.question_id), "question": a.question.text, "answer": a.text}
            for a in p.answers.all()
        ],
        "milestones": [
            {"description": m.description, "amount": cents_to_decimal_str(m.amount_cents)}
            for m in p.milestones.all()
        ],
        "invited": p.invitation_id is not None,
        "created_at": p.created_at,
    }


class ProposalPage(Schema):
    items: list[ProposalOut]
    next: str | None


class FactorOut(Schema):
    key: str
    label: str
    weight: int
    points: float


class ReviewOut(Schema):
    id: str
    freelancer_id: str
    freelancer_name: str
    status: str
    bid: str
    currency: str
    duration: str
    cover_letter: str
    boosted: bool
    best_match_score: int
    best_match_factors: list[FactorOut]
    viewed: bool
    created_at: datetime


class ReviewPage(Schema):
    items: list[ReviewOut]
    next: str | None


class AnswerIn(Schema):
    question_id: str
    answer: str = Field(max_length=3000)


class MilestoneIn(Schema):
    description: str = Field(max_length=300)
    amount: str


class ProposalIn(Schema):
    cover_letter: str = Field(max_length=5000)
    bid: str = Field(description='hourly rate or fixed total, e.g. "45.00"')
    duration: Literal["lt1", "1to3", "3to6", "gt6"]
    answers: list[AnswerIn] = Field(default_factory=list, max_length=5)
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=20)
    boost: int = Field(0, ge=0, le=500, description="extra Connects bid for a top slot")
    invitation_id: str | None = None


def _answers(items: list[AnswerIn]) -> dict[int, str]:
    out = {}
    for a in items:
        try:
            out[int(a.question_id)] = a.answer
        except ValueError:
            raise DomainError("validation_error", "question_id must be a question's id") from None
    return out


def _positive(value: str, field: str) -> int:
    cents = parse_money(value, field=field)
    if cents <= 0:
        raise DomainError("validation_error", f"{field} must be greater than 0")
    return cents


# --- apply ----------------------------------------------------------------------------------------
class FeePreviewOut(Schema):
    bid: str
    service_fee: str
    you_receive: str
    currency: str
    connects_required: int
    connects_balance: int


@router.get(
    "/jobs/{job_id}/fee-preview",
    response={200: FeePreviewOut, **problems(401, 404, 422)},
    summary="What you would receive for a bid, and what applying costs in Connects",
)
def fee_preview(
    request: HttpRequest, job_id: str, bid: str = "100.00", invited: bool = False
) -> dict[str, object]:
    user = request_user(request)
    job = job_get_for(user, job_id)
    amount = _positive(bid, "bid")
    quote = fees.quote(
        amount=amount,
        prior_billings=fees.lifetime_billings(client_id=job.client_id, freelancer_id=user.pk),
        schedule=fees.schedule_in_force(),
    )
    return {
        "bid": cents_to_decimal_str(amount),
        "service_fee": cents_to_decimal_str(quote.service_fee),
        "you_receive": cents_to_decimal_str(quote.freelancer_net),
        "currency": CURRENCY,
        "connects_required": 0 if invited else (job.connects_required or 0),
        "connects_balance": connects_balance(user),
    }


@router.post(
    "/jobs/{job_id}/proposals",
    response={201: ProposalOut, **problems(401, 403, 404, 409, 422)},
    summary="Apply to a job (spends its Connects; free when invited)",
)
def submit_proposal(request: HttpRequest, job_id: str, payload: ProposalIn) -> tuple[int, dict[str, object]]:
    user = request_user(request)
    job = job_get_for(user, job_id)
    invitation = selectors.invitation_get_for(user, payload.invitation_id) if payload.invitation_id else None
    proposal = services.proposal_submit(
        actor=user,
        job=job,
        data=services.ProposalInput(
            cover_letter=payload.cover_letter,
            bid_cents=_positive(payload.bid, "bid"),
            duration=payload.duration,
            answers=_answers(payload.answers),
            milestones=[(m.description, _positive(m.amount, "milestone amount")) for m in payload.milestones],
            boost=payload.boost,
        ),
        invitation=invitation,
    )
    return 201, proposal_out(selectors.proposal_get_for(user, proposal.pk))


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
    request: HttpRequest, job_id: str, params: Query[ReviewParams], cursor: str | None = None, limit: int = 20
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
    offset, size = decode_offset(cursor), min(max(limit, 1), 100)
    page = rows[offset : offset + size]
    return {
        "items": [
            {
                "id": str(r.proposal.pk),
                "freelancer_id": str(r.proposal.freelancer_id),
                "freelancer_name": r.proposal.freelancer.display_name,
                "status": r.proposal.status,
                "bid": cents_to_decimal_str(r.proposal.bid_cents),
                "currency": CURRENCY,
                "duration": r.proposal.duration,
                "cover_letter": r.proposal.cover_letter,
                "boosted": r.boosted,
                "best_match_score": r.score,
                "best_match_factors": [f.__dict__ for f in r.factors],
                "viewed": r.proposal.viewed_at is not None,
                "created_at": r.proposal.created_at,
            }
            for r in page
        ],
        "next": encode_offset(offset + size) if offset + size < len(rows) else None,
    }


@router.get("/proposals", response={200: ProposalPage, **problems(400, 401)}, summary="Proposals you sent")
def my_proposals(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    user = request_user(request)
    rows, nxt = paginate(selectors.proposal_queryset().filter(freelancer=user), cursor=cursor, limit=limit)
    return {"items": [proposal_out(p) for p in rows], "next": nxt}


@router.get(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, **problems(401, 404)},
    summary="One proposal (the client opening it marks it viewed)",
)
def get_proposal(request: HttpRequest, proposal_id: str) -> dict[str, object]:
    user = request_user(request)
    proposal = selectors.proposal_get_for(user, proposal_id)
    if proposal.job.client_id == user.pk:
        services.proposal_mark_viewed(actor=user, proposal=proposal)
        proposal = selectors.proposal_get_for(user, proposal_id)
    return proposal_out(proposal)


def _act(request: HttpRequest, proposal_id: str, action: str, reason: str = "") -> dict[str, object]:
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
    return proposal_out(selectors.proposal_get_for(user, proposal_id))


ACTION = {**problems(401, 404, 409, 422)}


@router.post(
    "/proposals/{proposal_id}/withdraw",
    response={200: ProposalOut, **ACTION},
    summary="Withdraw your proposal",
)
def withdraw(request: HttpRequest, proposal_id: str) -> dict[str, object]:
    return _act(request, proposal_id, "withdraw")


@router.post("/proposals/{proposal_id}/shortlist", response={200: ProposalOut, **ACTION}, summary="Shortlist")
def shortlist(request: HttpRequest, proposal_id: str) -> dict[str, object]:
    return _act(request, proposal_id, "shortlist")


@router.post("/proposals/{proposal_id}/archive", response={200: ProposalOut, **ACTION}, summary="Archive")
def archive(request: HttpRequest, proposal_id: str) -> dict[str, object]:
    return _act(request, proposal_id, "archive")


class DeclineIn(Schema):
    reason: str = Field(min_length=1, max_length=300)


@router.post(
    "/proposals/{proposal_id}/decline", response={200: ProposalOut, **ACTION}, summary="Decline with a reason"
)
def decline(request: HttpRequest, proposal_id: str, payload: DeclineIn) -> dict[str, object]:
    return _act(request, proposal_id, "decline", payload.reason)


# --- messages -------------------------------------------------------------------------------------
class MessageOut(Schema):
    id: str
    sender_id: str
    body: str
    created_at: datetime


class MessagePage(Schema):
    items: list[MessageOut]
    next: str | None


class MessageIn(Schema):
    body: str = Field(min_length=1, max_length=5000)


def _message_out(m: Message) -> dict[str, object]:
    return {"id": str(m.pk), "sender_id": str(m.sender_id), "body": m.body, "created_at": m.created_at}


@router.get(
    "/proposals/{proposal_id}/messages",
    response={200: MessagePage, **problems(400, 401, 404)},
    summary="The interview thread",
)
def list_messages(
    request: HttpRequest, proposal_id: str, cursor: str | None = None, limit: int = 50
) -> dict[str, object]:
    user = request_user(request)
    rows, nxt = paginate(
        selectors.messages_of(selectors.proposal_get_for(user, proposal_id)), cursor=cursor, limit=limit
    )
    return {"items": [_message_out(m) for m in rows], "next": nxt}


@router.post(
    "/proposals/{proposal_id}/messages",
    response={201: MessageOut, **problems(401, 404, 409, 422)},
    summary="Send a message (the client's first one opens the interview)",
)
def send_message(request: HttpRequest, proposal_id: str, payload: MessageIn) -> tuple[int, dict[str, object]]:
    user = request_user(request)
    message = services.message_send(
        actor=user, proposal=selectors.proposal_get_for(user, proposal_id), body=payload.body
    )
    return 201, _message_out(message)


# --- invitations ----------------------------------------------------------------------------------
class InvitationOut(Schema):
    id: str
    job_id: str
    job_title: str
    freelancer_id: str
    message: str
    status: str
    decline_reason: str
    created_at: datetime


class InvitationPage(Schema):
    items: list[InvitationOut]
    next: str | None


class InvitationIn(Schema):
    freelancer_id: str
    message: str = Field("", max_length=2000)


class InvitationDeclineIn(Schema):
    reason: Literal["not_interested", "too_busy", "budget", "skills", "other"]
    note: str = Field("", max_length=300)


def _invitation_out(i: Invitation) -> dict[str, object]:
    return {
        "id": str(i.pk),
        "job_id": str(i.job_id),
        "job_title": i.job.title,
        "freelancer_id": str(i.freelancer_id),
        "message": i.message,
        "status": i.status,
        "decline_reason": i.decline_reason,
        "created_at": i.created_at,
    }


def _freelancer(freelancer_id: str) -> User:
    try:
        user = User.objects.filter(pk=int(freelancer_id), is_freelancer=True, is_active=True).first()
    except ValueError:
        user = None
    if user is None:
        raise NotFound("No such freelancer.")
    return user


@router.post(
    "/jobs/{job_id}/invitations",
    response={201: InvitationOut, **problems(401, 404, 409, 422)},
    summary="Invite a freelancer to apply (free for them)",
)
def invite(request: HttpRequest, job_id: str, payload: InvitationIn) -> tuple[int, dict[str, object]]:
    user = request_user(request)
    job = owned_job_get_for(user, job_id)
    invitation = services.invitation_send(
        actor=user, job=job, freelancer=_freelancer(payload.freelancer_id), message=payload.message
    )
    return 201, _invitation_out(invitation)


@router.get(
    "/invitations", response={200: InvitationPage, **problems(400, 401)}, summary="Invitations you received"
)
def my_invitations(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(selectors.invitations_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": [_invitation_out(i) for i in rows], "next": nxt}


@router.post(
    "/invitations/{invitation_id}/decline",
    response={200: InvitationOut, **problems(401, 404, 409, 422)},
    summary="Decline an invitation with a reason",
)
def decline_invitation(
    request: HttpRequest, invitation_id: str, payload: InvitationDeclineIn
) -> dict[str, object]:
    user = request_user(request)
    invitation = services.invitation_decline(
        actor=user,
        invitation=selectors.invitation_get_for(user, invitation_id),
        reason=payload.reason,
        note=payload.note,
    )
    return _invitation_out(invitation)


# --- offers ---------------------------------------------------------------------------------------
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
    payment_method_id: str | None = Field(
        None, description="card for the first milestone; wallet when omitted"
    )


class OfferMilestoneOut(Schema):
    position: int
    description: str
    amount: str
    due_date: date | None


class OfferOut(Schema):
    id: str
    proposal_id: str
    job_id: str
    client_id: str
    freelancer_id: str
    kind: str
    title: str
    status: str
    hourly_rate: str | None
    weekly_limit_hours: int | None
    manual_time_allowed: bool
    total: str | None
    currency: str
    is_trial: bool
    start_date: date | None
    message: str
    change_request: str
    decline_reason: str
    first_milestone_funded: bool
    milestones: list[OfferMilestoneOut]
    created_at: datetime


class OfferPage(Schema):
    items: list[OfferOut]
    next: str | None


def offer_out(o: Offer) -> dict[str, object]:
    return {
        "id": str(o.pk),
        "proposal_id": str(o.proposal_id),
        "job_id": str(o.proposal.job_id),
        "client_id": str(o.client_id),
        "freelancer_id": str(o.freelancer_id),
        "kind": o.kind,
        "title": o.title,
        "status": o.status,
        "hourly_rate": _m(o.hourly_rate_cents),
        "weekly_limit_hours": o.weekly_limit_hours,
        "manual_time_allowed": o.manual_time_allowed,
        "total": _m(o.total_cents),
        "currency": CURRENCY,
        "is_trial": o.is_trial,
        "start_date": o.start_date,
        "message": o.message,
        "change_request": o.change_request,
        "decline_reason": o.decline_reason,
        "first_milestone_funded": bool(o.escrow_reference)
        and o.status in ("sent", "changes_requested", "accepted"),
        "milestones": [
            {
                "position": m.position,
                "description": m.description,
                "amount": cents_to_decimal_str(m.amount_cents),
                "due_date": m.due_date,
            }
            for m in o.milestones.all()
        ],
        "created_at": o.created_at,
    }


def offer_input(payload: OfferIn) -> services.OfferInput:
    return services.OfferInput(
        kind=payload.kind,
        title=payload.title,
        hourly_rate_cents=_positive(payload.hourly_rate, "hourly_rate") if payload.hourly_rate else None,
        weekly_limit_hours=payload.weekly_limit_hours,
        manual_time_allowed=payload.manual_time_allowed,
        milestones=tuple(
            (m.description, _positive(m.amount, "milestone amount"), m.due_date) for m in payload.milestones
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
def send_offer(request: HttpRequest, proposal_id: str, payload: OfferIn) -> tuple[int, dict[str, object]]:
    user = request_user(request)
    proposal = selectors.proposal_get_for(user, proposal_id)
    if proposal.job.client_id != user.pk:
        raise NotFound("No such proposal.")
    method = payment_method_get_for(user, payload.payment_method_id) if payload.payment_method_id else None
    offer = services.offer_send(
        actor=user, proposal=proposal, data=offer_input(payload), payment_method=method
    )
    return 201, offer_out(selectors.offer_get_for(user, offer.pk))


@router.get("/offers", response={200: OfferPage, **problems(400, 401)}, summary="Offers you sent or received")
def list_offers(request: HttpRequest, cursor: str | None = None, limit: int = 20) -> dict[str, object]:
    rows, nxt = paginate(selectors.offers_for(request_user(request)), cursor=cursor, limit=limit)
    return {"items": [offer_out(o) for o in rows], "next": nxt}


@router.get("/offers/{offer_id}", response={200: OfferOut, **problems(401, 404)}, summary="One offer")
def get_offer(request: HttpRequest, offer_id: str) -> dict[str, object]:
    return offer_out(selectors.offer_get_for(request_user(request), offer_id))


@router.post(
    "/offers/{offer_id}/accept",
    response={201: ContractOut, **problems(401, 404, 409, 422)},
    summary="Accept an offer: the contract starts",
)
def accept_offer(request: HttpRequest, offer_id: str) -> tuple[int, dict[str, object]]:
    user = request_user(request)
    contract = services.offer_accept(actor=user, offer=selectors.offer_get_for(user, offer_id))
    return 201, contract_out(contract)


class OfferDeclineIn(Schema):
    reason: str = Field("", max_length=300)


class ChangesIn(Schema):
    note: str = Field(min_length=1, max_length=2000)


@router.post("/offers/{offer_id}/decline", response={200: OfferOut, **ACTION}, summary="Decline an offer")
def decline_offer(request: HttpRequest, offer_id: str, payload: OfferDeclineIn) -> dict[str, object]:
    user = request_user(request)
    services.offer_decline(actor=user, offer=selectors.offer_get_for(user, offer_id), reason=payload.reason)
    return offer_out(selectors.offer_get_for(user, offer_id))


@router.post(
    "/offers/{offer_id}/request-changes", response={200: OfferOut, **ACTION}, summary="Ask for changes"
)
def request_changes(request: HttpRequest, offer_id: str, payload: ChangesIn) -> dict[str, object]:
    user = request_user(request)
    services.offer_request_changes(
        actor=user, offer=selectors.offer_get_for(user, offer_id), note=payload.note
    )
    return offer_out(selectors.offer_get_for(user, offer_id))


@router.post("/offers/{offer_id}/withdraw", response={200: OfferOut, **ACTION}, summary="Withdraw your offer")
def withdraw_offer(request: HttpRequest, offer_id: str) -> dict[str, object]:
    user = request_user(request)
    services.offer_withdraw(actor=user, offer=selectors.offer_get_for(user, offer_id))
    return offer_out(selectors.offer_get_for(user, offer_id))
