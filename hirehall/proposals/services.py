"""Proposal, invitation, interview and offer writes (DESIGN §4).

Locks, in this order when several are taken (docs/money.md, "Lock order"; the querysets are in
`lock_objects`): the job row, the offer, the proposal, the invitation, then the freelancer's Connects
account and lots, then ledger accounts (the ledger's own order). A use-case that will touch the job
(activity, counters, a hire) locks it first. Connects are spent in the same transaction that creates
the proposal: both commit or neither does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hirehall.accounts.models import User
from hirehall.connects.services import connects_refund, connects_spend
from hirehall.contracts.models import Contract
from hirehall.contracts.services import ContractTerms, MilestoneTerms, contract_create
from hirehall.core import uploads
from hirehall.core.clock import now as clock_now
from hirehall.core.deadlocks import retry_on_deadlock
from hirehall.core.errors import DomainError
from hirehall.core.money import cents_to_decimal_str
from hirehall.core.ratelimit import rate_limit
from hirehall.core.restrictions import PROPOSALS, ensure_allowed
from hirehall.core.states import transition
from hirehall.jobs.lock_objects import jobs_qs_select_for_update
from hirehall.jobs.models import MIN_FIXED_CENTS, MIN_HOURLY_CENTS, BudgetType, Job, JobStatus, JobVisibility
from hirehall.jobs.services import job_note_proposal, job_record_hire, job_touch
from hirehall.ledger import fees
from hirehall.ledger.limits import check_amount_max
from hirehall.ledger.operations import ExternalCharge, escrow_fund, escrow_refund
from hirehall.notifications.services import notify
from hirehall.payments.funding import card_charge_then, operation_key
from hirehall.payments.models import PaymentMethod
from hirehall.proposals import boosts, spam
from hirehall.proposals import errors as _errors  # noqa: F401 - registers the error codes
from hirehall.proposals.lock_objects import (
    invitations_qs_select_for_update,
    offers_qs_select_for_update,
    proposals_qs_select_for_update,
)
from hirehall.proposals.models import (
    INVITATION_TRANSITIONS,
    OFFER_TRANSITIONS,
    OPEN_OFFER_STATUSES,
    PROPOSAL_TRANSITIONS,
    BoostState,
    DeclineReason,
    Duration,
    Invitation,
    InvitationStatus,
    Offer,
    OfferKind,
    OfferMilestone,
    OfferStatus,
    Proposal,
    ProposalAnswer,
    ProposalAttachment,
    ProposalMilestone,
    ProposalStatus,
)

MAX_MILESTONES = 20
MAX_ATTACHMENTS = 5
MAX_BOOST = 500
ANSWERED = "This invitation was already answered."


def _invalid(detail: str, **extra: object) -> DomainError:
    return DomainError("validation_error", detail, **extra)


def _move(proposal: Proposal, to: str) -> None:
    transition(proposal, to, PROPOSAL_TRANSITIONS)


def _lock_proposal(proposal: Proposal) -> Proposal:
    return proposals_qs_select_for_update().select_related("job", "freelancer").get(pk=proposal.pk)


def _lock_job(job_id: int) -> None:
    """First lock of a use-case that ends up updating the job (job before offer and proposal)."""
    jobs_qs_select_for_update().filter(pk=job_id).first()


def _check_milestones(milestones: list[tuple[str, int]], total: int) -> None:
    if len(milestones) > MAX_MILESTONES:
        raise _invalid(f"At most {MAX_MILESTONES} milestones.")
    for description, amount in milestones:
        if not description.strip():
            raise _invalid("Every milestone needs a description.")
        if amount < MIN_FIXED_CENTS:
            raise DomainError("rate_below_minimum", "Each milestone is at least $5.00.", minimum="5.00")
        check_amount_max(amount, "milestone")
    if milestones and sum(a for _, a in milestones) != total:
        raise _invalid("The milestones must add up to the total.")


@dataclass(frozen=True)
class ProposalInput:
    cover_letter: str
    bid_cents: int
    duration: str
    answers: dict[int, str]
    milestones: list[tuple[str, int]]
    boost: int = 0


# --- submitting and withdrawing -------------------------------------------------------------------
@retry_on_deadlock  # two submissions by one freelancer can deadlock on PostgreSQL; the victim reruns
@transaction.atomic(durable=True)
def proposal_submit(
    *, actor: User, job: Job, data: ProposalInput, invitation: Invitation | None = None
) -> Proposal:
    """Apply to a job, paying its Connects (0 when answering an invitation) plus any boost bid."""
    if not actor.is_freelancer:
        raise DomainError("role_required", "Add the freelancer role to apply.")
    ensure_allowed(actor, PROPOSALS)  # a moderation restriction (hirehall.core.restrictions)
    rate_limit(scope="proposals", key=actor.pk)
    if job.client_id == actor.pk:
        raise DomainError("not_found")
    job = jobs_qs_select_for_update().get(pk=job.pk)
    if job.status != JobStatus.OPEN:
        raise DomainError("job_not_open", "This job is not accepting proposals.")
    if invitation is not None:
        invitation = invitations_qs_select_for_update().get(pk=invitation.pk)
        if invitation.freelancer_id != actor.pk or invitation.job_id != job.pk:
            raise DomainError("not_found")
        # Accepted now, saved with the proposal below: refused before any work if already answered.
        transition(invitation, InvitationStatus.ACCEPTED, INVITATION_TRANSITIONS, detail=ANSWERED)
    elif job.visibility == JobVisibility.INVITE_ONLY:
        raise DomainError("not_found")
    cover = data.cover_letter.strip()
    if not 1 <= len(cover) <= 5000:
        raise _invalid("Write a cover letter (up to 5,000 characters).")
    if data.duration not in Duration.values:
        raise _invalid(f"duration must be one of {', '.join(Duration.values)}")
    minimum = MIN_HOURLY_CENTS if job.budget_type == BudgetType.HOURLY else MIN_FIXED_CENTS
    if data.bid_cents < minimum:
        raise DomainError(
            "rate_below_minimum",
            "Hourly bids start at $3.00/hr." if minimum == MIN_HOURLY_CENTS else "Fixed bids start at $5.00.",
            minimum=cents_to_decimal_str(minimum),
        )
    check_amount_max(data.bid_cents, "bid")
    if job.budget_type == BudgetType.FIXED:
        _check_milestones(data.milestones, data.bid_cents)
    elif data.milestones:
        raise _invalid("Milestones are for fixed-price jobs.")
    questions = list(job.questions.order_by("position"))
    missing = [q.position for q in questions if not data.answers.get(q.pk, "").strip()]
    if missing:
        raise DomainError(
            "screening_answers_required", "Answer every screening question.", missing_questions=missing
        )
    if not 0 <= data.boost <= MAX_BOOST:
        raise _invalid(f"A boost is 1 to {MAX_BOOST} Connects.")
    now = clock_now()
    if data.boost and not boosts.auction_open(job, now):
        raise DomainError("invalid_state", "Boosting has closed for this job.")
    cost = 0 if invitation is not None else (job.connects_required or 0)
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                job=job,
                freelancer=actor,
                invitation=invitation,
                cover_letter=cover,
                bid_cents=data.bid_cents,
                duration=data.duration,
                connects_spent=cost,
                boost_bid=data.boost,
                boost_bid_at=now if data.boost else None,
                boost_state=BoostState.ACTIVE if data.boost else BoostState.NONE,
                is_template=spam.is_template(
                    freelancer_id=actor.pk, job_id=job.pk, cover_letter=cover, now=now
                ),
                reading_check_followed=spam.followed_reading_check(job.reading_check, cover),
                created_at=now,
            )
    except IntegrityError:
        raise DomainError("already_applied", "You already sent a proposal for this job.") from None
    connects_spend(
        user=actor,
        amount=cost + data.boost,
        key=f"proposal:{proposal.pk}",
        reference=f"proposal:{proposal.pk}",
        description=f"Proposal on “{job.title}”" + (f" (boost {data.boost})" if data.boost else ""),
    )
    ProposalAnswer.objects.bulk_create(
        [
            ProposalAnswer(proposal=proposal, question=q, text=data.answers[q.pk].strip()[:3000])
            for q in questions
        ]
    )
    ProposalMilestone.objects.bulk_create(
        [
            ProposalMilestone(proposal=proposal, position=i, description=d.strip()[:300], amount_cents=a)
            for i, (d, a) in enumerate(data.milestones, start=1)
        ]
    )
    if invitation is not None:
        invitation.save(update_fields=["status"])
    job_note_proposal(job_id=job.pk, delta=1)
    notify(
        user=job.client,
        kind="proposal_received",
        title=format_lazy(_("New proposal on “{title}”"), title=job.title),
        body=format_lazy(
            _("{name} applied (answering your invitation).") if invitation else _("{name} applied."),
            name=actor.display_name,
        ),
        url=reverse("proposals:detail", args=[proposal.pk]),
        ref=f"proposal:{proposal.pk}",
    )
    return proposal


@transaction.atomic(durable=True)
def proposal_attachment_add(*, actor: User, proposal: Proposal, upload: UploadedFile) -> ProposalAttachment:
    proposal = _lock_proposal(proposal)
    if proposal.freelancer_id != actor.pk:
        raise DomainError("not_found")
    if proposal.status not in (ProposalStatus.SUBMITTED, ProposalStatus.VIEWED, ProposalStatus.SHORTLISTED):
        raise DomainError("invalid_state", "Attachments can be added until an offer is made.")
    if proposal.attachments.count() >= MAX_ATTACHMENTS:
        raise DomainError("conflict", f"At most {MAX_ATTACHMENTS} attachments.")
    stored = uploads.store_attachment(upload, folder="proposals", thumbnail=False)
    return ProposalAttachment.objects.create(
        proposal=proposal,
        path=stored.path,
        original_name=stored.name,
        content_type=stored.content_type,
        size=stored.size,
    )


@transaction.atomic(durable=True)
def proposal_withdraw(*, actor: User, proposal: Proposal) -> Proposal:
    """The freelancer withdraws (before any offer). Connects are not returned (DESIGN §3)."""
    proposal = _lock_proposal(proposal)
    if proposal.freelancer_id != actor.pk:
        raise DomainError("not_found")
    _move(proposal, ProposalStatus.WITHDRAWN)
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


# --- the client's review ------------------------------------------------------------------------
def _client_lock(actor: User, proposal: Proposal) -> Proposal:
    proposal = _lock_proposal(proposal)
    if proposal.job.client_id != actor.pk:
        raise DomainError("not_found")
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise DomainError("invalid_state", "The freelancer withdrew this proposal.")
    return proposal


@transaction.atomic(durable=True)
def proposal_mark_viewed(*, actor: User, proposal: Proposal) -> Proposal:
    """The client opened the proposal: "viewed" for the freelancer, and an interaction for boosts."""
    _lock_job(proposal.job_id)
    proposal = _lock_proposal(proposal)
    if proposal.job.client_id != actor.pk:
        raise DomainError("not_found")
    now = clock_now()
    fields = []
    if proposal.viewed_at is None:
        proposal.viewed_at = now
        fields.append("viewed_at")
        notify(
            user=proposal.freelancer,
            kind="proposal_viewed",
            title=format_lazy(_("The client viewed your proposal for “{title}”"), title=proposal.job.title),
            url=reverse("proposals:detail", args=[proposal.pk]),
            ref=f"proposal:{proposal.pk}",
        )
    if proposal.status == ProposalStatus.SUBMITTED:
        _move(proposal, ProposalStatus.VIEWED)
        fields.append("status")
    if fields:
        proposal.save(update_fields=fields)
    boosts.note_interaction(proposal)
    Job.objects.filter(pk=proposal.job_id).update(client_last_viewed_at=now)
    return proposal


def _client_move(actor: User, proposal: Proposal, to: str, reason: str = "") -> Proposal:
    proposal = _client_lock(actor, proposal)
    _move(proposal, to)
    fields = ["status", "updated_at"]
    if to == ProposalStatus.DECLINED:
        proposal.decline_reason = reason.strip()[:300]
        fields.append("decline_reason")
    if proposal.viewed_at is None:
        proposal.viewed_at = clock_now()
        fields.append("viewed_at")
    proposal.save(update_fields=fields)
    boosts.note_interaction(proposal)
    return proposal


@transaction.atomic(durable=True)
def proposal_shortlist(*, actor: User, proposal: Proposal) -> Proposal:
    return _client_move(actor, proposal, ProposalStatus.SHORTLISTED)


@transaction.atomic(durable=True)
def proposal_archive(*, actor: User, proposal: Proposal) -> Proposal:
    return _client_move(actor, proposal, ProposalStatus.ARCHIVED)


@transaction.atomic(durable=True)
def proposal_decline(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    """Declined with a reason the freelancer sees. Connects are not returned (DESIGN §3)."""
    if not reason.strip():
        raise _invalid("Give the freelancer a reason.")
    return _client_move(actor, proposal, ProposalStatus.DECLINED, reason)


INTERVIEW_CLOSED = (ProposalStatus.WITHDRAWN, ProposalStatus.CLOSED, ProposalStatus.DECLINED)


@transaction.atomic
def interview_message_record(*, actor: User, proposal: Proposal) -> Proposal:
    """The interview rules for one message on a proposal's room (DESIGN §4), called by messaging's
    send service inside its transaction, before it writes the message.

    The client's first message opens the interview (the job's interviewing count goes up once, under
    the job lock); the freelancer writes only after that; a withdrawn, declined or closed proposal's
    conversation is closed. A client message counts as an interaction with a boosted proposal.
    """
    _lock_job(proposal.job_id)
    proposal = _lock_proposal(proposal)
    is_client = proposal.job.client_id == actor.pk
    if not is_client and proposal.freelancer_id != actor.pk:
        raise DomainError("not_found")
    if proposal.status in INTERVIEW_CLOSED:
        raise DomainError("invalid_state", "This conversation is closed.")
    opened = proposal.client_messaged_at is not None
    if not is_client and not opened:
        raise DomainError("invalid_state", "The client starts the conversation.")
    now = clock_now()
    if is_client:
        if not opened:
            proposal.client_messaged_at = now
            proposal.save(update_fields=["client_messaged_at", "updated_at"])
            Job.objects.filter(pk=proposal.job_id).update(interviewing_count=F("interviewing_count") + 1)
        boosts.note_interaction(proposal)
    elif proposal.freelancer_messaged_at is None:
        proposal.freelancer_messaged_at = now
        proposal.save(update_fields=["freelancer_messaged_at", "updated_at"])
    job_touch(job_id=proposal.job_id, now=now)
    return proposal


# --- invitations ----------------------------------------------------------------------------------
@transaction.atomic(durable=True)
def invitation_send(*, actor: User, job: Job, freelancer: User, message: str = "") -> Invitation:
    if job.client_id != actor.pk:
        raise DomainError("not_found")
    if job.status != JobStatus.OPEN:
        raise DomainError("job_not_open", "Invite freelancers to an open job.")
    if not freelancer.is_freelancer or not freelancer.is_active or freelancer.pk == actor.pk:
        raise DomainError("not_found", "No such freelancer.")
    if Proposal.objects.filter(job=job, freelancer=freelancer).exists():
        raise DomainError("conflict", "This freelancer already applied.")
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                job=job, freelancer=freelancer, message=message.strip()[:2000], created_at=clock_now()
            )
    except IntegrityError:
        raise DomainError("conflict", "You already invited this freelancer.") from None
    Job.objects.filter(pk=job.pk).update(invites_sent=F("invites_sent") + 1)
    notify(
        user=freelancer,
        kind="invitation_received",
        title=format_lazy(_("{name} invited you to “{title}”"), name=actor.display_name, title=job.title),
        body=invitation.message,
        url=reverse("jobs:detail", args=[job.pk]),
        ref=f"invitation:{invitation.pk}",
    )
    return invitation


@transaction.atomic(durable=True)
def invitation_decline(*, actor: User, invitation: Invitation, reason: str, note: str = "") -> Invitation:
    invitation = invitations_qs_select_for_update().get(pk=invitation.pk)
    if invitation.freelancer_id != actor.pk:
        raise DomainError("not_found")
    if reason not in DeclineReason.values:
        raise _invalid(f"reason must be one of {', '.join(DeclineReason.values)}")
    transition(invitation, InvitationStatus.DECLINED, INVITATION_TRANSITIONS, detail=ANSWERED)
    invitation.decline_reason = reason
    invitation.decline_note = note.strip()[:300]
    invitation.save(update_fields=["status", "decline_reason", "decline_note"])
    return invitation


# --- offers ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OfferInput:
    kind: str
    title: str
    hourly_rate_cents: int | None = None
    weekly_limit_hours: int | None = None
    manual_time_allowed: bool = False
    milestones: tuple[tuple[str, int, date | None], ...] = ()
    is_trial: bool = False
    start_date: date | None = None
    message: str = ""


def _check_offer(data: OfferInput) -> None:
    if data.kind not in OfferKind.values:
        raise _invalid("kind must be hourly or fixed")
    if not 1 <= len(data.title.strip()) <= 120:
        raise _invalid("Give the contract a title (up to 120 characters).")
    if data.kind == OfferKind.HOURLY:
        if data.hourly_rate_cents is None or data.hourly_rate_cents < MIN_HOURLY_CENTS:
            raise DomainError("rate_below_minimum", "Hourly rates start at $3.00/hr.", minimum="3.00")
        check_amount_max(data.hourly_rate_cents, "hourly rate")
        if data.weekly_limit_hours is None or not 1 <= data.weekly_limit_hours <= 80:
            raise _invalid("Set a weekly limit of 1 to 80 hours.")
        if data.milestones:
            raise _invalid("Milestones are for fixed-price offers.")
    else:
        if not data.milestones:
            raise _invalid("A fixed-price offer needs at least one milestone.")
        _check_milestones([(d, a) for d, a, _ in data.milestones], sum(a for _, a, _ in data.milestones))


def _offer_key(proposal: Proposal, key: str | None) -> str:
    """The caller's idempotency key, or without one the request's identity: the proposal's next offer.
    A retry after a failure presents the same key (one card charge); once an offer exists, the
    proposal's state refuses another until it is withdrawn or declined, and the next one is new."""
    if key:
        return operation_key(f"offer:{proposal.pk}", key)
    return f"offer:{proposal.pk}:n{Offer.objects.filter(proposal=proposal).count() + 1}"


