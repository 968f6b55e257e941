"""Disputes (DESIGN §7–8): every step, deadline, message and document is kept on the case.

Hourly: during the review window the client disputes segments of an invoice → the contract pauses and
its weekly limit drops to 0 → the freelancer has 3 days to accept (the disputed time is refunded) or
decline → declined or unanswered, staff review: protected disputed segments are paid, the rest refunded.

Fixed price: the freelancer disputes a non-release (funded or submitted milestone) or a refund request
→ the client has 5 business days to respond, else the escrow goes to the freelancer → otherwise staff
mediate (up to 30 days) and decide a split, posted through the ledger (a partial release: the
freelancer's share is paid, the rest returns to the client with its marketplace fee).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hirehall.accounts.models import User
from hirehall.contracts.lock_objects import (
    disputes_qs_select_for_update,
    invoices_qs_select_for_update,
    milestones_qs_select_for_update,
    refund_requests_qs_select_for_update,
    work_segments_qs_select_for_update,
)
from hirehall.contracts.models import (
    DISPUTE_TRANSITIONS,
    IN_ESCROW,
    MILESTONE_TRANSITIONS,
    REFUND_TRANSITIONS,
    Contract,
    ContractFile,
    ContractMilestone,
    ContractStatus,
    Dispute,
    DisputeMessage,
    DisputeStatus,
    Invoice,
    InvoiceStatus,
    MilestoneStatus,
    RefundRequest,
    RefundRequestStatus,
    WorkSegment,
)
from hirehall.contracts.policy import add_business_days, policy
from hirehall.contracts.services.billing import _move as invoice_move
from hirehall.contracts.services.billing import pay_invoice, slots_cents
from hirehall.contracts.services.common import (
    contract_move,
    event,
    lock_contract,
    notify,
    require,
    side,
)
from hirehall.contracts.signals import contract_ended, dispute_resolved
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError, NotFound
from hirehall.core.money import format_cents
from hirehall.core.states import transition
from hirehall.core.uploads import discard, store_attachments
from hirehall.ledger.operations import escrow_refund, escrow_release


def _dispute_move(dispute: Dispute, to: str) -> None:
    transition(dispute, to, DISPUTE_TRANSITIONS)


def _lock_dispute(dispute: Dispute | int) -> Dispute:
    pk = dispute if isinstance(dispute, int) else dispute.pk
    return disputes_qs_select_for_update().get(pk=pk)


def _pause_for_dispute(contract: Contract) -> None:
    if contract.limit_before_dispute is None:
        contract.limit_before_dispute = contract.weekly_limit_hours or 0
        contract.weekly_limit_hours = 0
    if contract.status == ContractStatus.ACTIVE:
        contract_move(contract, ContractStatus.PAUSED)
    contract.paused_reason = "A dispute is open"
    contract.save(update_fields=["limit_before_dispute", "weekly_limit_hours", "status", "paused_reason"])


def _restore_after_dispute(contract: Contract) -> None:
    """The limit comes back; the contract stays paused until the client resumes it."""
    if (
        contract.limit_before_dispute is not None
        and not Dispute.objects.filter(
            contract=contract, status__in=[DisputeStatus.AWAITING_RESPONSE, DisputeStatus.STAFF_REVIEW]
        ).exists()
    ):
        contract.weekly_limit_hours = contract.limit_before_dispute
        contract.limit_before_dispute = None
        contract.paused_by = contract.client
        contract.save(update_fields=["weekly_limit_hours", "limit_before_dispute", "paused_by"])


# --- hourly ---------------------------------------------------------------------------------------
@transaction.atomic(durable=True)
def hourly_dispute_open(
    *, actor: User, contract: Contract, invoice_id: int, segment_ids: Sequence[int], reason: str
) -> Dispute:
    contract = lock_contract(contract)
    require(actor, contract, "client")
    invoice = invoices_qs_select_for_update().filter(pk=invoice_id, contract=contract).first()
    if invoice is None:
        raise NotFound("No such invoice.")
    now = clock_now()
    if invoice.status != InvoiceStatus.IN_REVIEW or now > invoice.review_until:
        raise DomainError(
            "review_closed",
            "Time can be disputed while the invoice is in review (until Friday 23:59:59 UTC).",
        )
    if not reason.strip():
        raise DomainError("validation_error", "Say why you dispute this time.")
    ids = set(segment_ids)
    segments = list(work_segments_qs_select_for_update().filter(invoice=invoice, billable=True, pk__in=ids))
    if not ids or len(segments) != len(ids):
        raise DomainError("validation_error", "Choose billed segments of this invoice.")
    amount = slots_cents(len(segments), invoice.rate_cents)
    invoice_move(invoice, InvoiceStatus.DISPUTED)
    invoice.save(update_fields=["status"])
    try:
        with transaction.atomic():
            dispute = Dispute.objects.create(
                contract=contract,
                kind=Dispute.Kind.HOURLY,
                opened_by=actor,
                reason=reason.strip()[:3000],
                invoice=invoice,
                amount_cents=min(amount, invoice.amount_cents),
                opened_at=now,
                respond_by=now + timedelta(days=policy().hourly_dispute_answer_days),
            )
    except IntegrityError:
        raise DomainError("conflict", "This invoice is already disputed.") from None
    dispute.segments.set(segments)
    WorkSegment.objects.filter(pk__in=[s.pk for s in segments]).update(disputed=True)
    _pause_for_dispute(contract)
    event(
        contract,
        "dispute_opened",
        f"The client disputed {len(segments) * policy().segment_minutes} min of "
        f"the week of {invoice.week_start:%Y-%m-%d}; contract paused, limit 0",
        actor=actor,
        amount=dispute.amount_cents,
    )
    notify(
        contract.freelancer,
        "dispute_opened",
        _("Time disputed"),
        format_lazy(_("Accept or decline by {at:%Y-%m-%d %H:%M} UTC."), at=dispute.respond_by),
        contract=contract,
    )
    return dispute


def _settle_hourly(
    dispute: Dispute, *, refund_cents: int, outcome: str, actor: User | None, now: datetime
) -> None:
    contract = lock_contract(dispute.contract_id)
    invoice = invoices_qs_select_for_update().get(pk=dispute.invoice_id or 0)
    refund_cents = min(refund_cents, invoice.amount_cents)
    pay_invoice(contract, invoice, amount_cents=invoice.amount_cents - refund_cents, now=now)
    _dispute_move(dispute, DisputeStatus.RESOLVED)
    dispute.freelancer_cents = dispute.amount_cents - min(refund_cents, dispute.amount_cents)
    dispute.client_cents = refund_cents
    dispute.outcome = outcome
    dispute.decided_by = actor if actor is not None and actor.is_staff else None
    dispute.resolved_at = now
    dispute.save(
        update_fields=["status", "freelancer_cents", "client_cents", "outcome", "decided_by", "resolved_at"]
    )
    _restore_after_dispute(contract)
    event(contract, "dispute_resolved", f"Dispute resolved: {outcome}", actor=actor, amount=refund_cents)
    dispute_resolved.send(sender=Dispute, contract=contract, dispute=dispute)


@transaction.atomic(durable=True)
def hourly_dispute_answer(*, actor: User, dispute: Dispute, accept: bool, note: str = "") -> Dispute:
    """The freelancer accepts (the disputed time is refunded) or declines (staff review)."""
    dispute = _lock_dispute(dispute)
    contract = Contract.objects.get(pk=dispute.contract_id)
    require(actor, contract, "freelancer")
    if dispute.kind != Dispute.Kind.HOURLY or dispute.status != DisputeStatus.AWAITING_RESPONSE:
        raise DomainError("invalid_state", "This dispute is not waiting for your answer.")
    now = clock_now()
    dispute.responded_at = now
    dispute.response = "accepted" if accept else "declined"
    dispute.save(update_fields=["responded_at", "response"])
    if note.strip():
        DisputeMessage.objects.create(dispute=dispute, author=actor, body=note.strip()[:5000], created_at=now)
    if accept:
        _settle_hourly(
            dispute,
            refund_cents=dispute.amount_cents,
            outcome="the freelancer accepted: disputed time refunded",
            actor=actor,
            now=now,
        )
    else:
        _dispute_move(dispute, DisputeStatus.STAFF_REVIEW)
        dispute.save(update_fields=["status"])
        event(contract, "dispute_declined", "The freelancer declined the dispute: staff review", actor=actor)
    return dispute


@transaction.atomic(durable=True)
def dispute_respond_timeout(*, dispute_id: int, now: datetime) -> bool:
    """Sweep step. Hourly: no answer in 3 days → staff review. Fixed price: the client did not answer
    in 5 business days → the escrow goes to the freelancer."""
    dispute = (
        disputes_qs_select_for_update(skip_locked=True)
        .filter(pk=dispute_id, status=DisputeStatus.AWAITING_RESPONSE, respond_by__lte=now)
        .first()
    )
    if dispute is None:
        return False
    contract = lock_contract(dispute.contract_id)
    if dispute.kind == Dispute.Kind.HOURLY:
        _dispute_move(dispute, DisputeStatus.STAFF_REVIEW)
        dispute.response = "no_answer"
        dispute.save(update_fields=["status", "response"])
        event(contract, "dispute_unanswered", "The freelancer did not answer in time: staff review")
        return True
    _settle_fixed(
        contract,
        dispute,
        freelancer_cents=dispute.amount_cents,
        outcome="the client did not respond in time: escrow released to the freelancer",
        actor=None,
        now=now,
    )
    return True


@transaction.atomic(durable=True)
def hourly_dispute_decide(*, actor: User, dispute: Dispute, reason: str = "") -> Dispute:
    """Staff review (admin): protected disputed segments are paid, the rest refunded. `reason` (why,
    for both parties' case file) replaces what staff wrote on the dispute when given."""
    if not actor.is_staff:
        raise DomainError("permission_denied", "Staff decide disputes.")
    dispute = _lock_dispute(dispute)
    _record_reason(dispute, reason)
    if dispute.kind != Dispute.Kind.HOURLY or dispute.status != DisputeStatus.STAFF_REVIEW:
        raise DomainError("invalid_state", "This dispute is not in staff review.")
    segments = list(dispute.segments.all())
    invoice = Invoice.objects.get(pk=dispute.invoice_id or 0)
    unprotected = sum(not s.protected for s in segments)
    refund = (
        slots_cents(unprotected, invoice.rate_cents) if unprotected < len(segments) else dispute.amount_cents
    )
    protected_n = len(segments) - unprotected
    _settle_hourly(
        dispute,
        refund_cents=refund,
        outcome=f"staff review: {protected_n} protected segments paid, {unprotected} refunded",
        actor=actor,
        now=clock_now(),
    )
    return dispute


# --- fixed price ----------------------------------------------------------------------------------
def _open_fixed(
    contract: Contract, actor: User, milestones: Sequence[ContractMilestone], reason: str
) -> Dispute:
    now = clock_now()
    if not reason.strip():
        raise DomainError("validation_error", "Say why you dispute.")
    dispute = Dispute.objects.create(
        contract=contract,
        kind=Dispute.Kind.FIXED,
        opened_by=actor,
        reason=reason.strip()[:3000],
        amount_cents=sum(m.amount_cents for m in milestones),
        opened_at=now,
        respond_by=add_business_days(now, policy().fixed_dispute_answer_business_days),
    )
    for milestone in milestones:
        transition(milestone, MilestoneStatus.DISPUTED, MILESTONE_TRANSITIONS)
        milestone.dispute = dispute
        milestone.auto_approve_at = None
        milestone.save(update_fields=["status", "dispute", "auto_approve_at"])
    event(
        contract,
        "dispute_opened",
        f"The freelancer opened a dispute over {format_cents(dispute.amount_cents)} "
        f"in escrow (client answers by {dispute.respond_by:%Y-%m-%d %H:%M} UTC)",
        actor=actor,
        amount=dispute.amount_cents,
    )
    notify(
        contract.client,
        "dispute_opened",
        _("Dispute opened"),
        format_lazy(
            _("Respond by {at:%Y-%m-%d %H:%M} UTC, or the escrow is released to the freelancer."),
            at=dispute.respond_by,
        ),
        contract=contract,
    )
    return dispute


@transaction.atomic(durable=True)
def milestone_dispute_open(*, actor: User, contract: Contract, milestone_id: int, reason: str) -> Dispute:
    """The freelancer disputes a non-release of a funded or submitted milestone."""
    contract = lock_contract(contract)
    require(actor, contract, "freelancer")
    milestone = milestones_qs_select_for_update().filter(pk=milestone_id, contract=contract).first()
    if milestone is None:
        raise NotFound("No such milestone.")
    if milestone.status not in (MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED):
        raise DomainError("invalid_state", "Only money held in escrow can be disputed.")
    if RefundRequest.objects.filter(contract=contract, status=RefundRequestStatus.OPEN).exists():
        raise DomainError("invalid_state", "Answer the refund request (accept or dispute it) instead.")
    return _open_fixed(contract, actor, [milestone], reason)


@transaction.atomic(durable=True)
def refund_request_dispute(*, actor: User, contract: Contract, reason: str) -> Dispute:
    """The freelancer disputes the client's escrow refund request (within its 7 days)."""
    contract = lock_contract(contract)
    require(actor, contract, "freelancer")
    request = (
        refund_requests_qs_select_for_update()
        .filter(contract=contract, status=RefundRequestStatus.OPEN)
        .first()
    )
    if request is None:
        raise DomainError("invalid_state", "No refund request is waiting for an answer.")
    transition(request, RefundRequestStatus.DISPUTED, REFUND_TRANSITIONS)
    request.answered_at = clock_now()
    request.save(update_fields=["status", "answered_at"])
    held = list(
        milestones_qs_select_for_update().filter(contract=contract, status__in=IN_ESCROW).order_by("position")
    )
    return _open_fixed(contract, actor, held, reason)


@transaction.atomic(durable=True)
def fixed_dispute_respond(*, actor: User, dispute: Dispute, message: str) -> Dispute:
    """The client responds: staff mediation starts (up to 30 days)."""
    dispute = _lock_dispute(dispute)
    contract = Contract.objects.get(pk=dispute.contract_id)
    require(actor, contract, "client")
    if dispute.kind != Dispute.Kind.FIXED or dispute.status != DisputeStatus.AWAITING_RESPONSE:
        raise DomainError("invalid_state", "This dispute is not waiting for your response.")
    if not message.strip():
        raise DomainError("validation_error", "Write your response.")
    now = clock_now()
    _dispute_move(dispute, DisputeStatus.STAFF_REVIEW)
    dispute.responded_at = now
    dispute.response = "responded"
    dispute.mediation_until = now + timedelta(days=policy().mediation_days)
    dispute.save(update_fields=["status", "responded_at", "response", "mediation_until"])
    DisputeMessage.objects.create(dispute=dispute, author=actor, body=message.strip()[:5000], created_at=now)
    event(
        contract,
        "mediation_started",
        f"The client responded: staff mediation until {dispute.mediation_until:%Y-%m-%d}",
        actor=actor,
    )
    return dispute


def _settle_fixed(
    contract: Contract,
    dispute: Dispute,
    *,
    freelancer_cents: int,
    outcome: str,
    actor: User | None,
    now: datetime,
) -> None:
    """Post the split milestone by milestone, in order: the freelancer's share fills the earliest
    milestones first; each milestone's remainder goes back to the client."""
    if not 0 <= freelancer_cents <= dispute.amount_cents:
        raise DomainError(
            "validation_error", f"The freelancer's share is $0.00 to {format_cents(dispute.amount_cents)}."
        )
    remaining = freelancer_cents
    for milestone in (
        milestones_qs_select_for_update()
        .filter(dispute=dispute, status=MilestoneStatus.DISPUTED)
        .order_by("position")
    ):
        share = min(remaining, milestone.amount_cents)
        remaining -= share
        key = f"dispute:{dispute.pk}:{milestone.escrow_reference}"
        if share:
            escrow_release(
                actor=actor,
                reference=milestone.escrow_reference,
                key=key,
                amount_cents=share,
                schedule_version=contract.fee_schedule_version,
            )
            transition(milestone, MilestoneStatus.SETTLED, MILESTONE_TRANSITIONS)
        else:
            escrow_refund(actor=actor, reference=milestone.escrow_reference, key=key)
            transition(milestone, MilestoneStatus.REFUNDED, MILESTONE_TRANSITIONS)
        milestone.paid_cents = share
        milestone.save(update_fields=["status", "paid_cents"])
    _dispute_move(dispute, DisputeStatus.RESOLVED)
    dispute.freelancer_cents = freelancer_cents
    dispute.client_cents = dispute.amount_cents - freelancer_cents
    dispute.outcome = outcome
    dispute.decided_by = actor
    dispute.resolved_at = now
    dispute.save(
        update_fields=["status", "freelancer_cents", "client_cents", "outcome", "decided_by", "resolved_at"]
    )
    event(
        contract,
        "dispute_resolved",
        f"Dispute resolved: {outcome} ({format_cents(freelancer_cents)} to "
        f"the freelancer, {format_cents(dispute.client_cents)} to the client)",
        actor=actor,
        amount=freelancer_cents,
    )
    refund_disputed = RefundRequest.objects.filter(
        contract=contract, status=RefundRequestStatus.DISPUTED
    ).exists()
    if refund_disputed and contract.status != ContractStatus.ENDED:
        contract_move(contract, ContractStatus.ENDED)
        contract.ended_at = now
        contract.save(update_fields=["status", "ended_at"])
        event(contract, "ended", "Contract ended after the refund dispute")
        contract_ended.send(sender=Contract, contract=contract)
    dispute_resolved.send(sender=Dispute, contract=contract, dispute=dispute)
    for user in (contract.client, contract.freelancer):
        notify(user, "dispute_decided", _("Dispute resolved"), outcome, contract=contract)


@transaction.atomic(durable=True)
def fixed_dispute_decide(
    *, actor: User, dispute: Dispute, freelancer_cents: int, reason: str = ""
) -> Dispute:
    """Staff post the mediated split through the ledger, with the reason both parties will read."""
    if not actor.is_staff:
        raise DomainError("permission_denied", "Staff decide disputes.")
    dispute = _lock_dispute(dispute)
    _record_reason(dispute, reason)
    if dispute.kind != Dispute.Kind.FIXED or dispute.status != DisputeStatus.STAFF_REVIEW:
        raise DomainError("invalid_state", "This dispute is not in mediation.")
    contract = lock_contract(dispute.contract_id)
    _settle_fixed(
        contract,
        dispute,
        freelancer_cents=freelancer_cents,
        outcome="staff mediation decided the split",
        actor=actor,
        now=clock_now(),
    )
    return dispute


@transaction.atomic(durable=True)
def mediation_flag_overdue(*, dispute_id: int, now: datetime) -> bool:
    """Sweep step: mediation ran past its 30 days; staff see it flagged at the top of the admin list."""
    changed = Dispute.objects.filter(
        pk=dispute_id, status=DisputeStatus.STAFF_REVIEW, mediation_until__lte=now, mediation_overdue=False
    ).update(mediation_overdue=True)
    if changed:
        dispute = Dispute.objects.select_related("contract").get(pk=dispute_id)
        event(
            dispute.contract, "mediation_overdue", "Mediation passed its 30 days: escalated to senior staff"
        )
    return bool(changed)


def _record_reason(dispute: Dispute, reason: str) -> None:
    if reason.strip():
        dispute.decision_reason = reason.strip()[:3000]
        dispute.save(update_fields=["decision_reason"])


# --- case file: messages and evidence --------------------------------------------------------------
def _case_party(actor: User, dispute: Dispute) -> Contract:
    dispute.refresh_from_db(fields=["status"])  # decide on the stored state, not the caller's copy
    contract = Contract.objects.get(pk=dispute.contract_id)
    if not actor.is_staff:
        side(actor, contract)
    return contract


@transaction.atomic(durable=True)
def dispute_message_add(*, actor: User, dispute: Dispute, body: str) -> DisputeMessage:
    _case_party(actor, dispute)
    if not 1 <= len(body.strip()) <= 5000:
        raise DomainError("validation_error", "Write a message (up to 5000 characters).")
    if dispute.status == DisputeStatus.RESOLVED:
        raise DomainError("invalid_state", "This case is closed.")
    return DisputeMessage.objects.create(
        dispute=dispute, author=actor, body=body.strip(), created_at=clock_now()
    )


def dispute_evidence_add(
    *, actor: User, dispute: Dispute, files: Sequence[UploadedFile]
) -> list[ContractFile]:
    contract = _case_party(actor, dispute)
    if dispute.status == DisputeStatus.RESOLVED:
        raise DomainError("invalid_state", "This case is closed.")
    if not files:
        raise DomainError("validation_error", "Attach at least one file.")
    # No thumbnails: contract files are listed by name, and an unreferenced file would be left behind.
    stored = store_attachments(
        files, thumbnail=False, folder=f"disputes/{dispute.pk}", max_files=policy().max_files_per_submission
    )
    try:
        with transaction.atomic(durable=True):
            now = clock_now()
            return ContractFile.objects.bulk_create(
                [
                    ContractFile(
                        contract=contract,
                        dispute=dispute,
                        uploaded_by=actor,
                        path=s.path,
                        original_name=s.name,
                        content_type=s.content_type,
                        size=s.size,
                        created_at=now,
                    )
                    for s in stored
                ]
            )
    except Exception:
        discard(stored)
        raise


# --- deadline reminders (DESIGN §10: "dispute deadline") ----------------------------------------------
REMIND_BEFORE = timedelta(hours=24)


@transaction.atomic(durable=True)
def dispute_deadline_remind(*, dispute_id: int, now: datetime) -> bool:
    """Sweep step: the party who must answer hears about it a day before the deadline, once per
    deadline (the notification's key). False when there is nothing (more) to tell."""
    dispute = (
        Dispute.objects.select_related("contract__client", "contract__freelancer")
        .filter(
            pk=dispute_id,
            status=DisputeStatus.AWAITING_RESPONSE,
            respond_by__gt=now,
            respond_by__lte=now + REMIND_BEFORE,
        )
        .first()
    )
    if dispute is None:
        return False
    contract = dispute.contract
    answering = contract.client if dispute.opened_by_id == contract.freelancer_id else contract.freelancer
    if dispute.kind == Dispute.Kind.HOURLY:
        body = _(
            "On “{title}”, accept or decline the disputed time by {at:%Y-%m-%d %H:%M} UTC, "
            "or the dispute moves on without your answer."
        )
    else:
        body = _(
            "On “{title}”, respond by {at:%Y-%m-%d %H:%M} UTC, or the dispute moves on without your answer."
        )
    told = notify(
        answering,
        "dispute_deadline",
        format_lazy(_("Dispute deadline: {at:%Y-%m-%d %H:%M} UTC"), at=dispute.respond_by),
        format_lazy(body, title=contract.title, at=dispute.respond_by),
        contract=contract,
        key=f"dispute_deadline:{dispute.pk}:{dispute.respond_by:%Y%m%d%H%M}",
    )
    return told
