"""The published rules of DESIGN §9 as pure functions: no database, no clock.

docs/reputation.md publishes every number below; tests cover each example of issue 10.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext, gettext_noop

# --- feedback ----------------------------------------------------------------------------------
WINDOW_DAYS = 14
REPLY_DAYS = 28
INTERIM_DAYS = 90  # long-running contracts get a feedback round every 90 days
MIN_PUBLIC_PAID_CENTS = 1_00  # public feedback shows only if ≥ $1 was paid

CLIENT_CATEGORIES = ("skills", "quality", "availability", "deadlines", "communication", "cooperation")
FREELANCER_CATEGORIES = (
    "clarity",
    "communication",
    "cooperation",
    "payment_promptness",
    "availability",
    "would_work_again",
)
# Labels, badge names and criterion words stay English here: the API returns them and evaluations
# store them. The pages translate them when they show them (`{% translate label %}`).
CRITERION_WORDS = (gettext_noop("yes"), gettext_noop("no"), gettext_noop("none"), gettext_noop("restricted"))
CATEGORY_LABELS = {
    "skills": gettext_noop("Skills"),
    "quality": gettext_noop("Quality of work"),
    "availability": gettext_noop("Availability"),
    "deadlines": gettext_noop("Adherence to deadlines"),
    "communication": gettext_noop("Communication"),
    "cooperation": gettext_noop("Cooperation"),
    "clarity": gettext_noop("Clarity of requirements"),
    "payment_promptness": gettext_noop("Payment promptness"),
    "would_work_again": gettext_noop("Would work with again"),
}


def categories_for(side: str) -> tuple[str, ...]:
    """The categories the author on `side` rates."""
    return CLIENT_CATEGORIES if side == "client" else FREELANCER_CATEGORIES


def midnight_after(moment: datetime, days: int) -> datetime:
    """00:00 UTC, `days` days after the (UTC) day of `moment`: ended 2024-05-01 → 14 days → 05-15 00:00."""
    day = moment.astimezone(UTC).date() + timedelta(days=days)
    return datetime.combine(day, time(0), tzinfo=UTC)


def window_bounds(opens_at: datetime) -> tuple[datetime, datetime]:
    """(closes_at, reply_until) of a window opened at `opens_at`."""
    return midnight_after(opens_at, WINDOW_DAYS), midnight_after(opens_at, REPLY_DAYS)


# --- Job Success Score --------------------------------------------------------------------------
JSS_MONTHS = 24
LONG_TERM_DAYS = 90
POSITIVE_MIN_SCORE = Decimal("4.5")
POSITIVE_MIN_RECOMMEND = 8
NEGATIVE_BELOW_SCORE = Decimal("3.0")
NEGATIVE_MAX_RECOMMEND = 4
WEIGHT_CAP = Decimal(8)
MIN_ELIGIBLE = 2
MIN_CLIENTS = 2

POSITIVE, NEGATIVE, NEUTRAL, EXCLUDED = "positive", "negative", "neutral", "excluded"


def base_weight(paid_cents: int) -> Decimal:
    """$1–250 → 1, $251–1,000 → 1.25, > $1,000 → 1.5 (a $0 contract with negative feedback weighs 1)."""
    if paid_cents <= 250_00:
        return Decimal(1)
    if paid_cents <= 1_000_00:
        return Decimal("1.25")
    return Decimal("1.5")


def months_with_payments(days: Iterable[date]) -> int:
    """Distinct calendar months in which the contract paid anything."""
    return len({(d.year, d.month) for d in days})


def weight(paid_cents: int, months: int) -> Decimal:
    """Earnings weight, plus 1 for every full 3 months with payments, capped at 8."""
    return min(base_weight(paid_cents) + months // 3, WEIGHT_CAP)


@dataclass(frozen=True)
class ClientVerdict:
    """The client's feedback on the freelancer as the JSS reads it (public average, private 0–10)."""

    score: Decimal
    recommend: int | None


@dataclass(frozen=True)
class ContractFacts:
    contract_id: int
    title: str
    client_id: int
    ended: bool
    ended_at: datetime | None
    paid_cents: int
    payment_days: tuple[date, ...]  # the day of each payment
    feedback: ClientVerdict | None  # revealed client feedback (the latest window), or None
    window_open: bool  # the end window is still running and the client's feedback is not out
    dispute_lost: bool
    client_suspended: bool