def offer_send(
    *,
    actor: User,
    proposal: Proposal,
    data: OfferInput,
    payment_method: PaymentMethod | None = None,
    key: str | None = None,
) -> Offer:
    """Make an offer. A fixed-price offer funds its first milestone in escrow now (from the wallet,
    or a saved card charged before the transaction, once per offer key; if anything fails after the
    charge, it stays in the client's wallet: `payments.funding`)."""
    _check_offer(data)
    if proposal.job.client_id != actor.pk:
        raise DomainError("not_found")
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise DomainError("invalid_state", "The freelancer withdrew this proposal.")
    if ProposalStatus.OFFERED not in PROPOSAL_TRANSITIONS[proposal.status]:
        with translation.override(None):  # an API detail: English whatever the page's language
            status = proposal.get_status_display().lower()
        raise DomainError("invalid_state", f"A proposal that is {status} cannot become offered.")
    if proposal.job.status != JobStatus.OPEN:
        raise DomainError("job_not_open", "Offers are made on open jobs.")
    first = data.milestones[0][1] if data.kind == OfferKind.FIXED else 0
    return card_charge_then(
        actor=actor,
        payment_method=payment_method if first else None,
        amount_cents=first + fees.marketplace_fee_cents(first, fees.schedule_in_force()),
        key=_offer_key(proposal, key),
        then=lambda charge: _offer_send(actor, proposal, data, charge),
    )


