"""Every write of the reputation app: feedback and replies, feedback windows, the JSS and badges.

Lock order: feedback window → feedback → freelancer reputation row. The JSS is recomputed inside
the transaction that changed an outcome (a window revealed), and daily by the sweep.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from hirehall.accounts.models import User
from hirehall.contracts.models import Contract, ContractStatus
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError
from hirehall.core.restrictions import restricted_since
from hirehall.notifications.services import notify
from hirehall.profiles.completeness import completeness
from hirehall.profiles.models import FreelancerProfile
from hirehall.profiles.search_index import reindex_profile
from hirehall.profiles.selectors import profile_page_queryset
from hirehall.reputation import rules, selectors
from hirehall.reputation.models import (
    BadgeEvaluation,
    ExpertVetting,
    Feedback,
    FeedbackWindow,
    FreelancerReputation,
    LargeContractThreshold,
    Side,
)

MAX_TEXT = 2000


# --- feedback windows --------------------------------------------------------------------------


def feedback_window_open(*, contract: Contract, period: int, opens_at: datetime) -> FeedbackWindow:
    """The window (created once: UNIQUE (contract, period)). Called inside the caller's transaction."""
    closes_at, reply_until = rules.window_bounds(opens_at)
    window, created = FeedbackWindow.objects.get_or_create(
        contract=contract,
        period=period,
        defaults={"opens_at": opens_at, "closes_at": closes_at, "reply_until": reply_until},
    )
    if created and closes_at > clock_now():
        if period == 0:
            body = gettext_lazy(
                "The contract has ended. Feedback is double-blind and closes {at:%Y-%m-%d %H:%M} UTC."
            )
        else:
            body = gettext_lazy(
                "The contract has run {days} days. Feedback is double-blind and closes "
                "{at:%Y-%m-%d %H:%M} UTC."
            )
        for user_id in (contract.client_id, contract.freelancer_id):
            notify(
                user=User.objects.get(pk=user_id),
                kind="feedback_due",
                title=format_lazy(gettext_lazy("Leave feedback on “{title}”"), title=contract.title),
                body=format_lazy(body, days=rules.INTERIM_DAYS * period, at=closes_at),
                url=reverse("reputation:feedback", args=[contract.pk]),
                ref=f"contract:{contract.pk}",
                key=f"feedback_due:{window.pk}",
            )
    return window


# A reminder this long before a window closes, to each side that has not left feedback yet.
CLOSING_REMINDER = timedelta(days=2)


@transaction.atomic
def feedback_closing_remind(*, window_id: int, now: datetime) -> int:
    """Remind each side still missing from a window that it is about to close, once (the claim)."""
    if not FeedbackWindow.objects.filter(pk=window_id, reminded_at__isnull=True).update(reminded_at=now):
        return 0  # another runner reminded it
    window = FeedbackWindow.objects.select_related("contract").get(pk=window_id)
    contract = window.contract
    given = set(Feedback.objects.filter(window=window).values_list("author_id", flat=True))
    missing = [uid for uid in (contract.client_id, contract.freelancer_id) if uid not in given]
    for user in User.objects.filter(pk__in=missing).order_by("pk"):
        notify(
            user=user,
            kind="feedback_due",
            title=format_lazy(gettext_lazy("Feedback on “{title}” closes soon"), title=contract.title),
            body=format_lazy(
                gettext_lazy(
                    "You can leave feedback until {at:%Y-%m-%d %H:%M} UTC; "
                    "after that the other side's feedback becomes visible without yours."
                ),
                at=window.closes_at,
            ),
            url=reverse("reputation:feedback", args=[contract.pk]),
            ref=f"contract:{contract.pk}",
            key=f"feedback_closing:{window.pk}",
        )
    return len(missing)


def end_window(contract: Contract) -> FeedbackWindow:
    if contract.status != ContractStatus.ENDED or contract.ended_at is None:
        raise DomainError("feedback_not_open", "Feedback opens when the contract ends.")
    return feedback_window_open(contract=contract, period=0, opens_at=contract.ended_at)


