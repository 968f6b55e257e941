"""Reads: what each contract paid and when, feedback with its visibility, work history, the
freelancer's JSS and badges. Every function runs a fixed number of queries whatever the data size.

Visibility (DESIGN §9): a window's feedback is hidden until both sides left theirs or the window
closed; the private part (would-recommend, reason) is shown only to its author; public feedback is
published only when the contract paid at least $1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from hirehall.accounts.models import User
from hirehall.contracts.models import (
    Contract,
    ContractEvent,
    ContractMilestone,
    Dispute,
    DisputeStatus,
    Invoice,
    InvoiceStatus,
)
from hirehall.contracts.selectors import contract_get_for
from hirehall.core.errors import NotFound
from hirehall.core.ids import parse_id
from hirehall.reputation import rules
from hirehall.reputation.models import (
    BadgeEvaluation,
    Feedback,
    FeedbackWindow,
    FreelancerReputation,
    Side,
)

# (contract id, when, gross cents paid to the freelancer)
Payment = tuple[int, datetime, int]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a paid milestone always has a date; this is never used


def payments(contracts: Q) -> list[Payment]:
    """Every payment to the freelancer on the contracts matched by `contracts` (a Q on Contract
    fields, prefixed `contract__`): approved or settled milestones, paid weekly invoices, bonuses.
    Three queries."""
    rows: list[Payment] = []
    for cid, approved, funded, cents in ContractMilestone.objects.filter(
        contracts, paid_cents__gt=0
    ).values_list("contract_id", "approved_at", "funded_at", "paid_cents"):
        rows.append((cid, approved or funded or _EPOCH, cents))
    for cid, settled, invoiced, cents in Invoice.objects.filter(contracts, paid_cents__gt=0).values_list(
        "contract_id", "settled_at", "invoiced_at", "paid_cents"
    ):
        rows.append((cid, settled or invoiced, cents))
    for cid, when, amount in ContractEvent.objects.filter(
        contracts, kind="bonus", amount_cents__gt=0
    ).values_list("contract_id", "created_at", "amount_cents"):
        rows.append((cid, when, amount or 0))
    return rows


def hours(contracts: Q) -> dict[int, int]:
    """Billed hours per contract (weekly invoices not refunded). One query."""
    minutes = (
        Invoice.objects.filter(contracts)
        .exclude(status=InvoiceStatus.REFUNDED)
        .values("contract_id")
        .annotate(m=Sum("billable_minutes"))
    )
    return {r["contract_id"]: (r["m"] or 0) // 60 for r in minutes}


def paid_by_contract(contract_ids: Sequence[int]) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for cid, _, cents in payments(Q(contract_id__in=list(contract_ids))):
        totals[cid] += cents
    return totals


# --- feedback -------------------------------------------------------------------------------------


def is_visible(window: FeedbackWindow, now: datetime) -> bool:
    return (window.revealed_at is not None and window.revealed_at <= now) or window.closes_at <= now


def visible_at(window: FeedbackWindow) -> datetime:
    """When the window's feedback is (or will be, at the latest) visible."""
    return window.revealed_at or window.closes_at


def feedback_contract_get_for(user: User, contract_id: int | str) -> Contract:
    """A contract the user is a party to; anyone else's is a 404."""
    return contract_get_for(user, contract_id)


def feedback_get_for(user: User, feedback_id: int | str) -> Feedback:
    """A feedback the user may act on: they are a party to its contract."""
    pk = parse_id(feedback_id)
    found = (
        Feedback.objects.select_related("window", "contract")
        .filter(Q(contract__client=user) | Q(contract__freelancer=user), pk=pk)
        .first()
        if pk is not None
        else None
    )
    if found is None:
        raise NotFound("No such feedback.")
    return found


@dataclass
class FeedbackView:
    """One side's feedback as a given viewer may see it (hidden fields are None)."""

    id: int
    side: str
    period: int
    author_id: int
    subject_id: int
    created_at: datetime | None
    visible_at: datetime
    visible: bool
    public: bool
    scores: dict[str, int] | None
    score: Decimal | None
    comment: str | None
    reply: str | None
    replied_at: datetime | None
    private: dict[str, object] | None
    can_reply: bool


def feedback_view(fb: Feedback, viewer_id: int | None, now: datetime, paid_cents: int) -> FeedbackView:
    window = fb.window
    visible = is_visible(window, now)
    mine = viewer_id == fb.author_id
    public = paid_cents >= rules.MIN_PUBLIC_PAID_CENTS
    # The author always sees their own; the rated side sees it once revealed (public part only),
    # anyone else only once revealed and public.
    shown = mine or (visible and (public or viewer_id == fb.subject_id))
    return FeedbackView(
        id=fb.pk,
        side=fb.side,
        period=window.period,
        author_id=fb.author_id,
        subject_id=fb.subject_id,
        created_at=fb.created_at if shown else None,
        visible_at=visible_at(window),
        visible=visible,
        public=public,
        scores=fb.scores if shown else None,
        score=fb.score if shown else None,
        comment=fb.comment if shown else None,
        reply=(fb.reply or None) if shown else None,
        replied_at=fb.replied_at if shown else None,
        private={"recommend": fb.recommend, "reason": fb.reason} if mine else None,
        can_reply=viewer_id == fb.subject_id and visible and not fb.reply and now < window.reply_until,
    )


