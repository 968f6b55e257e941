"""Fixed-price contracts (DESIGN §7) and the contract-wide actions (bonus, pause, end).

Milestones: pending → funded → submitted → approved, with request changes (back to funded) and
release of a different amount. Every money step goes through `hirehall.ledger.operations` inside the
same durable transaction that changes the milestone, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hirehall.accounts.models import User
from hirehall.contracts.lock_objects import (
    milestones_qs_select_for_update,
    refund_requests_qs_select_for_update,
)
from hirehall.contracts.models import (
    IN_ESCROW,
    MILESTONE_TRANSITIONS,
    REFUND_TRANSITIONS,
    Contract,
    ContractFile,
    ContractKind,
    ContractMilestone,
    ContractStatus,
    MilestoneStatus,
    RefundRequest,
    RefundRequestStatus,
    Submission,
)
from hirehall.contracts.policy import policy
from hirehall.contracts.services.common import (
    claim_contract,
    contract_move,
    event,
    lock_contract,
    notify,
    require,
    require_kind,
    require_open,
    side,
)
from hirehall.contracts.signals import contract_ended
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError, NotFound
from hirehall.core.money import format_cents
from hirehall.core.states import transition
from hirehall.core.uploads import discard, store_deliverables
from hirehall.ledger import fees
from hirehall.ledger.limits import check_amount_max
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.operations import ExternalCharge, escrow_fund, escrow_refund, escrow_release
from hirehall.payments.funding import card_charge_then, operation_key
from hirehall.payments.models import PaymentMethod
from hirehall.payments.services import bonus_pay_from

MIN_MILESTONE_CENTS = 5_00


def _lock_milestone(contract: Contract, milestone_id: int) -> ContractMilestone:
    milestone = milestones_qs_select_for_update().filter(pk=milestone_id, contract=contract).first()
    if milestone is None:
        raise NotFound("No such milestone.")
    return milestone


def _ms_move(milestone: ContractMilestone, to: str) -> None:
    transition(milestone, to, MILESTONE_TRANSITIONS)


def _check_terms(description: str, amount_cents: int) -> str:
    description = description.strip()
    if not 1 <= len(description) <= 300:
        raise DomainError("validation_error", "Describe the milestone (up to 300 characters).")
    if amount_cents < MIN_MILESTONE_CENTS:
        raise DomainError("validation_error", "A milestone is at least $5.00.")
    check_amount_max(amount_cents, "milestone")
    return description


def _sync_total(contract: Contract) -> None:
    total = sum(ContractMilestone.objects.filter(contract=contract).values_list("amount_cents", flat=True))
    contract.total_cents = max(total, MIN_MILESTONE_CENTS)
    contract.save(update_fields=["total_cents"])


# --- editing unfunded milestones (the client) ----------------------------------------------------
@transaction.atomic(durable=True)
def milestone_add(
    *, actor: User, contract: Contract, description: str, amount_cents: int, due_date: date | None = None
) -> ContractMilestone:
    contract = lock_contract(contract)
    require(actor, contract, "client")
    require_kind(contract, ContractKind.FIXED)
    require_open(contract)
    description = _check_terms(description, amount_cents)
    last = ContractMilestone.objects.filter(contract=contract).aggregate(m=Max("position"))["m"] or 0
    milestone = ContractMilestone.objects.create(
        contract=contract,
        position=last + 1,
        description=description,
        amount_cents=amount_cents,
        due_date=due_date,
    )
    _sync_total(contract)
    event(contract, "milestone_added", f"Milestone added: {description}", actor=actor, amount=amount_cents)
    return milestone


@transaction.atomic(durable=True)
def milestone_edit(
    *,
    actor: User,
    contract: Contract,
    milestone_id: int,
    description: str | None = None,
    amount_cents: int | None = None,
    due_date: date | None = None,
) -> ContractMilestone:
    """Only unfunded milestones change: the funded amount is what the escrow holds."""
    contract = lock_contract(contract)
    require(actor, contract, "client")
    require_open(contract)
    milestone = _lock_milestone(contract, milestone_id)
    if milestone.status != MilestoneStatus.PENDING:
        raise DomainError("invalid_state", "Only milestones that are not funded yet can be edited.")
    milestone.description = _check_terms(
        milestone.description if description is None else description,
        milestone.amount_cents if amount_cents is None else amount_cents,
    )
    if amount_cents is not None:
        milestone.amount_cents = amount_cents
    if due_date is not None:
        milestone.due_date = due_date
    milestone.save(update_fields=["description", "amount_cents", "due_date"])
    _sync_total(contract)
    event(contract, "milestone_edited", f"Milestone edited: {milestone.description}", actor=actor)
    return milestone


@transaction.atomic(durable=True)
def milestone_remove(*, actor: User, contract: Contract, milestone_id: int) -> None:
    contract = lock_contract(contract)
    require(actor, contract, "client")
    require_open(contract)
    milestone = _lock_milestone(contract, milestone_id)
    if milestone.status != MilestoneStatus.PENDING:
        raise DomainError("invalid_state", "Only milestones that are not funded yet can be removed.")
    if ContractMilestone.objects.filter(contract=contract).count() == 1:
        raise DomainError("invalid_state", "A fixed-price contract keeps at least one milestone.")
    milestone.delete()
    _renumber(contract, list(ContractMilestone.objects.filter(contract=contract).order_by("position")))
    _sync_total(contract)
    event(contract, "milestone_removed", f"Milestone removed: {milestone.description}", actor=actor)


def _renumber(contract: Contract, ordered: Sequence[ContractMilestone]) -> None:
    # Two passes: UNIQUE(contract, position) must hold after every single UPDATE.
    offset = 10_000
    for i, m in enumerate(ordered, start=1):
        ContractMilestone.objects.filter(pk=m.pk).update(position=offset + i)
    for i, m in enumerate(ordered, start=1):
        ContractMilestone.objects.filter(pk=m.pk).update(position=i)


@transaction.atomic(durable=True)
def milestones_reorder(*, actor: User, contract: Contract, order: Sequence[int]) -> list[ContractMilestone]:
    """Unfunded milestones may move; those already funded or done keep their places at the front."""
    contract = lock_contract(contract)
    require(actor, contract, "client")
    require_open(contract)
    current = list(milestones_qs_select_for_update().filter(contract=contract).order_by("position"))
    if sorted(order) != sorted(m.pk for m in current) or len(set(order)) != len(order):
        raise DomainError("validation_error", "List every milestone of the contract exactly once.")
    by_id = {m.pk: m for m in current}
    new = [by_id[pk] for pk in order]
    for before, after in zip(current, new, strict=True):
        if before.pk != after.pk and (
            before.status != MilestoneStatus.PENDING or after.status != MilestoneStatus.PENDING
        ):
            raise DomainError("invalid_state", "Only milestones that are not funded yet can be moved.")
    _renumber(contract, new)
    event(contract, "milestones_reordered", "Milestones reordered", actor=actor)
    return list(ContractMilestone.objects.filter(contract=contract).order_by("position"))


# --- funding -------------------------------------------------------------------------------------
def milestone_fund(
    *, actor: User, contract: Contract, milestone_id: int, payment_method: PaymentMethod | None = None
) -> ContractMilestone:
    """Put a milestone's amount (plus the marketplace fee) in escrow, from the wallet or a saved card.

    Refusals that need no lock are checked before any card is charged. The card is charged with no
    transaction open under a key derived from the milestone (`escrow-fund:milestone:<id>:card`): a
    milestone is funded once, so a retry never charges twice. If anything fails after the charge, the
    charge stays in the client's wallet (`payments.funding`) and the error is raised.
    """
    milestone = ContractMilestone.objects.filter(pk=milestone_id, contract=contract).first()
    if milestone is None:
        raise NotFound("No such milestone.")
    require(actor, contract, "client")
    require_open(contract)
    if milestone.status != MilestoneStatus.PENDING:
        raise DomainError("invalid_state", "This milestone is already funded.")
    schedule = fees.schedule_in_force(version=contract.fee_schedule_version)
    return card_charge_then(
        actor=actor,
        payment_method=payment_method,
        amount_cents=milestone.amount_cents + fees.marketplace_fee_cents(milestone.amount_cents, schedule),
        key=f"escrow-fund:milestone:{milestone.pk}",
        then=lambda charge: _milestone_fund(actor, contract, milestone_id, charge),
    )


@transaction.atomic(durable=True)
def _milestone_fund(
    actor: User, contract: Contract, milestone_id: int, charge: ExternalCharge | None
) -> ContractMilestone:
    contract = lock_contract(contract)
    require(actor, contract, "client")
    require_open(contract)
    milestone = _lock_milestone(contract, milestone_id)
    if milestone.status != MilestoneStatus.PENDING:
        # The table also allows submitted → funded (request changes): funding is only for new money.
        raise DomainError("invalid_state", "This milestone is already funded.")
    _ms_move(milestone, MilestoneStatus.FUNDED)
    milestone.escrow_reference = f"milestone:{milestone.pk}"
    milestone.funded_at = clock_now()
    milestone.save(update_fields=["status", "escrow_reference", "funded_at"])
    escrow_fund(
        actor=actor,
        payee=contract.freelancer,
        reference=milestone.escrow_reference,
        amount_cents=milestone.amount_cents,
        key=f"escrow-fund:milestone:{milestone.pk}",  # the operation key milestone_fund charged under
        card_charge=charge,
        schedule_version=contract.fee_schedule_version,
    )
    event(
        contract,
        "milestone_funded",
        f"Funded: {milestone.description}",
        actor=actor,
        amount=milestone.amount_cents,
    )
    notify(
        contract.freelancer,
        "milestone_funded",
        _("Milestone funded"),
        format_lazy(_("“{description}” is funded: you can start."), description=milestone.description),
        contract=contract,
    )
    return milestone


# --- submitting and reviewing work ---------------------------------------------------------------
def milestone_submit(
    *,
    actor: User,
    contract: Contract,
    milestone_id: int,
    message: str,
    files: Sequence[UploadedFile] = (),
) -> Submission:
    """The freelancer submits work; the 14-day auto-approval clock (re)starts now."""
    message = message.strip()
    if not 1 <= len(message) <= 5000:
        raise DomainError("validation_error", "Describe the work you are submitting (up to 5000 characters).")
    if side(actor, contract) != "freelancer":
        raise DomainError("permission_denied", "Only the freelancer can do this.")
    # Deliverables: archives, source, media and design files, kept byte for byte and only ever
    # downloaded (core.uploads.store_deliverable); listed by name, so no thumbnails.
    stored = store_deliverables(
        files, folder=f"contracts/{contract.pk}", max_files=policy().max_files_per_submission
    )
    try:
        return _milestone_submit(actor, contract, milestone_id, message, stored)
    except Exception:
        discard(stored)
        raise


@transaction.atomic(durable=True)
def _milestone_submit(
    actor: User,
    contract: Contract,
    milestone_id: int,
    message: str,
    stored: list,
) -> Submission:
    contract = lock_contract(contract)
    require(actor, contract, "freelancer")
    require_open(contract)
    milestone = _lock_milestone(contract, milestone_id)
    _ms_move(milestone, MilestoneStatus.SUBMITTED)
    now = clock_now()
    milestone.submitted_at = now
    milestone.auto_approve_at = now + timedelta(days=policy().auto_approve_days)
    milestone.reminder_sent_at = None
    milestone.save(update_fields=["status", "submitted_at", "auto_approve_at", "reminder_sent_at"])
    submission = Submission.objects.create(milestone=milestone, author=actor, message=message, created_at=now)
    ContractFile.objects.bulk_create(
        [
            ContractFile(
                contract=contract,
                submission=submission,
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
    event(contract, "work_submitted", f"Work submitted for “{milestone.description}”", actor=actor)
    notify(
        contract.client,
        "milestone_submitted",
        _("Work submitted"),
        format_lazy(
            _("Review “{description}”: it is approved automatically on {at:%Y-%m-%d %H:%M} UTC."),
            description=milestone.description,
            at=milestone.auto_approve_at,
        ),
        contract=contract,
    )
    return submission


def _release(
    contract: Contract,
    milestone: ContractMilestone,
    *,
    actor: User | None,
    amount_cents: int | None,
    kind: str,
) -> None:
    """Pay the milestone (all, or a different amount: the rest returns to the client)."""
    amount = milestone.amount_cents if amount_cents is None else amount_cents
    if not 0 < amount <= milestone.amount_cents:
        raise DomainError(
            "validation_error", f"Release more than $0 and at most {format_cents(milestone.amount_cents)}."
        )
    _ms_move(milestone, MilestoneStatus.APPROVED)
    milestone.paid_cents = amount
    milestone.approved_at = clock_now()
    milestone.auto_approve_at = None
    milestone.save(update_fields=["status", "paid_cents", "approved_at", "auto_approve_at"])
    escrow_release(
        actor=actor,
        reference=milestone.escrow_reference,
        key=f"escrow-release:{milestone.escrow_reference}",
        amount_cents=amount,
        schedule_version=contract.fee_schedule_version,
    )
    text = {
        "approved": f"Approved and paid: “{milestone.description}”",
        "auto_approved": (
            f"Approved automatically after {policy().auto_approve_days} days: “{milestone.description}”"
        ),
    }[kind]
    if amount != milestone.amount_cents:
        text += f" ({format_cents(amount)} of {format_cents(milestone.amount_cents)}; the rest refunded)"
    event(contract, f"milestone_{kind}", text, actor=actor, amount=amount)
    notify(
        contract.freelancer,
        "payment_released",
        _("Payment released"),
        format_lazy(
            _("{amount} for “{description}”."), amount=format_cents(amount), description=milestone.description
        ),
        contract=contract,
    )


@transaction.atomic(durable=True)
def milestone_approve(
    *, actor: User, contract: Contract, milestone_id: int, amount_cents: int | None = None
) -> ContractMilestone:
    contract = lock_contract(contract)
    require(actor, contract, "client")
    milestone = _lock_milestone(contract, milestone_id)
    if milestone.status not in (MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED):
        raise DomainError("invalid_state", "Only funded or submitted work can be approved.")
    _release(contract, milestone, actor=actor, amount_cents=amount_cents, kind="approved")
    return milestone


@transaction.atomic(durable=True)
def milestone_request_changes(
    *, actor: User, contract: Contract, milestone_id: int, message: str
) -> ContractMilestone:
    """Back to funded: the auto-approval clock stops until the next submission restarts it."""
    contract = lock_contract(contract)
    require(actor, contract, "client")
    if not message.strip():
        raise DomainError("validation_error", "Say what should change.")
    milestone = _lock_milestone(contract, milestone_id)
    if milestone.status != MilestoneStatus.SUBMITTED:
        raise DomainError("invalid_state", "Changes can be requested on submitted work.")
    _ms_move(milestone, MilestoneStatus.FUNDED)
    milestone.auto_approve_at = None
    milestone.reminder_sent_at = None
    milestone.save(update_fields=["status", "auto_approve_at", "reminder_sent_at"])
    event(
        contract,
        "changes_requested",
        f"Changes requested on “{milestone.description}”: {message.strip()}",
        actor=actor,
    )
    notify(
        contract.freelancer, "changes_requested", _("Changes requested"), message.strip(), contract=contract
    )
    return milestone


@transaction.atomic(durable=True)
def milestone_auto_approve(*, milestone_id: int, now: datetime) -> bool:
    """Sweep step: release a submitted milestone whose 14 days passed. False if someone got there first.

    SKIP LOCKED on the contract, then the milestone: a client approving right now holds them; we skip,
    and their approval pays. Re-checked under the lock, so exactly one of the two pays.
    """
    contract_id = (
        ContractMilestone.objects.filter(pk=milestone_id).values_list("contract_id", flat=True).first()
    )
    contract = claim_contract(contract_id) if contract_id else None
    if contract is None:
        return False
    milestone = (
        milestones_qs_select_for_update(skip_locked=True)
        .filter(pk=milestone_id, status=MilestoneStatus.SUBMITTED, auto_approve_at__lte=now)
        .first()
    )
    if milestone is None:
        return False
    if RefundRequest.objects.filter(contract=contract, status=RefundRequestStatus.OPEN).exists():
        return False  # the refund request decides what happens to this escrow
    _release(contract, milestone, actor=None, amount_cents=None, kind="auto_approved")
    return True


@transaction.atomic(durable=True)
def milestone_remind(*, milestone_id: int, now: datetime) -> bool:
    """Sweep step: tell the client, once per submission, that auto-approval is 3 days away."""
    claimed = ContractMilestone.objects.filter(
        pk=milestone_id, status=MilestoneStatus.SUBMITTED, reminder_sent_at__isnull=True
    ).update(reminder_sent_at=now)
    if claimed != 1:
        return False
    milestone = ContractMilestone.objects.select_related("contract__client").get(pk=milestone_id)
    contract = milestone.contract
    event(
        contract,
        "auto_approval_reminder",
        f"Reminder sent: “{milestone.description}” is approved "
        f"automatically on {milestone.auto_approve_at:%Y-%m-%d %H:%M} UTC",
    )
    notify(
        contract.client,
        "auto_release_coming",
        _("Work will be approved in 3 days"),
        format_lazy(
            _(
                "“{description}” is approved and paid automatically on {at:%Y-%m-%d %H:%M} UTC "
                "unless you act."
            ),
            description=milestone.description,
            at=milestone.auto_approve_at,
        ),
        contract=contract,
        key=f"auto_release:{milestone.pk}:{milestone.auto_approve_at:%Y%m%d%H%M}",
    )
    return True


# --- bonus ---------------------------------------------------------------------------------------
MAX_BONUS_NOTE = 200


def _bonus_key(contract: Contract, amount_cents: int, key: str | None) -> str:
    """The caller's idempotency key, or without one the request's identity: this contract's next
    bonus of this amount. A retry after a failure pays once; a bonus sent after a paid one is new."""
    if key:
        return operation_key(f"bonus:{contract.pk}", key)
    paid = TransferGroup.objects.filter(kind=TransferGroup.Kind.BONUS, reference=f"contract:{contract.pk}")
    return f"bonus:{contract.pk}:n{paid.count() + 1}:{amount_cents}"


def bonus_send(
    *,
    actor: User,
    contract: Contract,
    amount_cents: int,
    note: str = "",
    key: str | None = None,
    payment_method: PaymentMethod | None = None,
) -> None:
    """A bonus at any time (also after the contract ended), from the wallet or a saved card.

    Everything is checked before money moves; the payment and the timeline event commit in one
    transaction (a note the database refuses leaves no payment behind).
    """
    require(actor, contract, "client")
    if amount_cents < MIN_MILESTONE_CENTS // 5:
        raise DomainError("validation_error", "A bonus is at least $1.00.")
    check_amount_max(amount_cents, "bonus")
    note = note.strip()
    if "\x00" in note:
        raise DomainError("validation_error", "The note contains a NUL character.")
    if len(note) > MAX_BONUS_NOTE:
        raise DomainError("validation_error", f"The note is at most {MAX_BONUS_NOTE} characters.")
    ledger_key = _bonus_key(contract, amount_cents, key)
    earlier = TransferGroup.objects.filter(key=ledger_key).first()
    if earlier is not None and (
        earlier.kind != TransferGroup.Kind.BONUS or earlier.gross_cents != amount_cents
    ):
        raise DomainError("idempotency_key_reused", "This key was already used for another payment.")

    def record(group: TransferGroup) -> None:
        # One event per ledger payment, even when a retried request replays the same key.
        if not contract.events.filter(kind="bonus", text__endswith=f"#{group.pk}").exists():
            text = f"Bonus paid{': ' + note if note else ''} #{group.pk}"
            event(contract, "bonus", text, actor=actor, amount=amount_cents)

    bonus_pay_from(
        actor=actor,
        payee=contract.freelancer,
        reference=f"contract:{contract.pk}",
        amount_cents=amount_cents,
        key=ledger_key,
        payment_method=payment_method,
        on_paid=record,
    )
    notify(
        contract.freelancer,
        "bonus_received",
        _("You received a bonus"),
        format_lazy(_("{amount} on “{title}”."), amount=format_cents(amount_cents), title=contract.title),
        contract=contract,
    )


# --- pause, resume, end --------------------------------------------------------------------------
@transaction.atomic(durable=True)
def contract_pause(*, actor: User, contract: Contract, reason: str = "") -> Contract:
    contract = lock_contract(contract)
    side(actor, contract)
    contract_move(contract, ContractStatus.PAUSED)
    contract.paused_reason = reason.strip()[:200] or "Paused"
    contract.paused_by = actor
    contract.save(update_fields=["status", "paused_reason", "paused_by"])
    event(contract, "paused", f"Contract paused: {contract.paused_reason}", actor=actor)
    return contract


@transaction.atomic(durable=True)
def contract_resume(*, actor: User, contract: Contract) -> Contract:
    contract = lock_contract(contract)
    who = side(actor, contract)
    if who == "freelancer" and contract.paused_by_id != actor.pk:
        raise DomainError(
            "permission_denied", "Only the client can resume a contract the client or Hirehall paused."
        )
    if contract.limit_before_dispute is not None:
        raise DomainError("invalid_state", "The contract resumes once its dispute is resolved.")
    contract_move(contract, ContractStatus.ACTIVE)
    contract.paused_reason = ""
    contract.paused_by = None
    contract.save(update_fields=["status", "paused_reason", "paused_by"])
    event(contract, "resumed", "Contract resumed", actor=actor)
    return contract


def _in_escrow(contract: Contract) -> list[ContractMilestone]:
    return list(
        milestones_qs_select_for_update().filter(contract=contract, status__in=IN_ESCROW).order_by("position")
    )


def _refund_milestones(
    contract: Contract, milestones: Sequence[ContractMilestone], *, actor: User | None
) -> int:
    total = 0
    for milestone in milestones:
        _ms_move(milestone, MilestoneStatus.REFUNDED)
        milestone.auto_approve_at = None
        milestone.save(update_fields=["status", "auto_approve_at"])
        escrow_refund(
            actor=actor,
            reference=milestone.escrow_reference,
            key=f"escrow-refund:{milestone.escrow_reference}",
        )
        total += milestone.amount_cents
    return total


def _end(contract: Contract, actor: User | None, text: str) -> None:
    contract_move(contract, ContractStatus.ENDED)
    contract.ended_at = clock_now()
    contract.ended_by = actor
    contract.save(update_fields=["status", "ended_at", "ended_by"])
    event(contract, "ended", text, actor=actor)
    contract_ended.send(sender=Contract, contract=contract)


@transaction.atomic(durable=True)
def contract_end(*, actor: User, contract: Contract) -> Contract:
    """Either side ends. With money in escrow the client asks for a refund instead (the freelancer
    answers); a freelancer ending gives the escrow back to the client at once."""
    contract = lock_contract(contract)
    who = side(actor, contract)
    require_open(contract)
    held = _in_escrow(contract) if contract.kind == ContractKind.FIXED else []
    if held and any(m.status == MilestoneStatus.DISPUTED for m in held):
        raise DomainError("invalid_state", "A dispute is open on this contract.")
    if held and who == "client":
        raise DomainError("escrow_outstanding", "Release the escrow or request a refund before ending.")
    if held:
        refunded = _refund_milestones(contract, held, actor=actor)
        event(contract, "escrow_refunded", "Escrow refunded to the client", actor=actor, amount=refunded)
    _end(contract, actor, f"Contract ended by the {who}")
    other = contract.freelancer if who == "client" else contract.client
    ended = (
        _("“{title}” was ended by the client.")
        if who == "client"
        else _("“{title}” was ended by the freelancer.")
    )
    notify(
        other,
        "contract_ended",
        _("Contract ended"),
        format_lazy(ended, title=contract.title),
        contract=contract,
    )
    return contract


# --- escrow refund request (DESIGN §7) -----------------------------------------------------------
@transaction.atomic(durable=True)
def refund_request_create(*, actor: User, contract: Contract, reason: str = "") -> RefundRequest:
    """The client ends with money in escrow and asks for it back; the freelancer has 7 days."""
    contract = lock_contract(contract)
    require(actor, contract, "client")
    require_kind(contract, ContractKind.FIXED)
    require_open(contract)
    held = _in_escrow(contract)
    if not held:
        raise DomainError("invalid_state", "Nothing is held in escrow on this contract.")
    if any(m.status == MilestoneStatus.DISPUTED for m in held):
        raise DomainError("invalid_state", "A dispute is open on this contract.")
    if RefundRequest.objects.filter(contract=contract, status=RefundRequestStatus.OPEN).exists():
        raise DomainError("conflict", "A refund request is already waiting for an answer.")
    now = clock_now()
    request = RefundRequest.objects.create(
        contract=contract,
        reason=reason.strip()[:1000],
        amount_cents=sum(m.amount_cents for m in held),
        created_at=now,
        respond_by=now + timedelta(days=policy().refund_answer_days),
    )
    event(
        contract,
        "refund_requested",
        f"The client asked for the escrow back (answer by {request.respond_by:%Y-%m-%d %H:%M} UTC)",
        actor=actor,
        amount=request.amount_cents,
    )
    notify(
        contract.freelancer,
        "refund_requested",
        _("Refund requested"),
        format_lazy(
            _("Accept or dispute by {at:%Y-%m-%d %H:%M} UTC; no answer refunds the client."),
            at=request.respond_by,
        ),
        contract=contract,
    )
    return request


def _lock_refund_request(contract: Contract) -> RefundRequest:
    request = (
        refund_requests_qs_select_for_update()
        .filter(contract=contract, status=RefundRequestStatus.OPEN)
        .first()
    )
    if request is None:
        raise DomainError("invalid_state", "No refund request is waiting for an answer.")
    return request


def _refund_and_end(contract: Contract, request: RefundRequest, to: str, actor: User | None) -> None:
    transition(request, to, REFUND_TRANSITIONS)
    request.answered_at = clock_now()
    request.save(update_fields=["status", "answered_at"])
    refunded = _refund_milestones(contract, _in_escrow(contract), actor=actor)
    how = "accepted by the freelancer" if to == RefundRequestStatus.ACCEPTED else "not answered in time"
    event(contract, "escrow_refunded", f"Refund request {how}: escrow refunded", actor=actor, amount=refunded)
    _end(contract, actor, "Contract ended after the escrow refund")
    notify(
        contract.client,
        "escrow_refunded",
        _("Escrow refunded"),
        format_lazy(_("{amount} is back in your wallet."), amount=format_cents(refunded)),
        contract=contract,
    )


@transaction.atomic(durable=True)
def refund_request_accept(*, actor: User, contract: Contract) -> RefundRequest:
    contract = lock_contract(contract)
    require(actor, contract, "freelancer")
    request = _lock_refund_request(contract)
    _refund_and_end(contract, request, RefundRequestStatus.ACCEPTED, actor)
    return request


@transaction.atomic(durable=True)
def refund_request_expire(*, request_id: int, now: datetime) -> bool:
    """Sweep step: 7 days without an answer refunds the client."""
    contract_id = RefundRequest.objects.filter(pk=request_id).values_list("contract_id", flat=True).first()
    contract = claim_contract(contract_id) if contract_id else None
    if contract is None:
        return False
    request = (
        refund_requests_qs_select_for_update(skip_locked=True)
        .filter(pk=request_id, status=RefundRequestStatus.OPEN, respond_by__lte=now)
        .first()
    )
    if request is None:
        return False
    _refund_and_end(contract, request, RefundRequestStatus.EXPIRED, None)
    return True