@transaction.atomic(durable=True)
def interim_window_open(*, contract_id: int, now: datetime) -> FeedbackWindow | None:
    """A long-running contract gets a feedback round every 90 days without ending (the sweep)."""
    contract = Contract.objects.filter(pk=contract_id).exclude(status=ContractStatus.ENDED).first()
    if contract is None:
        return None
    period = (now - contract.started_at).days // rules.INTERIM_DAYS
    if period < 1:
        return None
    return feedback_window_open(
        contract=contract,
        period=period,
        opens_at=contract.started_at + timedelta(days=rules.INTERIM_DAYS * period),
    )


@transaction.atomic(durable=True)
def end_window_ensure(*, contract_id: int) -> FeedbackWindow | None:
    """For an ended contract whose window was never opened (the sweep's safety net)."""
    contract = Contract.objects.filter(pk=contract_id, status=ContractStatus.ENDED).first()
    return end_window(contract) if contract is not None else None


def _current_window(contract: Contract, side: str, now: datetime) -> FeedbackWindow:
    if contract.status == ContractStatus.ENDED:
        return _still_open(end_window(contract), now)
    interim = (
        FeedbackWindow.objects.filter(contract=contract, period__gte=1, opens_at__lte=now)
        .order_by("-period")
        .first()
    )
    if interim is None:
        raise DomainError(
            "feedback_not_open",
            "Feedback opens when the contract ends, or after every 90 days of a long-running contract.",
        )
    return _still_open(interim, now)


def _still_open(window: FeedbackWindow, now: datetime) -> FeedbackWindow:
    if now >= window.closes_at:
        raise DomainError(
            "feedback_window_closed", f"Feedback closed on {window.closes_at:%Y-%m-%d %H:%M} UTC."
        )
    return window


# --- leaving feedback ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackInput:
    scores: dict[str, Any]
    comment: str = ""
    recommend: Any = None
    reason: str = ""


