"""Proposal reads: who may see what, the client's review list with Best Match, offers, invitations."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_noop

from hirehall.accounts.models import User
from hirehall.contracts.selectors import share_contract
from hirehall.core.errors import NotFound
from hirehall.core.ids import parse_id
from hirehall.jobs.models import BudgetType, Job
from hirehall.offplatform import warnings
from hirehall.profiles.completeness import completeness
from hirehall.profiles.models import FreelancerProfile
from hirehall.profiles.sources import Reputation, reputation_for
from hirehall.proposals import boosts
from hirehall.proposals.models import (
    BoostState,
    Invitation,
    Offer,
    Proposal,
    ProposalStatus,
)


def _id(value: int | str) -> int:
    pk = parse_id(value)
    if pk is None:
        raise NotFound()
    return pk


def proposal_queryset() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("job", "job__client", "freelancer").prefetch_related(
        "answers__question", "milestones", "attachments"
    )


def proposal_get_for(user: User, proposal_id: int | str) -> Proposal:
    """The freelancer who wrote it and the job's client; everyone else gets a 404."""
    proposal = (
        proposal_queryset().filter(Q(freelancer=user) | Q(job__client=user), pk=_id(proposal_id)).first()
    )
    if proposal is None:
        raise NotFound("No such proposal.")
    return proposal


def proposal_of_freelancer_on_job(user: User, job: Job) -> Proposal | None:
    return Proposal.objects.filter(job=job, freelancer=user).first()


def proposals_of_freelancer(user: User) -> QuerySet[Proposal]:
    return Proposal.objects.filter(freelancer=user).select_related("job").order_by("-pk")


def invitations_for(user: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(freelancer=user).select_related("job", "job__client").order_by("-pk")


def invitation_get_for(user: User, invitation_id: int | str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("job")
        .filter(Q(freelancer=user) | Q(job__client=user), pk=_id(invitation_id))
        .first()
    )
    if invitation is None:
        raise NotFound("No such invitation.")
    return invitation


def offers_for(user: User) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(Q(client=user) | Q(freelancer=user))
        .select_related("proposal__job", "client", "freelancer")
        .prefetch_related("milestones")
        .order_by("-pk")
    )


def offer_get_for(user: User, offer_id: int | str) -> Offer:
    offer = offers_for(user).filter(pk=_id(offer_id)).first()
    if offer is None:
        raise NotFound("No such offer.")
    return offer


# --- Best Match ---------------------------------------------------------------------------------
# Weights sum to 100: a factor's points are its weight × how well the freelancer meets it (0..1).
WEIGHTS = {
    "skills": 30,
    "rate": 20,
    "jss": 15,
    "badges": 10,
    "history": 10,
    "completeness": 10,
    "responsiveness": 5,
}
# English here (the API returns them as they are); review.html translates them for the page.
FACTOR_LABELS = {
    "skills": gettext_noop("Skills the job asks for"),
    "rate": gettext_noop("Bid fits the budget"),
    "jss": gettext_noop("Job Success Score"),
    "badges": gettext_noop("Badges"),
    "history": gettext_noop("Relevant work history"),
    "completeness": gettext_noop("Profile completeness"),
    "responsiveness": gettext_noop("Responsiveness"),
}
NEUTRAL = 0.5  # unknown (a new freelancer, no JSS yet; no conversation yet): neither helps nor hurts


@dataclass(frozen=True)
class Factor:
    key: str
    label: str
    weight: int
    points: float


@dataclass(frozen=True)
class ReviewRow:
    proposal: Proposal
    boosted: bool
    score: int
    factors: list[Factor]


def _rate_fit(job: Job, bid: int) -> float:
    if job.budget_type == BudgetType.FIXED:
        budget = job.fixed_cents or bid
        return 1.0 if bid <= budget else max(0.0, 1 - (bid - budget) / budget)
    low = job.hourly_min_cents or 0
    high = job.hourly_max_cents or low or bid
    if low <= bid <= high:
        return 1.0
    gap = (low - bid) if bid < low else (bid - high)
    return max(0.0, 1 - gap / max(high, 1))


def _profile(proposal: Proposal) -> FreelancerProfile | None:
    try:
        return proposal.freelancer.freelancer_profile
    except ObjectDoesNotExist:
        return None