# Each outcome is stored with a stable `code` and its `params` beside the English `reason` (which the
# API returns unchanged); pages rebuild the sentence from the code in the reader's language.
REASONS = {
    "client_suspended": "excluded: the client was suspended for abuse",
    "no_payment_no_feedback": "excluded: no payment and no feedback",
    "window_open": "not counted yet: the feedback window is still open",
    "zero_paid_positive": "excluded: a $0 contract with positive feedback",
    "dispute_lost": "counted as negative because a dispute was decided against you",
    "low_public": "counted as negative because the public feedback averaged {score}",
    "low_private": "counted as negative because the client's private rating was {recommend}/10",
    "good_feedback": "counted as positive: public feedback {score}",
    "good_feedback_private": "counted as positive: public feedback {score}, private {recommend}/10",
    "long_term": "counted as positive: a long-term relationship ({days} days of payments)",
    "neutral_feedback": "counted as neutral: public feedback {score} is neither good nor poor",
    "no_feedback": "counted as neutral: the client left no feedback",
}
SENTENCES = {
    "client_suspended": gettext_noop("This contract excluded: the client was suspended for abuse"),
    "no_payment_no_feedback": gettext_noop("This contract excluded: no payment and no feedback"),
    "window_open": gettext_noop("This contract not counted yet: the feedback window is still open"),
    "zero_paid_positive": gettext_noop("This contract excluded: a $0 contract with positive feedback"),
    "dispute_lost": gettext_noop(
        "This contract counted as negative because a dispute was decided against you"
    ),
    "low_public": gettext_noop(
        "This contract counted as negative because the public feedback averaged %(score)s"
    ),
    "low_private": gettext_noop(
        "This contract counted as negative because the client's private rating was %(recommend)s/10"
    ),
    "good_feedback": gettext_noop("This contract counted as positive: public feedback %(score)s"),
    "good_feedback_private": gettext_noop(
        "This contract counted as positive: public feedback %(score)s, private %(recommend)s/10"
    ),
    "long_term": gettext_noop(
        "This contract counted as positive: a long-term relationship (%(days)s days of payments)"
    ),
    "neutral_feedback": gettext_noop(
        "This contract counted as neutral: public feedback %(score)s is neither good nor poor"
    ),
    "no_feedback": gettext_noop("This contract counted as neutral: the client left no feedback"),
}


@dataclass(frozen=True)
class Outcome:
    contract_id: int
    title: str
    client_id: int
    outcome: str
    reason: str
    weight: Decimal
    paid_cents: int
    code: str = ""
    params: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "contract_id": self.contract_id,
            "title": self.title,
            "client_id": self.client_id,
            "outcome": self.outcome,
            "reason": self.reason,
            "code": self.code,
            "params": self.params,
            "weight": str(self.weight),
            "paid_cents": self.paid_cents,
        }


def outcome_sentence(o: dict[str, object]) -> str:
    """A stored outcome (`Outcome.as_json`) as one sentence in the active language: "This contract
    counted as positive: …; it weighs 1.25." A row stored before codes existed keeps its English reason."""
    code = str(o.get("code") or "")
    if code not in SENTENCES:
        return gettext("This contract %(reason)s.") % {"reason": o.get("reason", "")}
    params = o.get("params")
    params = params if isinstance(params, dict) else {}
    main = gettext(SENTENCES[code]) % params
    if o.get("outcome") == EXCLUDED:
        return gettext("%(reason)s.") % {"reason": main}
    if params.get("bonus"):
        return gettext(
            "%(reason)s; it weighs %(weight)s (+%(bonus)s for %(months)s months with payments)."
        ) % {
            "reason": main,
            **params,
        }
    return gettext("%(reason)s; it weighs %(weight)s.") % {"reason": main, **params}


def _is_good(v: ClientVerdict) -> bool:
    return v.score >= POSITIVE_MIN_SCORE and (v.recommend is None or v.recommend >= POSITIVE_MIN_RECOMMEND)


