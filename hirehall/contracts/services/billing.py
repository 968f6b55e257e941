"""Weekly billing of hourly contracts (DESIGN §8) and hourly protection.

Week W (Mon–Sun) → invoiced Monday 12:00 after it: the client is charged the billable time (within the
weekly limit) plus the marketplace fee into escrow, from the wallet, else the saved card → the client
reviews and may dispute until Friday 23:59:59 → the escrow is released to the freelancer's pending
balance, available on the Wednesday 10 days after the week ended.

A failed charge pauses the contract and opens a protection claim; if the invoice is still unpaid when
the review window closes, the protection fund pays the protected time.

Idempotency: UNIQUE(contract, week) makes invoicing once-only; each money step has its ledger key;
rows are claimed with SKIP LOCKED or conditional UPDATEs, so two sweeps never do the same work twice.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hirehall.accounts.models import User
from hirehall.contracts.lock_objects import (
    invoices_qs_select_for_update,
    protection_claims_qs_select_for_update,
    work_segments_qs_select_for_update,
)
from hirehall.contracts.models import (
    INVOICE_TRANSITIONS,
    Contract,
    ContractStatus,
    IdentityVerification,
    Invoice,
    InvoiceStatus,
    ProtectionClaim,
    SegmentKind,
    WorkSegment,
)
from hirehall.contracts.policy import hourly_available_at, policy, review_until
from hirehall.contracts.services.common import (
    claim_contract,
    contract_move,
    event,
    lock_contract,
    notify,
    require,
)
from hirehall.contracts.services.hourly import limit_for_week
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError
from hirehall.core.money import format_cents
from hirehall.core.states import transition
from hirehall.ledger import fees
from hirehall.ledger.fees import lifetime_billings
from hirehall.ledger.operations import escrow_fund, escrow_release, protection_payout
from hirehall.payments.models import PaymentMethod
from hirehall.payments.selectors import user_billing_verified
from hirehall.payments.services import escrow_fund_from
from hirehall.profiles.models import ClientProfile


def slots_cents(slots: int, rate_cents: int) -> int:
    """Ten-minute slots × hourly rate, rounded half-up once (72 × $22.22 / 6 = $266.64)."""
    per_hour = 60 // policy().segment_minutes
    return (2 * slots * rate_cents + per_hour) // (2 * per_hour)


def client_billing_verified(client: User) -> bool:
    return (
        user_billing_verified(client)
        or ClientProfile.objects.filter(user=client, payment_verified=True).exists()
    )


def identity_verified(user: User) -> bool:
    return IdentityVerification.objects.filter(user=user, identity_verified=True).exists()


def _move(invoice: Invoice, to: str) -> None:
    transition(invoice, to, INVOICE_TRANSITIONS)


# --- Monday 12:00: invoice -----------------------------------------------------------------------
@transaction.atomic(durable=True)
def invoice_week(*, contract_id: int, week_start: date, now: datetime) -> Invoice | None:
    """Decide every segment of the week (billable? protected?), create the invoice, try the wallet.

    Returns None if the week was invoiced already (the UNIQUE constraint decided)."""
    contract = lock_contract(contract_id)
    if Invoice.objects.filter(contract=contract, week_start=week_start).exists():
        return None
    segments = list(
        work_segments_qs_select_for_update()
        .filter(contract=contract, week_start=week_start, invoice__isnull=True)
        .order_by("start")
    )
    if not segments:
        return None
    limit_slots = limit_for_week(contract, week_start) * 60 // policy().segment_minutes
    billing_ok = client_billing_verified(contract.client)
    identity_ok = identity_verified(contract.freelancer)
    rate = contract.hourly_rate_cents or 0
    for i, segment in enumerate(segments):
        segment.billable = i < limit_slots
        segment.protected = (
            segment.billable
            and segment.kind == SegmentKind.TRACKED
            and bool(segment.screenshot)
            and segment.active_minutes > 0
            and bool(segment.memo.strip())
            and billing_ok
            and identity_ok
        )
    billable = sum(s.billable for s in segments)
    protected = sum(s.protected for s in segments)
    step = policy().segment_minutes
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                contract=contract,
                week_start=week_start,
                status=InvoiceStatus.UNPAID,
                rate_cents=rate,
                limit_hours=limit_for_week(contract, week_start),
                tracked_minutes=step * sum(s.kind == SegmentKind.TRACKED for s in segments),
                manual_minutes=step * sum(s.kind == SegmentKind.MANUAL for s in segments),
                billable_minutes=step * billable,
                over_limit_minutes=step * (len(segments) - billable),
                protected_minutes=step * protected,
                amount_cents=slots_cents(billable, rate),
                protected_cents=slots_cents(protected, rate),
                invoiced_at=now,
                review_until=review_until(week_start),
                available_at=hourly_available_at(week_start),
            )
    except IntegrityError:
        return None
    for segment in segments:
        segment.invoice = invoice
    WorkSegment.objects.bulk_update(segments, ["invoice", "billable", "protected"])
    text = (
        f"Week of {week_start:%Y-%m-%d} invoiced: {invoice.billable_minutes / 60:g} h billed"
        f", {invoice.over_limit_minutes / 60:g} h over the limit (not billed)"
    )
    event(contract, "invoiced", text, amount=invoice.amount_cents)
    if invoice.amount_cents == 0:
        # Nothing to charge (all time over the limit): the week is settled as it stands.
        _move(invoice, InvoiceStatus.PAID)
        invoice.settled_at = now
        invoice.save(update_fields=["status", "settled_at"])
        return invoice
    invoice.escrow_reference = f"invoice:{invoice.pk}"
    invoice.save(update_fields=["escrow_reference"])
    try:
        with transaction.atomic():
            escrow_fund(
                actor=contract.client,
                payee=contract.freelancer,
                reference=invoice.escrow_reference,
                amount_cents=invoice.amount_cents,
                key=f"invoice-fund:{invoice.pk}",
                schedule_version=contract.fee_schedule_version,
            )
    except DomainError as exc:
        if exc.code != "insufficient_funds":
            raise
        return invoice  # stays unpaid: the saved card is tried next, outside this transaction
    _charged(contract, invoice, "wallet")
    return invoice


def _charged(contract: Contract, invoice: Invoice, source: str) -> None:
    _move(invoice, InvoiceStatus.IN_REVIEW)
    invoice.save(update_fields=["status"])
    event(
        contract,
        "invoice_charged",
        f"Charged from the {source} for the week of {invoice.week_start:%Y-%m-%d}",
        amount=invoice.amount_cents,
    )
    notify(
        contract.client,
        "invoice_issued",
        _("Weekly invoice"),
        format_lazy(
            _("{amount} for “{title}”. Review until {until:%Y-%m-%d %H:%M:%S} UTC."),
            amount=format_cents(invoice.amount_cents),
            title=contract.title,
            until=invoice.review_until,
        ),
        contract=contract,
    )


def invoice_charge_card(*, invoice_id: int, now: datetime) -> bool:
    """The wallet was short: try the client's saved card once (claimed by a conditional UPDATE),
    with no transaction open during the provider call. A refusal pauses the contract and opens a
    protection claim."""
    invoice = Invoice.objects.select_related("contract__client", "contract__freelancer").get(pk=invoice_id)
    if invoice.status != InvoiceStatus.UNPAID or ProtectionClaim.objects.filter(invoice=invoice).exists():
        return False
    contract = invoice.contract
    card = (
        PaymentMethod.objects.filter(
            user=contract.client, kind=PaymentMethod.Kind.CARD, removed_at__isnull=True
        )
        .order_by("-pk")
        .first()
    )
    failure = "insufficient_funds"
    if card is not None:
        try:
            escrow_fund_from(
                actor=contract.client,
                payee=contract.freelancer,
                reference=invoice.escrow_reference,
                amount_cents=invoice.amount_cents,
                key=f"invoice-fund:{invoice.pk}",
                payment_method=card,
                schedule_version=contract.fee_schedule_version,
            )
        except DomainError as exc:
            failure = exc.code
        else:
            with transaction.atomic(durable=True):
                invoice = invoices_qs_select_for_update().get(pk=invoice_id)
                if invoice.status == InvoiceStatus.UNPAID:
                    _charged(contract, invoice, "saved card")
            return True
    return _open_claim(invoice_id, failure, now)


@transaction.atomic(durable=True)
def _open_claim(invoice_id: int, failure: str, now: datetime) -> bool:
    contract = lock_contract(Invoice.objects.values_list("contract_id", flat=True).get(pk=invoice_id))
    invoice = invoices_qs_select_for_update().get(pk=invoice_id)
    if invoice.status != InvoiceStatus.UNPAID:
        return False
    try:
        with transaction.atomic():
            ProtectionClaim.objects.create(
                invoice=invoice,
                failure_code=failure[:40],
                protected_cents=invoice.protected_cents,
                opened_at=now,
                decide_at=invoice.review_until,
            )
    except IntegrityError:
        return False  # another runner opened it
    if contract.status == ContractStatus.ACTIVE:
        contract_move(contract, ContractStatus.PAUSED)
        contract.paused_reason = "The weekly charge failed"
        contract.paused_by = None
        contract.save(update_fields=["status", "paused_reason", "paused_by"])
    event(
        contract,
        "charge_failed",
        f"The charge for the week of {invoice.week_start:%Y-%m-%d} "
        f"failed ({failure}): contract paused, protection claim opened",
        amount=invoice.amount_cents,
    )
    notify(
        contract.client,
        "invoice_payment_failed",
        _("Payment failed"),
        format_lazy(
            _("Add funds to pay {amount} for “{title}”."),
            amount=format_cents(invoice.amount_cents),
            title=contract.title,
        ),
        contract=contract,
    )
    return True


def invoice_pay(*, actor: User, contract: Contract, invoice_id: int) -> Invoice:
    """The client pays an unpaid invoice late (from the wallet): the claim closes, the contract resumes."""
    require(actor, contract, "client")
    with transaction.atomic(durable=True):
        contract = lock_contract(contract)
        invoice = invoices_qs_select_for_update().filter(pk=invoice_id, contract=contract).first()
        if invoice is None:
            raise DomainError("not_found", "No such invoice.")
        if invoice.status != InvoiceStatus.UNPAID:
            raise DomainError("invalid_state", "This invoice is not waiting for payment.")
        escrow_fund(
            actor=actor,
            payee=contract.freelancer,
            reference=invoice.escrow_reference,
            amount_cents=invoice.amount_cents,
            key=f"invoice-fund:{invoice.pk}",
            schedule_version=contract.fee_schedule_version,
        )
        _charged(contract, invoice, "wallet")
        ProtectionClaim.objects.filter(invoice=invoice, status=ProtectionClaim.Status.OPEN).update(
            status=ProtectionClaim.Status.CLOSED, closed_at=clock_now()
        )
        if (
            contract.status == ContractStatus.PAUSED
            and contract.paused_by_id is None
            and contract.limit_before_dispute is None
        ):
            contract_move(contract, ContractStatus.ACTIVE)
            contract.paused_reason = ""
            contract.save(update_fields=["status", "paused_reason"])
            event(contract, "resumed", "Contract resumed: the invoice was paid")
        return invoice


# --- after Friday: release, or protection ---------------------------------------------------------
def _available_at(invoice: Invoice, now: datetime) -> datetime | None:
    # Released late (after a dispute), the money follows the normal security hold from now.
    return invoice.available_at if invoice.available_at > now else None


@transaction.atomic(durable=True)
def invoice_release(*, invoice_id: int, now: datetime) -> bool:
    """Sweep step: the review window closed without a dispute: pay the freelancer (pending)."""
    invoice = (
        invoices_qs_select_for_update(skip_locked=True)
        .filter(pk=invoice_id, status=InvoiceStatus.IN_REVIEW, review_until__lt=now)
        .first()
    )
    if invoice is None:
        return False
    contract = Contract.objects.select_related("freelancer").get(pk=invoice.contract_id)
    pay_invoice(contract, invoice, amount_cents=invoice.amount_cents, now=now)
    return True


def pay_invoice(contract: Contract, invoice: Invoice, *, amount_cents: int, now: datetime) -> None:
    """Release `amount_cents` of the invoice's escrow (the rest, if any, back to the client)."""
    if amount_cents <= 0:
        _move(invoice, InvoiceStatus.REFUNDED)
        from hirehall.ledger.operations import escrow_refund

        escrow_refund(actor=None, reference=invoice.escrow_reference, key=f"invoice-refund:{invoice.pk}")
        invoice.refunded_cents = invoice.amount_cents
        invoice.settled_at = now
        invoice.save(update_fields=["status", "refunded_cents", "settled_at"])
        event(
            contract,
            "invoice_refunded",
            f"Week of {invoice.week_start:%Y-%m-%d} refunded to the client",
            amount=invoice.amount_cents,
        )
        return
    _move(invoice, InvoiceStatus.PAID)
    escrow_release(
        actor=None,
        reference=invoice.escrow_reference,
        key=f"invoice-release:{invoice.pk}",
        amount_cents=amount_cents,
        schedule_version=contract.fee_schedule_version,
        available_at=_available_at(invoice, now),
    )
    invoice.paid_cents = amount_cents
    invoice.refunded_cents = invoice.amount_cents - amount_cents
    invoice.settled_at = now
    invoice.save(update_fields=["status", "paid_cents", "refunded_cents", "settled_at"])
    event(
        contract,
        "invoice_paid",
        f"Week of {invoice.week_start:%Y-%m-%d} paid to the "
        f"freelancer (available {invoice.available_at:%Y-%m-%d})",
        amount=amount_cents,
    )
    notify(
        contract.freelancer,
        "hourly_payment_pending",
        _("Weekly payment"),
        format_lazy(
            _("{amount} for “{title}” is pending."), amount=format_cents(amount_cents), title=contract.title
        ),
        contract=contract,
    )