@transaction.atomic(durable=True)
def _offer_send(actor: User, proposal: Proposal, data: OfferInput, charge: ExternalCharge | None) -> Offer:
    _lock_job(proposal.job_id)
    proposal = _client_lock(actor, proposal)
    if proposal.job.status != JobStatus.OPEN:
        raise DomainError("job_not_open", "Offers are made on open jobs.")
    _move(proposal, ProposalStatus.OFFERED)
    proposal.save(update_fields=["status", "updated_at"])
    boosts.note_interaction(proposal)
    total = sum(a for _, a, _ in data.milestones) if data.kind == OfferKind.FIXED else None
    try:
        with transaction.atomic():
            offer = Offer.objects.create(
                proposal=proposal,
                client=actor,
                freelancer=proposal.freelancer,
                kind=data.kind,
                title=data.title.strip(),
                hourly_rate_cents=data.hourly_rate_cents if data.kind == OfferKind.HOURLY else None,
                weekly_limit_hours=data.weekly_limit_hours if data.kind == OfferKind.HOURLY else None,
                manual_time_allowed=data.manual_time_allowed and data.kind == OfferKind.HOURLY,
                total_cents=total,
                is_trial=data.is_trial,
                start_date=data.start_date,
                message=data.message.strip()[:3000],
                created_at=clock_now(),
            )
    except IntegrityError:
        raise DomainError("conflict", "There is already an open offer on this proposal.") from None
    OfferMilestone.objects.bulk_create(
        [
            OfferMilestone(offer=offer, position=i, description=d.strip()[:300], amount_cents=a, due_date=due)
            for i, (d, a, due) in enumerate(data.milestones, start=1)
        ]
    )
    if data.kind == OfferKind.FIXED:
        offer.escrow_reference = f"offer:{offer.pk}:m1"
        offer.save(update_fields=["escrow_reference"])
        escrow_fund(
            actor=actor,
            payee=proposal.freelancer,
            reference=offer.escrow_reference,
            amount_cents=data.milestones[0][1],
            key=f"escrow-fund:{offer.escrow_reference}",
            card_charge=charge,
        )
    job_touch(job_id=proposal.job_id)
    notify(
        user=proposal.freelancer,
        kind="offer_received",
        title=format_lazy(_("Offer: “{title}”"), title=offer.title),
        body=format_lazy(
            "{}{}",
            format_lazy(_("{name} sent you an offer."), name=actor.display_name),
            f"\n{offer.message}" if offer.message else "",
        ),
        url=reverse("proposals:offer", args=[offer.pk]),
        ref=f"offer:{offer.pk}",
    )
    return offer