def classify(f: ContractFacts, now: datetime) -> Outcome | None:
    """One contract's outcome with the reason, or None when it is not an input at all (an ongoing
    contract under 90 days of payments, or one older than 24 months)."""
    span = (max(f.payment_days) - min(f.payment_days)).days if f.payment_days else 0
    months = months_with_payments(f.payment_days)
    w = weight(f.paid_cents, months)
    extra = f" (+{months // 3} for {months} months with payments)" if months >= 3 else ""
    weighs = f"; it weighs {w}{extra}"
    weight_params = {"weight": str(w), "bonus": months // 3 if months >= 3 else 0, "months": months}
    last = f.ended_at if f.ended else (max(f.payment_days) if f.payment_days else None)
    if last is None:
        return None
    last_dt = last if isinstance(last, datetime) else datetime.combine(last, time(0), tzinfo=UTC)
    if last_dt < now - timedelta(days=int(JSS_MONTHS * 365.25 / 12)):
        return None
    if not f.ended and span < LONG_TERM_DAYS:
        return None

    def out(kind: str, code: str, **params: object) -> Outcome:
        reason = REASONS[code].format(**params)
        if kind == EXCLUDED:
            return Outcome(
                f.contract_id, f.title, f.client_id, kind, reason, Decimal(0), f.paid_cents, code, params
            )
        return Outcome(
            f.contract_id,
            f.title,
            f.client_id,
            kind,
            reason + weighs,
            w,
            f.paid_cents,
            code,
            {**params, **weight_params},
        )

    if f.client_suspended:
        return out(EXCLUDED, "client_suspended")
    if f.ended and f.paid_cents == 0 and f.feedback is None and not f.dispute_lost:
        return out(EXCLUDED, "no_payment_no_feedback")
    if f.ended and f.feedback is None and f.window_open:
        return out(EXCLUDED, "window_open")
    if f.paid_cents == 0 and f.feedback is not None and _is_good(f.feedback):
        return out(EXCLUDED, "zero_paid_positive")
    if f.dispute_lost:
        return out(NEGATIVE, "dispute_lost")
    if f.feedback is not None:
        score = str(f.feedback.score)
        if f.feedback.score < NEGATIVE_BELOW_SCORE:
            return out(NEGATIVE, "low_public", score=score)
        if f.feedback.recommend is not None and f.feedback.recommend <= NEGATIVE_MAX_RECOMMEND:
            return out(NEGATIVE, "low_private", recommend=f.feedback.recommend)
        if _is_good(f.feedback):
            if f.feedback.recommend is None:
                return out(POSITIVE, "good_feedback", score=score)
            return out(POSITIVE, "good_feedback_private", score=score, recommend=f.feedback.recommend)
    if span >= LONG_TERM_DAYS:
        return out(POSITIVE, "long_term", days=span)
    if f.feedback is not None:
        return out(NEUTRAL, "neutral_feedback", score=str(f.feedback.score))
    return out(NEUTRAL, "no_feedback")


@dataclass(frozen=True)
class Jss:
    score: int | None  # shown (None until eligible)
    raw: int | None  # computed whenever there is any weight
    outcomes: tuple[Outcome, ...] = field(default=())
    eligible: int = 0
    clients: int = 0


def compute_jss(outcomes: Sequence[Outcome]) -> Jss:
    """JSS = floor((Σ positive − Σ negative) / Σ total × 100), not below 0; shown with ≥ 2 eligible
    contracts from ≥ 2 different clients."""
    counted = [o for o in outcomes if o.outcome != EXCLUDED]
    total = sum((Fraction(o.weight) for o in counted), Fraction(0))
    pos = sum((Fraction(o.weight) for o in counted if o.outcome == POSITIVE), Fraction(0))
    neg = sum((Fraction(o.weight) for o in counted if o.outcome == NEGATIVE), Fraction(0))
    raw = max(0, math.floor((pos - neg) / total * 100)) if total else None
    clients = len({o.client_id for o in counted})
    shown = raw if len(counted) >= MIN_ELIGIBLE and clients >= MIN_CLIENTS else None
    return Jss(shown, raw, tuple(outcomes), len(counted), clients)


# --- badges -------------------------------------------------------------------------------------
RISING_TALENT, TOP_RATED, TOP_RATED_PLUS, EXPERT_VETTED = (
    "rising-talent",
    "top-rated",
    "top-rated-plus",
    "expert-vetted",
)
BADGE_ORDER = (RISING_TALENT, TOP_RATED, TOP_RATED_PLUS, EXPERT_VETTED)
BADGE_NAMES = (
    gettext_noop("Rising Talent"),
    gettext_noop("Top Rated"),
    gettext_noop("Top Rated Plus"),
    gettext_noop("Expert-Vetted"),
)
TOP_RATED_JSS = 90
TOP_RATED_WEEKS = 13
TOP_RATED_WINDOW_WEEKS = 16
TOP_RATED_EARNED_CENTS = 1_000_00
TOP_RATED_PLUS_EARNED_CENTS = 10_000_00
DEFAULT_LARGE_CONTRACT_CENTS = 10_000_00
ACTIVE_DAYS = 90
FIRST_EARNING_DAYS = 90


@dataclass(frozen=True)
class BadgeInputs:
    jss: int | None
    profile_percent: int
    active_in_90_days: bool
    good_standing: bool
    restricted_in_90_days: bool
    first_earning_at: datetime | None
    earned_12m_cents: int
    # How many of the previous 15 weekly evaluations met this week's Top Rated criteria.
    previous_eligible_weeks: int
    # Large contracts with earnings in 12 months: (earned, category threshold, had a negative outcome).
    large_contracts: tuple[tuple[int, int, bool], ...]
    expert_vetted: bool


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    value: str
    required: str
    met: bool

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "required": self.required,
            "met": self.met,
        }