@transaction.atomic(durable=True)
def protection_claim_pay(*, claim_id: int, now: datetime) -> bool:
    """Sweep step: still unpaid when the review window closed → the protection fund pays the protected
    time, net of the service fee the freelancer would have paid."""
    invoice_id = ProtectionClaim.objects.filter(pk=claim_id).values_list("invoice_id", flat=True).first() or 0
    contract_id = Invoice.objects.filter(pk=invoice_id).values_list("contract_id", flat=True).first()
    contract = claim_contract(contract_id) if contract_id else None
    if contract is None:
        return False
    invoice = invoices_qs_select_for_update().get(pk=invoice_id)
    claim = (
        protection_claims_qs_select_for_update()
        .filter(pk=claim_id, status=ProtectionClaim.Status.OPEN, decide_at__lt=now)
        .first()
    )
    if claim is None:
        return False
    _move(invoice, InvoiceStatus.PROTECTED)
    net = 0
    if claim.protected_cents:
        schedule = fees.schedule_in_force(version=contract.fee_schedule_version)
        prior = lifetime_billings(client_id=contract.client_id, freelancer_id=contract.freelancer_id)
        net = claim.protected_cents - fees.service_fee_cents(claim.protected_cents, prior, schedule.tiers)
    if net > 0:
        protection_payout(
            actor=None,
            payee=contract.freelancer,
            reference=f"protection:{invoice.pk}",
            amount_cents=net,
            key=f"protection-payout:{claim.pk}",
            available_at=_available_at(invoice, now),
        )
    claim.status = ProtectionClaim.Status.PAID
    claim.paid_cents = net
    claim.closed_at = now
    claim.save(update_fields=["status", "paid_cents", "closed_at"])
    invoice.settled_at = now
    invoice.save(update_fields=["status", "settled_at"])
    event(
        contract,
        "protection_paid",
        f"Hourly protection paid {invoice.protected_minutes / 60:g} "
        f"protected hours of the week of {invoice.week_start:%Y-%m-%d}",
        amount=net,
    )
    notify(
        contract.freelancer,
        "protection_paid",
        _("Hourly protection"),
        format_lazy(
            _("{amount} paid by Hirehall protection for “{title}”."),
            amount=format_cents(net),
            title=contract.title,
        ),
        contract=contract,
    )
    return True