def _lock_offer(offer: Offer) -> Offer:
    return offers_qs_select_for_update().select_related("proposal__job", "freelancer").get(pk=offer.pk)


def _offer_notify(offer: Offer, user: User, kind: str, title: str | Promise, body: str = "") -> None:
    notify(
        user=user,
        kind=kind,
        title=title,
        body=body,
        url=reverse("proposals:offer", args=[offer.pk]),
        ref=f"offer:{offer.pk}",
    )


def _offer_move(offer: Offer, to: str) -> None:
    transition(offer, to, OFFER_TRANSITIONS)


def _offer_end(offer: Offer, actor: User | None, to: str) -> None:
    """Declined or withdrawn: the escrow goes back to the client; the proposal returns to the shortlist."""
    _offer_move(offer, to)
    offer.save(update_fields=["status", "decline_reason", "updated_at"])
    proposal = proposals_qs_select_for_update().get(pk=offer.proposal_id)  # before the ledger's locks
    if offer.escrow_reference:
        escrow_refund(
            actor=None, reference=offer.escrow_reference, key=f"escrow-refund:{offer.escrow_reference}"
        )
    if proposal.status == ProposalStatus.OFFERED:
        _move(proposal, ProposalStatus.SHORTLISTED)
        proposal.save(update_fields=["status", "updated_at"])


