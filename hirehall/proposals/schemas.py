"""The proposals API's output shapes, each defined once, read straight from models and selector results.

Fields named like the model's attribute are read as they are; the rest have a resolver. Money is a
decimal string with two places plus `currency`; ids are strings.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

from hirehall.core.money import CURRENCY, cents_to_decimal_str
from hirehall.core.schemas import IdStr
from hirehall.proposals.models import (
    Invitation,
    Offer,
    OfferMilestone,
    Proposal,
    ProposalAnswer,
    ProposalMilestone,
)
from hirehall.proposals.selectors import Factor, ReviewRow, proposal_warnings


def _money_or_none(cents: int | None) -> str | None:
    return cents_to_decimal_str(cents) if cents is not None else None


class AnswerOut(Schema):
    question_id: IdStr
    question: str
    answer: str

    @staticmethod
    def resolve_question(a: ProposalAnswer) -> str:
        return a.question.text

    @staticmethod
    def resolve_answer(a: ProposalAnswer) -> str:
        return a.text


class PlanMilestoneOut(Schema):
    description: str
    amount: str

    @staticmethod
    def resolve_amount(m: ProposalMilestone) -> str:
        return cents_to_decimal_str(m.amount_cents)


class ProposalOut(Schema):  # needs proposal_queryset()'s select/prefetch: no query per proposal
    id: IdStr
    job_id: IdStr
    job_title: str
    freelancer_id: IdStr
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

    @staticmethod
    def resolve_job_title(p: Proposal) -> str:
        return p.job.title

    @staticmethod
    def resolve_bid(p: Proposal) -> str:
        return cents_to_decimal_str(p.bid_cents)

    @staticmethod
    def resolve_currency(p: Proposal) -> str:
        return CURRENCY

    @staticmethod
    def resolve_invited(p: Proposal) -> bool:
        return p.invitation_id is not None


class ProposalWriteOut(ProposalOut):
    """A proposal write's answer: the proposal and the off-platform `warnings` of its cover letter."""

    warnings: list[str]

    @staticmethod
    def resolve_warnings(p: Proposal) -> list[str]:
        return proposal_warnings(p)


class ProposalPage(Schema):
    items: list[ProposalOut]
    next: str | None


class FactorOut(Schema):  # from selectors.Factor
    key: str
    label: str
    weight: int
    points: float


class ReviewOut(Schema):  # from selectors.ReviewRow
    id: IdStr
    freelancer_id: IdStr
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
    template: bool  # near-identical to this freelancer's proposals on other jobs (docs/spam-signals.md)
    reading_check_followed: bool | None  # None: the job has no reading check
    created_at: datetime

    @staticmethod
    def resolve_template(r: ReviewRow) -> bool:
        return r.proposal.is_template

    @staticmethod
    def resolve_reading_check_followed(r: ReviewRow) -> bool | None:
        return r.proposal.reading_check_followed

    @staticmethod
    def resolve_id(r: ReviewRow) -> int:
        return r.proposal.pk

    @staticmethod
    def resolve_freelancer_id(r: ReviewRow) -> int:
        return r.proposal.freelancer_id

    @staticmethod
    def resolve_freelancer_name(r: ReviewRow) -> str:
        return r.proposal.freelancer.display_name

    @staticmethod
    def resolve_status(r: ReviewRow) -> str:
        return r.proposal.status

    @staticmethod
    def resolve_bid(r: ReviewRow) -> str:
        return cents_to_decimal_str(r.proposal.bid_cents)

    @staticmethod
    def resolve_currency(r: ReviewRow) -> str:
        return CURRENCY

    @staticmethod
    def resolve_duration(r: ReviewRow) -> str:
        return r.proposal.duration

    @staticmethod
    def resolve_cover_letter(r: ReviewRow) -> str:
        return r.proposal.cover_letter

    @staticmethod
    def resolve_best_match_score(r: ReviewRow) -> int:
        return r.score

    @staticmethod
    def resolve_best_match_factors(r: ReviewRow) -> list[Factor]:
        return r.factors

    @staticmethod
    def resolve_viewed(r: ReviewRow) -> bool:
        return r.proposal.viewed_at is not None

    @staticmethod
    def resolve_created_at(r: ReviewRow) -> datetime:
        return r.proposal.created_at


class ReviewPage(Schema):
    items: list[ReviewOut]
    next: str | None


class BidFeePreviewOut(Schema):
    bid: str
    service_fee: str
    you_receive: str
    currency: str
    connects_required: int
    connects_balance: int


class InvitationOut(Schema):
    id: IdStr
    job_id: IdStr
    job_title: str
    freelancer_id: IdStr
    message: str
    status: str
    decline_reason: str
    created_at: datetime

    @staticmethod
    def resolve_job_title(i: Invitation) -> str:
        return i.job.title


class InvitationPage(Schema):
    items: list[InvitationOut]
    next: str | None


class OfferMilestoneOut(Schema):
    position: int
    description: str
    amount: str
    due_date: date | None

    @staticmethod
    def resolve_amount(m: OfferMilestone) -> str:
        return cents_to_decimal_str(m.amount_cents)


class OfferOut(Schema):
    id: IdStr
    proposal_id: IdStr
    job_id: IdStr
    client_id: IdStr
    freelancer_id: IdStr
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

    @staticmethod
    def resolve_job_id(o: Offer) -> int:
        return o.proposal.job_id

    @staticmethod
    def resolve_hourly_rate(o: Offer) -> str | None:
        return _money_or_none(o.hourly_rate_cents)

    @staticmethod
    def resolve_total(o: Offer) -> str | None:
        return _money_or_none(o.total_cents)

    @staticmethod
    def resolve_currency(o: Offer) -> str:
        return CURRENCY

    @staticmethod
    def resolve_first_milestone_funded(o: Offer) -> bool:
        return bool(o.escrow_reference) and o.status in ("sent", "changes_requested", "accepted")


class OfferPage(Schema):
    items: list[OfferOut]
    next: str | None