def _clean_text(value: object, field: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise DomainError("validation_error", f"{field} must be text.", field=field)
    if "\x00" in value:
        raise DomainError("invalid_characters", f"{field} contains a NUL character.", field=field)
    value = value.strip()
    if len(value) > limit:
        raise DomainError("validation_error", f"{field} is limited to {limit} characters.", field=field)
    return value


def _clean_scores(side: str, scores: object) -> dict[str, int]:
    wanted = rules.categories_for(side)
    if not isinstance(scores, dict):
        raise DomainError("validation_error", "scores must be an object of category: 1–5.", field="scores")
    unknown = sorted(set(scores) - set(wanted))
    missing = [c for c in wanted if c not in scores]
    if unknown or missing:
        raise DomainError(
            "validation_error",
            f"Rate exactly these categories: {', '.join(wanted)}.",
            field="scores",
            unknown=unknown,
            missing=missing,
        )
    clean = {}
    for key in wanted:
        value = scores[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise DomainError(
                "validation_error", f"scores.{key} must be a whole number from 1 to 5.", field="scores"
            )
        clean[key] = value
    return clean


def _clean_recommend(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise DomainError(
            "validation_error", "private.recommend must be a whole number from 0 to 10.", field="recommend"
        )
    return value


@transaction.atomic(durable=True)
def feedback_leave(*, actor: User, contract: Contract, data: FeedbackInput) -> Feedback:
    """One side's feedback on the contract's open window (the end, or a 90-day round).

    Double-blind: the window is revealed when the second side leaves theirs (or by the sweep when it
    closes); the JSS is recomputed in the same transaction when it is.
    """
    contract = Contract.objects.get(pk=contract.pk)  # the current status, whatever the caller holds
    if actor.pk == contract.client_id:
        side, subject_id = Side.CLIENT, contract.freelancer_id
    elif actor.pk == contract.freelancer_id:
        side, subject_id = Side.FREELANCER, contract.client_id
    else:
        raise DomainError("not_found", "No such contract.")
    scores = _clean_scores(side, data.scores)
    comment = _clean_text(data.comment, "comment")
    reason = _clean_text(data.reason, "reason", 300)
    recommend = _clean_recommend(data.recommend)
    now = clock_now()
    window = _current_window(contract, side, now)
    window = FeedbackWindow.objects.select_for_update().get(pk=window.pk)
    others = list(Feedback.objects.filter(window=window).values_list("side", flat=True))
    if side in others:
        raise DomainError("feedback_already_left", "You already left feedback for this period.")
    avg = (Decimal(sum(scores.values())) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                window=window,
                contract=contract,
                side=side,
                author=actor,
                subject_id=subject_id,
                scores=scores,
                score=avg,
                comment=comment,
                recommend=recommend,
                reason=reason,
                created_at=now,
            )
    except IntegrityError:
        raise DomainError("feedback_already_left", "You already left feedback for this period.") from None
    if others and window.revealed_at is None:
        _reveal(window, now)
    return feedback


def _reveal(window: FeedbackWindow, at: datetime) -> None:
    window.revealed_at = at
    window.save(update_fields=["revealed_at"])
    freelancer_id = (
        Contract.objects.filter(pk=window.contract_id).values_list("freelancer_id", flat=True).get()
    )
    _recompute(freelancer_id, clock_now())


@transaction.atomic(durable=True)
def feedback_window_reveal(*, window_id: int, now: datetime) -> bool:
    """The window closed: what was left becomes visible as of the closing instant (the sweep)."""
    window = FeedbackWindow.objects.select_for_update().filter(pk=window_id, revealed_at__isnull=True).first()
    if window is None or window.closes_at > now:
        return False
    _reveal(window, window.closes_at)
    return True


@transaction.atomic(durable=True)
def feedback_reply(*, actor: User, feedback: Feedback, body: str) -> Feedback:
    """The rated side replies once, within 28 days of the end (of the window's opening)."""
    text = _clean_text(body, "body")
    if not text:
        raise DomainError("validation_error", "Write a reply.", field="body")
    feedback = Feedback.objects.select_related("window").select_for_update(of=("self",)).get(pk=feedback.pk)
    if actor.pk != feedback.subject_id:
        raise DomainError("permission_denied", "Only the rated side may reply.")
    now = clock_now()
    if not selectors.is_visible(feedback.window, now):
        raise DomainError("feedback_not_visible", "You can reply once the feedback is visible.")
    if now >= feedback.window.reply_until:
        raise DomainError(
            "reply_window_closed", f"Replies closed on {feedback.window.reply_until:%Y-%m-%d %H:%M} UTC."
        )
    if feedback.reply:
        raise DomainError("reply_already_left", "You already replied to this feedback.")
    feedback.reply = text
    feedback.replied_at = now
    feedback.save(update_fields=["reply", "replied_at"])
    return feedback


# --- Job Success Score ---------------------------------------------------------------------------


def contract_facts(freelancer_id: int, now: datetime) -> list[rules.ContractFacts]:
    """What the JSS reads about each of the freelancer's contracts. Seven queries."""
    contracts = list(
        Contract.objects.filter(freelancer_id=freelancer_id).select_related("client").order_by("pk")
    )
    ids = [c.pk for c in contracts]
    pays: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for cid, when, cents in selectors.payments(Q(contract_id__in=ids)):
        pays[cid].append((when, cents))
    windows = FeedbackWindow.objects.filter(contract_id__in=ids).order_by("period")
    win_by_contract: dict[int, list[FeedbackWindow]] = defaultdict(list)
    for w in windows:
        win_by_contract[w.contract_id].append(w)
    client_fb: dict[int, dict[int, Feedback]] = defaultdict(dict)
    for fb in Feedback.objects.filter(contract_id__in=ids, side=Side.CLIENT):
        client_fb[fb.contract_id][fb.window_id] = fb
    lost = selectors.lost_disputes(ids)
    facts = []
    for c in contracts:
        verdict = None
        window_open = False
        for w in win_by_contract[c.pk]:  # the latest revealed client feedback wins
            left = client_fb[c.pk].get(w.pk)
            if selectors.is_visible(w, now):
                if left is not None:
                    verdict = rules.ClientVerdict(left.score, left.recommend)
            elif w.period == 0:
                window_open = True
        if c.status == ContractStatus.ENDED and not win_by_contract[c.pk] and c.ended_at:
            window_open = rules.window_bounds(c.ended_at)[0] > now
        facts.append(
            rules.ContractFacts(
                contract_id=c.pk,
                title=c.title,
                client_id=c.client_id,
                ended=c.status == ContractStatus.ENDED,
                ended_at=c.ended_at,
                paid_cents=sum(cents for _, cents in pays[c.pk]),
                payment_days=tuple(sorted(when.date() for when, _ in pays[c.pk])),
                feedback=verdict,
                window_open=window_open,
                dispute_lost=c.pk in lost,
                client_suspended=not c.client.is_active,
            )
        )
    return facts


def _rating(freelancer_id: int, now: datetime) -> tuple[Decimal | None, int]:
    fbs = list(Feedback.objects.filter(subject_id=freelancer_id, side=Side.CLIENT).select_related("window"))
    paid = selectors.paid_by_contract([fb.contract_id for fb in fbs])
    shown = [
        fb.score
        for fb in fbs
        if selectors.is_visible(fb.window, now) and paid.get(fb.contract_id, 0) >= rules.MIN_PUBLIC_PAID_CENTS
    ]
    if not shown:
        return None, 0
    return (sum(shown, Decimal(0)) / len(shown)).quantize(Decimal("0.01"), ROUND_HALF_UP), len(shown)


def _recompute(freelancer_id: int, now: datetime) -> FreelancerReputation:
    outcomes = [o for f in contract_facts(freelancer_id, now) if (o := rules.classify(f, now)) is not None]
    jss = rules.compute_jss(outcomes)
    rating, reviews = _rating(freelancer_id, now)
    rep, _ = FreelancerReputation.objects.select_for_update().get_or_create(user_id=freelancer_id)
    changed = rep.jss != jss.score or rep.rating != rating
    if rep.jss != jss.score:
        _notify_jss(freelancer_id, rep.jss, jss.score, now)
    rep.jss, rep.jss_raw = jss.score, jss.raw
    rep.outcomes = [o.as_json() for o in outcomes]
    rep.rating, rep.reviews = rating, reviews
    rep.computed_at, rep.computed_on = now, now.date()
    rep.save(update_fields=["jss", "jss_raw", "outcomes", "rating", "reviews", "computed_at", "computed_on"])
    if changed:
        _reindex(freelancer_id)
    return rep


def _notify_jss(user_id: int, old: int | None, new: int | None, now: datetime) -> None:
    title = (
        format_lazy(gettext_lazy("Your Job Success Score is now {score}%"), score=new)
        if new is not None
        else gettext_lazy("Your Job Success Score is not shown any more")
    )
    body = (
        format_lazy(gettext_lazy("It was {score}%. Every input is on your reputation page."), score=old)
        if old is not None
        else gettext_lazy("It is shown on your profile from now on. Every input is on your reputation page.")
    )
    notify(
        user=User.objects.get(pk=user_id),
        kind="jss_changed",
        title=title,
        body=body,
        url=reverse("reputation:insights"),
        key=f"jss:{user_id}:{now:%Y%m%d%H%M%S}:{new}",
    )


def _reindex(user_id: int) -> None:
    profile_id = FreelancerProfile.objects.filter(user_id=user_id).values_list("pk", flat=True).first()
    if profile_id is not None:
        reindex_profile(profile_id)


@transaction.atomic  # joinable: a decided dispute recomputes inside its own transaction
def jss_recompute(*, user_id: int, now: datetime | None = None) -> FreelancerReputation:
    """Recompute one freelancer's JSS and rating (daily sweep; after an outcome changes)."""
    return _recompute(user_id, now or clock_now())


# --- badges --------------------------------------------------------------------------------------


def badge_inputs(user: User, now: datetime) -> rules.BadgeInputs:
    rep = selectors.reputation_of(user.pk)
    profile = profile_page_queryset().filter(user=user).first()
    pays = selectors.payments(Q(contract__freelancer=user))
    year_ago = now - timedelta(days=365)
    by_contract: dict[int, int] = defaultdict(int)
    recent: set[int] = set()
    for cid, when, cents in pays:
        by_contract[cid] += cents
        if when >= year_ago:
            recent.add(cid)
    thresholds = dict(LargeContractThreshold.objects.values_list("category_id", "amount_cents"))
    negatives = {o["contract_id"] for o in rep.outcomes if o.get("outcome") == rules.NEGATIVE}
    categories = dict(Contract.objects.filter(pk__in=recent).values_list("pk", "job__category_id"))
    large = tuple(
        (
            by_contract[cid],
            thresholds.get(categories.get(cid) or 0, rules.DEFAULT_LARGE_CONTRACT_CENTS),
            cid in negatives,
        )
        for cid in sorted(recent)
    )
    active_since = now - timedelta(days=rules.ACTIVE_DAYS)
    active = bool(
        (user.last_login and user.last_login >= active_since)
        or any(when >= active_since for _, when, _ in pays)
        or Contract.objects.filter(freelancer=user, started_at__gte=active_since).exists()
    )
    this_week = rules.week_start(now.date())
    previous = BadgeEvaluation.objects.filter(
        user=user,
        top_rated_eligible=True,
        week_start__lt=this_week,
        week_start__gte=this_week - timedelta(weeks=rules.TOP_RATED_WINDOW_WEEKS - 1),
    ).count()
    return rules.BadgeInputs(
        jss=rep.jss,
        profile_percent=completeness(profile).percent if profile else 0,
        active_in_90_days=active,
        good_standing=user.is_active,
        # Restrictions are the moderation app's (above this one): asked through core's registry.
        restricted_in_90_days=restricted_since(user, now - timedelta(days=90)),
        first_earning_at=min((when for _, when, _ in pays), default=None),
        earned_12m_cents=sum(cents for _, when, cents in pays if when >= year_ago),
        previous_eligible_weeks=previous,
        large_contracts=large,
        expert_vetted=ExpertVetting.objects.filter(user=user, active=True).exists(),
    )


@transaction.atomic(durable=True)
def badges_evaluate(*, user_id: int, now: datetime) -> BadgeEvaluation:
    """This week's evaluation (one row per user per week, history kept) and the current badges."""
    user = User.objects.get(pk=user_id)
    result = rules.evaluate_badges(badge_inputs(user, now), now)
    evaluation, _ = BadgeEvaluation.objects.update_or_create(
        user=user,
        week_start=rules.week_start(now.date()),
        defaults={
            "evaluated_at": now,
            "criteria": {k: [c.as_json() for c in v] for k, v in result.criteria.items()},
            "top_rated_eligible": result.top_rated_eligible,
            "badges": list(result.badges),
        },
    )
    _set_badges(user_id, list(result.badges))
    return evaluation


def _set_badges(user_id: int, badges: list[str]) -> None:
    rep, _ = FreelancerReputation.objects.select_for_update().get_or_create(user_id=user_id)
    if rep.badges != badges:
        gained = [b for b in badges if b not in rep.badges]
        lost = [b for b in rep.badges if b not in badges]
        rep.badges = badges
        rep.save(update_fields=["badges"])
        _reindex(user_id)
        names = dict(zip(rules.BADGE_ORDER, rules.BADGE_NAMES, strict=True))
        # Lazy parts, the badge names translated with them: all in the recipient's language.
        parts = [
            format_lazy(gettext_lazy("You earned {badge}."), badge=gettext_lazy(names[b])) for b in gained
        ]
        parts += [
            format_lazy(gettext_lazy("{badge} was removed."), badge=gettext_lazy(names[b])) for b in lost
        ]
        notify(
            user=User.objects.get(pk=user_id),
            kind="badge_changed",
            title=format_lazy(" ".join("{}" for _ in parts), *parts),
            body=gettext_lazy(
                "What each badge needs, and what is missing for the next one, is on your reputation page."
            ),
            url=reverse("reputation:insights"),
            key=f"badges:{user_id}:{clock_now():%Y%m%d%H%M%S}:{','.join(badges)}",
        )


@transaction.atomic(durable=True)
def expert_vetting_set(*, actor: User, user: User, active: bool, note: str = "") -> ExpertVetting:
    """Staff grant (or withdraw) Expert-Vetted; the badge shows at once."""
    if not actor.is_staff:
        raise DomainError("permission_denied", "Only staff grant Expert-Vetted.")
    if not user.is_freelancer:
        raise DomainError("validation_error", "Only freelancers can be Expert-Vetted.")
    vetting, _ = ExpertVetting.objects.update_or_create(
        user=user,
        defaults={
            "granted_by": actor,
            "granted_at": clock_now(),
            "note": _clean_text(note, "note", 300),
            "active": active,
        },
    )
    rep = selectors.reputation_of(user.pk)
    badges = [b for b in rep.badges if b != rules.EXPERT_VETTED]
    if active:
        badges.append(rules.EXPERT_VETTED)
    _set_badges(user.pk, [b for b in rules.BADGE_ORDER if b in badges])
    return vetting