@transaction.atomic(durable=True)
def offer_withdraw(*, actor: User, offer: Offer) -> Offer:
    offer = _lock_offer(offer)
    if offer.client_id != actor.pk:
        raise DomainError("not_found")
    _offer_end(offer, actor, OfferStatus.WITHDRAWN)
    _offer_notify(
        offer,
        offer.freelancer,
        "offer_withdrawn",
        format_lazy(_("Offer withdrawn: “{title}”"), title=offer.title),
    )
    return offer


@transaction.atomic(durable=True)
def offer_decline(*, actor: User, offer: Offer, reason: str = "") -> Offer:
    offer = _lock_offer(offer)
    if offer.freelancer_id != actor.pk:
        raise DomainError("not_found")
    offer.decline_reason = reason.strip()[:300]
    _offer_end(offer, actor, OfferStatus.DECLINED)
    _offer_notify(
        offer,
        offer.client,
        "offer_declined",
        format_lazy(_("Offer declined: “{title}”"), title=offer.title),
        offer.decline_reason,
    )
    return offer


@transaction.atomic(durable=True)
def offer_request_changes(*, actor: User, offer: Offer, note: str) -> Offer:
    offer = _lock_offer(offer)
    if offer.freelancer_id != actor.pk:
        raise DomainError("not_found")
    if not note.strip():
        raise _invalid("Say what you would like changed.")
    _offer_move(offer, OfferStatus.CHANGES_REQUESTED)
    offer.change_request = note.strip()[:2000]
    offer.save(update_fields=["status", "change_request", "updated_at"])
    return offer