def best_match(job: Job, job_skill_ids: set[int], proposal: Proposal, reputation: Reputation) -> list[Factor]:
    profile = _profile(proposal)
    skill_ids = {ps.skill_id for ps in profile.profile_skills.all()} if profile else set()
    client_spoke = proposal.client_messaged_at is not None
    freelancer_spoke = proposal.freelancer_messaged_at is not None
    values = {
        "skills": len(job_skill_ids & skill_ids) / len(job_skill_ids) if job_skill_ids else 1.0,
        "rate": _rate_fit(job, proposal.bid_cents),
        "jss": reputation.jss / 100 if reputation.jss is not None else NEUTRAL,
        "badges": 1.0 if reputation.badges else 0.0,
        "history": min(1.0, reputation.jobs / 10),
        "completeness": completeness(profile).percent / 100 if profile else 0.0,
        "responsiveness": (1.0 if freelancer_spoke else 0.0) if client_spoke else NEUTRAL,
    }
    return [Factor(k, FACTOR_LABELS[k], w, round(w * values[k], 1)) for k, w in WEIGHTS.items()]


REVIEW_SORTS = ("best_match", "newest", "rate")
REVIEW_FILTERS = ("all", "active", "shortlisted", "archived", "declined", "messaged", "boosted")


def proposals_for_review(
    client: User,
    job: Job,
    *,
    sort: str = "best_match",
    status: str = "active",
    bid_min: int | None = None,
    bid_max: int | None = None,
) -> list[ReviewRow]:
    """The client's list: boosted slots first (marked), then the rest in the chosen order.

    A constant number of queries: proposals with freelancer and profile, four prefetches, the
    job's skills, and the boost ranking.
    """
    if job.client_id != client.pk:
        raise NotFound("No such job.")
    qs = Proposal.objects.filter(job=job).exclude(status=ProposalStatus.WITHDRAWN)
    if status == "active":
        qs = qs.exclude(status__in=[ProposalStatus.ARCHIVED, ProposalStatus.DECLINED])
    elif status == "messaged":
        qs = qs.filter(client_messaged_at__isnull=False)
    elif status == "boosted":
        qs = qs.exclude(boost_state=BoostState.NONE)
    elif status in (ProposalStatus.SHORTLISTED, ProposalStatus.ARCHIVED, ProposalStatus.DECLINED):
        qs = qs.filter(status=status)
    if bid_min is not None:
        qs = qs.filter(bid_cents__gte=bid_min)
    if bid_max is not None:
        qs = qs.filter(bid_cents__lte=bid_max)
    proposals = list(
        qs.select_related("freelancer", "freelancer__freelancer_profile").prefetch_related(
            "freelancer__freelancer_profile__profile_skills",
            "freelancer__freelancer_profile__portfolio_items",
            "freelancer__freelancer_profile__languages",
        )
    )
    job_skill_ids = set(job.skills.values_list("pk", flat=True))
    reputations = reputation_for([p.freelancer_id for p in proposals])
    if boosts.auction_open(job):
        slots = boosts.top_slots(job.pk)
    else:
        slots = [
            p.pk
            for p in sorted(
                (p for p in proposals if p.boost_state == BoostState.WON),
                key=lambda p: (-p.boost_bid, p.boost_bid_at, p.pk),
            )
        ]
    slot_rank = {pk: i for i, pk in enumerate(slots)}
    rows = []
    for p in proposals:
        factors = best_match(job, job_skill_ids, p, reputations[p.freelancer_id])
        rows.append(ReviewRow(p, p.pk in slot_rank, round(sum(f.points for f in factors)), factors))
    keys = {
        "best_match": lambda r: (-r.score, -r.proposal.pk),
        "newest": lambda r: (-r.proposal.pk,),
        "rate": lambda r: (r.proposal.bid_cents, -r.proposal.pk),
    }
    rest = sorted((r for r in rows if not r.boosted), key=keys.get(sort, keys["best_match"]))
    top = sorted((r for r in rows if r.boosted), key=lambda r: slot_rank[r.proposal.pk])
    return top + rest


def cover_letter_warnings(freelancer_id: int, client_id: int, cover_letter: str) -> list[str]:
    """The off-platform `warnings` of a cover letter (what moderation flags on a sent proposal), none
    once the freelancer and the client share a contract."""
    shared = share_contract(freelancer_id, [client_id])
    return warnings(cover_letter, share_contract=shared)


def proposal_warnings(proposal: Proposal) -> list[str]:
    """The `warnings` codes of a proposal write."""
    return cover_letter_warnings(proposal.freelancer_id, proposal.job.client_id, proposal.cover_letter)
