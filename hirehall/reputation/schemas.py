"""Output shapes of the reputation API. Hidden fields (feedback not revealed yet, another side's
private part) are left out of the JSON entirely (`exclude_none` on those routes)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from hirehall.core.money import CURRENCY, cents_to_decimal_str
from hirehall.core.schemas import IdStr, IsoDate, IsoDateTime


class PrivateOut(Schema):
    recommend: int | None
    reason: str


class FeedbackOut(Schema):  # from selectors.FeedbackView
    id: IdStr
    side: str = Field(description="the author's side: client or freelancer")
    period: int = Field(description="0: the end of the contract; n: the n-th 90-day round")
    author_id: IdStr
    subject_id: IdStr
    visible: bool
    visible_at: IsoDateTime = Field(description="when it is (or will be at the latest) visible")
    public: bool = Field(description="published on profiles (the contract paid at least $1)")
    created_at: IsoDateTime | None = None
    scores: dict[str, int] | None = None
    score: str | None = None
    comment: str | None = None
    reply: str | None = None
    replied_at: IsoDateTime | None = None
    private: PrivateOut | None = Field(None, description="only ever shown to its author")
    can_reply: bool

    @staticmethod
    def resolve_score(v: Any) -> str | None:
        return f"{v.score:.2f}" if v.score is not None else None


class WindowOut(Schema):  # from selectors.WindowView
    period: int
    opens_at: IsoDateTime
    closes_at: IsoDateTime
    reply_until: IsoDateTime
    visible_at: IsoDateTime
    open: bool
    left_by_you: bool
    feedback: list[FeedbackOut]

    @staticmethod
    def resolve_left_by_you(w: Any) -> bool:
        return bool(w.left_by_viewer)


class ContractFeedbackOut(Schema):
    contract_id: IdStr
    windows: list[WindowOut]


class OutcomeOut(Schema):
    contract_id: IdStr
    title: str
    client_id: IdStr
    outcome: str = Field(description="positive, negative, neutral or excluded")
    reason: str
    weight: str
    earnings: str
    currency: str = CURRENCY

    @staticmethod
    def resolve_earnings(o: dict[str, Any]) -> str:
        return cents_to_decimal_str(int(o["paid_cents"]))


class JssOut(Schema):
    job_success_score: int | None = Field(description="shown with ≥ 2 eligible contracts from ≥ 2 clients")
    unpublished_score: int | None = Field(description="what the formula gives before it is shown")
    eligible_contracts: int
    clients: int
    computed_at: IsoDateTime | None
    outcomes: list[OutcomeOut]


class CriterionOut(Schema):
    key: str
    label: str
    value: str
    required: str
    met: bool


class EvaluationOut(Schema):
    week_start: IsoDate
    evaluated_at: IsoDateTime
    badges: list[str]
    top_rated_eligible: bool
    criteria: dict[str, list[CriterionOut]]


class NextBadgeOut(Schema):
    badge: str
    missing: list[CriterionOut]


class BadgesOut(Schema):
    badges: list[str]
    next: NextBadgeOut | None
    evaluations: list[EvaluationOut]


class HistoryFeedbackOut(Schema):
    score: str
    scores: dict[str, int]
    comment: str
    reply: str | None
    created_at: IsoDateTime

    @staticmethod
    def resolve_score(v: Any) -> str:
        return f"{v.score:.2f}"


class HistoryItemOut(Schema):  # from selectors.HistoryItem
    contract_id: IdStr
    title: str
    kind: str
    status: str
    started_at: IsoDateTime
    ended_at: IsoDateTime | None
    earnings: str | None = Field(description="null when kept private (invite-only job)")
    currency: str = CURRENCY
    hours: int
    feedback_received: HistoryFeedbackOut | None
    feedback_given: HistoryFeedbackOut | None

    @staticmethod
    def resolve_earnings(h: Any) -> str | None:
        return cents_to_decimal_str(h.earnings_cents)


class FreelancerHistoryOut(Schema):
    freelancer_id: IdStr
    total_earnings: str
    total_hours: int
    total_jobs: int
    currency: str = CURRENCY
    items: list[HistoryItemOut]


class ClientHistoryOut(Schema):
    client_id: IdStr
    total_spent: str
    hires: int
    hire_rate_percent: int | None
    average_hourly_rate: str | None
    rating: str | None
    reviews: int
    feedback_given: int
    feedback_received: int
    currency: str = CURRENCY
    items: list[HistoryItemOut]