@transaction.atomic(durable=True)
def offer_accept(*, actor: User, offer: Offer) -> Contract:
    """Hire: the offer becomes the contract. The first hire also ends the boost auction."""
    _lock_job(Proposal.objects.filter(pk=offer.proposal_id).values_list("job_id", flat=True).get())
    offer = _lock_offer(offer)
    if offer.freelancer_id != actor.pk:
        raise DomainError("not_found")
    _offer_move(offer, OfferStatus.ACCEPTED)
    offer.save(update_fields=["status", "updated_at"])
    proposal = proposals_qs_select_for_update().get(pk=offer.proposal_id)
    _move(proposal, ProposalStatus.HIRED)
    proposal.save(update_fields=["status", "updated_at"])
    contract = contract_create(terms=_contract_terms(offer))
    now = clock_now()
    job = offer.proposal.job
    boosts.boost_auction_close(job_id=job.pk, now=now)
    job_record_hire(job=job, now=now)
    notify(
        user=offer.client,
        kind="offer_accepted",
        title=format_lazy(_("Offer accepted: “{title}”"), title=offer.title),
        body=format_lazy(_("{name} accepted: the contract has started."), name=offer.freelancer.display_name),
        url=reverse("contracts:detail", args=[contract.pk]),
        ref=f"contract:{contract.pk}",
    )
    return contract