@dataclass
class WindowView:
    period: int
    opens_at: datetime
    closes_at: datetime
    reply_until: datetime
    visible_at: datetime
    open: bool
    feedback: list[FeedbackView]
    left_by_viewer: bool


def contract_feedback(contract: Contract, viewer: User, now: datetime) -> list[WindowView]:
    """Every feedback window of the contract with both sides' feedback as `viewer` may see it."""
    windows = list(
        FeedbackWindow.objects.filter(contract=contract).prefetch_related("feedbacks").order_by("period")
    )
    paid = paid_by_contract([contract.pk]).get(contract.pk, 0)
    viewer_side = Side.CLIENT if viewer.pk == contract.client_id else Side.FREELANCER
    out = []
    for w in windows:
        fbs = list(w.feedbacks.all())
        out.append(
            WindowView(
                period=w.period,
                opens_at=w.opens_at,
                closes_at=w.closes_at,
                reply_until=w.reply_until,
                visible_at=visible_at(w),
                open=w.opens_at <= now < w.closes_at,
                feedback=[feedback_view(fb, viewer.pk, now, paid) for fb in fbs],
                left_by_viewer=any(fb.side == viewer_side for fb in fbs),
            )
        )
    return out


# --- work history ---------------------------------------------------------------------------------


@dataclass
class HistoryItem:
    contract_id: int
    title: str
    kind: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    earnings_cents: int | None  # None when the client's side keeps it private (invite-only jobs)
    hours: int
    client_id: int
    freelancer_id: int
    feedback_received: FeedbackView | None  # about the profile's owner
    feedback_given: FeedbackView | None  # by the profile's owner


def work_history(
    user_ids: Sequence[int], *, as_side: str, now: datetime, limit: int = 50
) -> dict[int, list[HistoryItem]]:
    """Contracts of these freelancers (as_side="freelancer") or clients, newest first, each with its
    public feedback both ways. Six queries whatever the number of users and contracts."""
    if not user_ids:
        return {}
    field = "freelancer_id" if as_side == Side.FREELANCER else "client_id"
    contracts = list(
        Contract.objects.filter(**{f"{field}__in": list(user_ids)})
        .select_related("job")
        .order_by("-started_at", "-pk")
    )
    ids = [c.pk for c in contracts]
    paid = paid_by_contract(ids)
    billed = hours(Q(contract_id__in=ids))
    fbs = Feedback.objects.filter(contract_id__in=ids, window__period=0).select_related("window")
    by_contract: dict[int, dict[str, Feedback]] = defaultdict(dict)
    for fb in fbs:
        by_contract[fb.contract_id][fb.side] = fb
    out: dict[int, list[HistoryItem]] = {uid: [] for uid in user_ids}
    for c in contracts:
        owner = getattr(c, field)
        if len(out[owner]) >= limit:
            continue
        received_side = Side.CLIENT if as_side == Side.FREELANCER else Side.FREELANCER
        received = by_contract[c.pk].get(received_side)
        given = by_contract[c.pk].get(as_side)
        p = paid.get(c.pk, 0)

        out[owner].append(
            HistoryItem(
                contract_id=c.pk,
                title=c.title,
                kind=c.kind,
                status=c.status,
                started_at=c.started_at,
                ended_at=c.ended_at,
                earnings_cents=None if c.job.visibility == "invite_only" else p,
                hours=billed.get(c.pk, 0),
                client_id=c.client_id,
                freelancer_id=c.freelancer_id,
                feedback_received=_public(received, now, p),
                feedback_given=_public(given, now, p),
            )
        )
    return out


def _public(fb: Feedback | None, now: datetime, paid_cents: int) -> FeedbackView | None:
    """What anyone may see of a feedback: only once revealed, only when ≥ $1 was paid."""
    if fb is None:
        return None
    view = feedback_view(fb, None, now, paid_cents)
    return view if view.comment is not None else None


# --- the freelancer's own figures --------------------------------------------------------------


def reputation_of(user_id: int) -> FreelancerReputation:
    return FreelancerReputation.objects.filter(user_id=user_id).first() or FreelancerReputation(
        user_id=user_id
    )


def badge_history(user_id: int, limit: int = 16) -> list[BadgeEvaluation]:
    return list(BadgeEvaluation.objects.filter(user_id=user_id).order_by("-week_start")[:limit])


def lost_disputes(contract_ids: Sequence[int]) -> set[int]:
    """Contracts with a dispute decided against the freelancer (the client got more than they did)."""
    rows = Dispute.objects.filter(
        contract_id__in=list(contract_ids), status=DisputeStatus.RESOLVED
    ).values_list("contract_id", "client_cents", "freelancer_cents")
    return {cid for cid, cc, fc in rows if (cc or 0) > (fc or 0)}


def next_badge(evaluation: BadgeEvaluation) -> dict[str, Any] | None:
    """The next badge not held and the criteria still missing for it, from an evaluation's record."""
    held = set(evaluation.badges)
    criteria: dict[str, list[dict[str, Any]]] = evaluation.criteria
    no_jss = bool(criteria.get(rules.RISING_TALENT) and criteria[rules.RISING_TALENT][0]["met"])
    order = (
        (rules.RISING_TALENT, rules.TOP_RATED, rules.TOP_RATED_PLUS)
        if no_jss and rules.RISING_TALENT not in held
        else (rules.TOP_RATED, rules.TOP_RATED_PLUS)
    )
    for badge in order:
        if badge not in held:
            return {"badge": badge, "missing": [c for c in criteria.get(badge, []) if not c["met"]]}
    return None