def _money(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


@dataclass(frozen=True)
class BadgeResult:
    badges: tuple[str, ...]
    criteria: dict[str, list[Criterion]]
    top_rated_eligible: bool  # this week's criteria, before the 13-of-16 rule


def evaluate_badges(i: BadgeInputs, now: datetime) -> BadgeResult:
    profile = Criterion(
        "profile",
        gettext_noop("Profile 100% complete"),
        f"{i.profile_percent}%",
        "100%",
        i.profile_percent >= 100,
    )
    active = Criterion(
        "active",
        gettext_noop("Active in the last 90 days"),
        "yes" if i.active_in_90_days else "no",
        "yes",
        i.active_in_90_days,
    )
    standing = Criterion(
        "standing",
        gettext_noop("In good standing"),
        "yes" if i.good_standing else "no",
        "yes",
        i.good_standing,
    )
    rising = [
        Criterion(
            "no_jss",
            gettext_noop("No Job Success Score yet"),
            "none" if i.jss is None else f"{i.jss}%",
            "none",
            i.jss is None,
        ),
        profile,
        active,
        standing,
    ]
    first_ok = i.first_earning_at is not None and i.first_earning_at <= now - timedelta(
        days=FIRST_EARNING_DAYS
    )
    weekly = [
        Criterion(
            "jss",
            gettext_noop("Job Success Score ≥ 90%"),
            "none" if i.jss is None else f"{i.jss}%",
            f"{TOP_RATED_JSS}%",
            i.jss is not None and i.jss >= TOP_RATED_JSS,
        ),
        Criterion(
            "first_earning",
            gettext_noop("First earnings more than 90 days ago"),
            i.first_earning_at.date().isoformat() if i.first_earning_at else "none",
            "> 90 days ago",
            first_ok,
        ),
        profile,
        Criterion(
            "earned_12m",
            gettext_noop("Earned in the last 12 months"),
            _money(i.earned_12m_cents),
            _money(TOP_RATED_EARNED_CENTS),
            i.earned_12m_cents >= TOP_RATED_EARNED_CENTS,
        ),
        Criterion(
            "no_restriction",
            gettext_noop("No account restriction in 90 days"),
            "none" if not i.restricted_in_90_days else "restricted",
            "none",
            not i.restricted_in_90_days,
        ),
        active,
    ]
    this_week = all(c.met for c in weekly)
    weeks = i.previous_eligible_weeks + (1 if this_week else 0)
    top = [
        *weekly,
        Criterion(
            "weeks",
            f"Eligible in {TOP_RATED_WEEKS} of the last {TOP_RATED_WINDOW_WEEKS} weekly evaluations",
            f"{weeks} of {TOP_RATED_WINDOW_WEEKS}",
            f"{TOP_RATED_WEEKS}",
            weeks >= TOP_RATED_WEEKS,
        ),
    ]
    is_top = all(c.met for c in top)
    large = [c for c in i.large_contracts if c[0] >= c[1] and not c[2]]
    plus = [
        Criterion("top_rated", gettext_noop("Top Rated"), "yes" if is_top else "no", "yes", is_top),
        Criterion(
            "earned_12m_plus",
            gettext_noop("Earned in the last 12 months"),
            _money(i.earned_12m_cents),
            _money(TOP_RATED_PLUS_EARNED_CENTS),
            i.earned_12m_cents >= TOP_RATED_PLUS_EARNED_CENTS,
        ),
        Criterion(
            "large_contract",
            gettext_noop(
                "A large contract (category threshold) with earnings in 12 months and no negative outcome"
            ),
            str(len(large)),
            "1",
            bool(large),
        ),
    ]
    vetted = [
        Criterion(
            "granted",
            gettext_noop("Granted by Hirehall staff"),
            "yes" if i.expert_vetted else "no",
            "yes",
            i.expert_vetted,
        )
    ]
    criteria = {RISING_TALENT: rising, TOP_RATED: top, TOP_RATED_PLUS: plus, EXPERT_VETTED: vetted}
    badges = []
    if all(c.met for c in rising):
        badges.append(RISING_TALENT)
    if is_top:
        badges.append(TOP_RATED)
    if all(c.met for c in plus):
        badges.append(TOP_RATED_PLUS)
    if i.expert_vetted:
        badges.append(EXPERT_VETTED)
    return BadgeResult(tuple(badges), criteria, this_week)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