def _contract_terms(offer: Offer) -> ContractTerms:
    return ContractTerms(
        offer_id=offer.pk,
        job_id=offer.proposal.job_id,
        client_id=offer.client_id,
        freelancer_id=offer.freelancer_id,
        kind=offer.kind,
        title=offer.title,
        hourly_rate_cents=offer.hourly_rate_cents,
        weekly_limit_hours=offer.weekly_limit_hours,
        manual_time_allowed=offer.manual_time_allowed,
        total_cents=offer.total_cents,
        is_trial=offer.is_trial,
        start_date=offer.start_date,
        milestones=tuple(
            MilestoneTerms(m.position, m.description, m.amount_cents, m.due_date)
            for m in offer.milestones.all()
        ),
        first_milestone_escrow_reference=offer.escrow_reference,
    )


# --- when a job closes ----------------------------------------------------------------------------
def proposals_close_for_job(*, job: Job, reason: str, now: datetime) -> None:
    """Runs in the job-closing transaction (a receiver of `job_closed`).

    Connects come back when no one was hired and the client cancelled/closed, staff removed the job,
    or it expired; never for proposals the freelancer withdrew or the client declined, and never once
    someone was hired. Open offers are withdrawn (their escrow refunded), pending invitations closed.
    """
    refund = reason == "removed" or job.hires_count == 0
    # The job is held; take every offer and proposal row of it now, in the documented order, so the
    # ledger and Connects locks below come after all of them (docs/money.md, "Lock order").
    open_offers = list(
        offers_qs_select_for_update().filter(proposal__job=job, status__in=OPEN_OFFER_STATUSES)
    )
    list(proposals_qs_select_for_update().filter(job=job).values_list("pk", flat=True))
    if not refund:
        boosts.boost_auction_close(job_id=job.pk, now=now)
    for offer in open_offers:
        offer = _lock_offer(offer)
        _offer_end(offer, None, OfferStatus.WITHDRAWN)
    in_play = (
        proposals_qs_select_for_update()
        .filter(job=job, status__in=PROPOSAL_TRANSITIONS.keys())
        .exclude(
            status__in=[
                ProposalStatus.DECLINED,
                ProposalStatus.WITHDRAWN,
                ProposalStatus.HIRED,
                ProposalStatus.CLOSED,
            ]
        )
    )
    for proposal in in_play.select_related("freelancer"):
        fields = ["status", "updated_at"]
        _move(proposal, ProposalStatus.CLOSED)
        if refund and not proposal.connects_refunded:
            amount = proposal.connects_spent
            if proposal.boost_state == BoostState.ACTIVE:
                amount += proposal.boost_bid
                proposal.boost_state = BoostState.REFUNDED
                fields.append("boost_state")
            connects_refund(
                user=proposal.freelancer,
                amount=amount,
                key=f"job-refund:{proposal.pk}",
                reference=f"proposal:{proposal.pk}",
                description=f"“{job.title}” closed without a hire",
            )
            proposal.connects_refunded = True
            fields.append("connects_refunded")
        proposal.save(update_fields=fields)
    if refund:
        boosts.boost_auction_close(job_id=job.pk, now=now)
    Invitation.objects.filter(job=job, status=InvitationStatus.PENDING).update(status=InvitationStatus.CLOSED)
