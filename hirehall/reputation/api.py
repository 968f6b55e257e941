"""Reputation API: feedback on contracts and replies, the JSS with every input, badges with their
weekly evaluations, work history of freelancers and clients. Thin: parse → authorise through a
selector (another user's contract is a 404) → one service → render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hirehall.core.api import problems
from hirehall.core.clock import now as clock_now
from hirehall.core.money import cents_to_decimal_str
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.profiles import selectors as profiles
from hirehall.profiles.sources import reputation_for
from hirehall.reputation import rules, selectors
from hirehall.reputation.schemas import (
    BadgesOut,
    ClientHistoryOut,
    ContractFeedbackOut,
    FeedbackOut,
    FreelancerHistoryOut,
    JssOut,
)
from hirehall.reputation.services import FeedbackInput, feedback_leave, feedback_reply

router = Router(tags=["reputation"])
MUTATE = problems(400, 401, 404, 409, 422)


class PrivateIn(Schema):
    recommend: Any = Field(None, description="0–10: would you recommend them? Never shown to them")
    reason: str = Field("", max_length=300, description="why the contract ended (private)")


class FeedbackIn(Schema):
    scores: dict[str, Any] = Field(
        ...,
        description="client → freelancer: skills, quality, availability, deadlines, communication, "
        "cooperation; freelancer → client: clarity, communication, cooperation, payment_promptness, "
        "availability, would_work_again. Each a whole number 1–5.",
    )
    comment: str = Field("", max_length=2000)
    private: PrivateIn | None = None


class ReplyIn(Schema):
    body: str = Field(..., max_length=2000)


@router.post(
    "/contracts/{contract_id}/feedback",
    response={201: FeedbackOut, **MUTATE},
    summary="Leave feedback on the contract's open window (double-blind)",
    exclude_none=True,
)
def feedback_create(request: HttpRequest, contract_id: Id, payload: FeedbackIn) -> Status:
    user = request_user(request)
    contract = selectors.feedback_contract_get_for(user, contract_id)
    private = payload.private
    fb = feedback_leave(
        actor=user,
        contract=contract,
        data=FeedbackInput(
            scores=payload.scores,
            comment=payload.comment,
            recommend=private.recommend if private else None,
            reason=private.reason if private else "",
        ),
    )
    fb = selectors.feedback_get_for(user, fb.pk)
    paid = selectors.paid_by_contract([contract.pk]).get(contract.pk, 0)
    return Status(201, selectors.feedback_view(fb, user.pk, clock_now(), paid))


@router.get(
    "/contracts/{contract_id}/feedback",
    response={200: ContractFeedbackOut, **problems(401, 404)},
    summary="Both sides' feedback, as you may see it (hidden fields omitted until revealed)",
    exclude_none=True,
)
def feedback_list(request: HttpRequest, contract_id: Id) -> dict[str, Any]:
    user = request_user(request)
    contract = selectors.feedback_contract_get_for(user, contract_id)
    return {"contract_id": contract.pk, "windows": selectors.contract_feedback(contract, user, clock_now())}


@router.post(
    "/feedback/{feedback_id}/reply",
    response={200: FeedbackOut, **MUTATE},
    summary="Reply once to feedback about you, within 28 days of the end",
    exclude_none=True,
)
def reply_create(request: HttpRequest, feedback_id: Id, payload: ReplyIn) -> Any:
    user = request_user(request)
    fb = selectors.feedback_get_for(user, feedback_id)
    feedback_reply(actor=user, feedback=fb, body=payload.body)
    fb = selectors.feedback_get_for(user, feedback_id)
    paid = selectors.paid_by_contract([fb.contract_id]).get(fb.contract_id, 0)
    return selectors.feedback_view(fb, user.pk, clock_now(), paid)


@router.get(
    "/me/jss", response={200: JssOut, **problems(401)}, summary="Your Job Success Score and every input"
)
def my_jss(request: HttpRequest) -> dict[str, Any]:
    user = request_user(request)
    rep = selectors.reputation_of(user.pk)
    counted = [o for o in rep.outcomes if o["outcome"] != rules.EXCLUDED]
    return {
        "job_success_score": rep.jss,
        "unpublished_score": rep.jss_raw if rep.jss is None else None,
        "eligible_contracts": len(counted),
        "clients": len({o["client_id"] for o in counted}),
        "computed_at": rep.computed_at,
        "outcomes": rep.outcomes,
    }


@router.get(
    "/me/badges", response={200: BadgesOut, **problems(401)}, summary="Your badges and weekly evaluations"
)
def my_badges(request: HttpRequest) -> dict[str, Any]:
    user = request_user(request)
    rep = selectors.reputation_of(user.pk)
    history = selectors.badge_history(user.pk)
    return {
        "badges": list(rep.badges),
        "next": selectors.next_badge(history[0]) if history else None,
        "evaluations": history,
    }


@router.get(
    "/freelancers/{freelancer_id}/work-history",
    response={200: FreelancerHistoryOut, **problems(401, 404)},
    summary="A freelancer's contracts with earnings and public feedback (id = profile id)",
)
def freelancer_history(request: HttpRequest, freelancer_id: Id) -> dict[str, Any]:
    profile = profiles.freelancer_profile_get_for(request_user(request), freelancer_id)
    rep = reputation_for([profile.user_id])[profile.user_id]
    items = selectors.work_history([profile.user_id], as_side="freelancer", now=clock_now())[profile.user_id]
    return {
        "freelancer_id": profile.pk,
        "total_earnings": cents_to_decimal_str(rep.earnings_cents),
        "total_hours": rep.hours,
        "total_jobs": rep.jobs,
        "items": items,
    }


@router.get(
    "/clients/{client_id}/work-history",
    response={200: ClientHistoryOut, **problems(401, 404)},
    summary="A client's contracts with the feedback they gave and received (id = user id)",
)
def client_history(request: HttpRequest, client_id: Id) -> dict[str, Any]:
    client = profiles.client_profile_get_for(request_user(request), client_id).user
    stats = profiles.client_stats_for(client)
    items = selectors.work_history([client.pk], as_side="client", now=clock_now())[client.pk]
    return {
        "client_id": client.pk,
        "total_spent": cents_to_decimal_str(stats.total_spent_cents),
        "hires": stats.hires,
        "hire_rate_percent": stats.hire_rate_percent,
        "average_hourly_rate": cents_to_decimal_str(stats.avg_hourly_rate_cents),
        "rating": f"{stats.rating:.2f}" if stats.rating is not None else None,
        "reviews": stats.reviews,
        "feedback_given": sum(1 for i in items if i.feedback_given is not None),
        "feedback_received": sum(1 for i in items if i.feedback_received is not None),
        "items": items,
    }
