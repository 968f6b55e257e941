"""Receipts and invoices: one per payment group, worded for whoever looks at it (payer or payee).

Built from the ledger rows of the group (the legs it created and the pending legs it resolved), so a
receipt can never disagree with the money. PDF rendering uses fpdf2 (pure Python, no system packages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from fpdf import FPDF

from hirehall.accounts.models import User
from hirehall.core.money import CURRENCY, format_bps, format_cents
from hirehall.ledger.models import Transfer, TransferGroup
from hirehall.ledger.references import describe_reference

RECEIPT_KINDS = [
    TransferGroup.Kind.DEPOSIT,
    TransferGroup.Kind.ESCROW_FUND,
    TransferGroup.Kind.ESCROW_RELEASE,
    TransferGroup.Kind.ESCROW_REFUND,
    TransferGroup.Kind.BONUS,
    TransferGroup.Kind.WITHDRAWAL,
]


@dataclass(frozen=True)
class Line:
    label: str
    cents: int


@dataclass
class Receipt:
    number: str
    title: str
    issued_at: datetime
    reference: str  # the ledger's key (API field); people read `subject`
    party_label: str
    party: str
    lines: list[Line] = field(default_factory=list)
    total_label: str = ""
    total: int = 0
    notes: list[str] = field(default_factory=list)
    currency: str = CURRENCY
    kind: str = ""
    group_id: int = 0  # the transfer group it documents (the receipt's id in the API and its PDF's URL)
    subject: str = ""  # what it was for, in words: "'Payments and tests' — Booking app"
    billed_to: str = ""  # the person this copy is addressed to
    billed_to_label: str = ""  # "Billed to", or "Issued to" on the payee's copy
    operator_name: str = ""
    operator_address: str = ""


def _sum(transfers: list[Transfer], *codes: str) -> int:
    total = 0
    for t in transfers:
        if t.code in codes:
            total += t.posted_amount if t.posted_amount is not None else t.amount
    return total


def _name(user: User | None) -> str:
    return f"{user.display_name} <{user.email}>" if user else "Hirehall"


def _percent(fee: int, amount: int) -> str:
    """The rate a fee was charged at, from the money itself (a receipt outlives fee schedules)."""
    return format_bps(round(fee * 10_000 / amount)) if amount else "0%"


def receipt_for(group: TransferGroup, viewer: User) -> Receipt:
    legs = list(group.transfers.all())
    resolved = list(group.resolved_transfers.all())
    as_payer = group.payer_id == viewer.pk or (viewer.is_staff and group.payee_id != viewer.pk)
    receipt = Receipt(
        number=f"HH-{group.pk:08d}",
        title=group.get_kind_display(),
        issued_at=group.created_at,
        reference=group.reference,
        party_label=_("Paid to") if as_payer else _("Paid by"),
        party=_name(group.payee if as_payer else group.payer),
        kind=group.kind,
        group_id=group.pk,
        subject=describe_reference(group.reference),
        billed_to=_name(viewer),
        billed_to_label=_("Billed to") if as_payer else _("Issued to"),
        operator_name=settings.HIREHALL_OPERATOR_NAME,
        operator_address=settings.HIREHALL_OPERATOR_ADDRESS,
    )
    what = receipt.subject
    C = Transfer.Code
    if group.kind == TransferGroup.Kind.DEPOSIT:
        amount = _sum(legs, C.DEPOSIT)
        receipt.party_label, receipt.party = _("Account"), _name(group.payer)
        receipt.lines = [Line(_("Added to wallet"), amount)]
        receipt.total_label, receipt.total = _("Charged to your card"), amount
    elif group.kind == TransferGroup.Kind.ESCROW_FUND:
        held, fee = _sum(legs, C.ESCROW_HOLD), _sum(legs, C.ESCROW_FEE_HOLD)
        if as_payer:
            receipt.lines = [
                Line(_("Escrow for %(what)s") % {"what": what}, held),
                Line(_("Marketplace fee (%(rate)s)") % {"rate": _percent(fee, held)}, fee),
            ]
            receipt.total_label, receipt.total = _("Total charged"), held + fee
            if _sum(legs, C.CARD_CHARGE):
                receipt.notes.append(_("Paid by card."))
            receipt.notes.append(_("Held in escrow until released; refunded with its fee if not."))
        else:
            receipt.lines = [Line(_("Funded in escrow for %(what)s") % {"what": what}, held)]
            receipt.total_label, receipt.total = _("In escrow"), held
    elif group.kind in (TransferGroup.Kind.ESCROW_RELEASE, TransferGroup.Kind.BONUS):
        gross, market = group.gross_cents, _sum(legs, C.MARKETPLACE_FEE)
        service, net = _sum(legs, C.SERVICE_FEE), _sum(legs, C.EARNING)
        is_payment = group.kind == TransferGroup.Kind.ESCROW_RELEASE
        line = (_("Payment for %(what)s") if is_payment else _("Bonus for %(what)s")) % {"what": what}
        if as_payer:
            receipt.title = _("Invoice: payment") if is_payment else _("Invoice: bonus")
            receipt.lines = [
                Line(line, gross),
                Line(_("Marketplace fee (%(rate)s)") % {"rate": _percent(market, gross)}, market),
            ]
            receipt.total_label, receipt.total = _("Total"), gross + market
            unreleased = sum(t.amount - (t.posted_amount or 0) for t in resolved if t.code == C.ESCROW_HOLD)
            if unreleased:
                receipt.notes.append(
                    _("%(amount)s of escrow returned to your wallet with its fee.")
                    % {"amount": format_cents(unreleased)}
                )
        else:
            receipt.lines = [
                Line(line, gross),
                Line(_("Service fee (%(rate)s)") % {"rate": _percent(service, gross)}, -service),
            ]
            receipt.total_label, receipt.total = _("You receive"), net
            hold = next((t.hold_until for t in legs if t.code == C.EARNING and t.hold_until), None)
            if hold:
                receipt.notes.append(
                    _("Available for withdrawal on %(date)s UTC (security hold).")
                    % {"date": f"{hold:%Y-%m-%d %H:%M}"}
                )
    elif group.kind == TransferGroup.Kind.ESCROW_REFUND:
        held, fee = _sum(resolved, C.ESCROW_HOLD), _sum(resolved, C.ESCROW_FEE_HOLD)
        if as_payer:
            receipt.lines = [
                Line(_("Escrow refunded for %(what)s") % {"what": what}, held),
                Line(_("Marketplace fee refunded"), fee),
            ]
            receipt.total_label, receipt.total = _("Returned to your wallet"), held + fee
        else:
            receipt.lines = [Line(_("Escrow refunded to the client for %(what)s") % {"what": what}, held)]
            receipt.total_label, receipt.total = _("Refunded"), held
    elif group.kind == TransferGroup.Kind.WITHDRAWAL:
        payout, fee = _sum(legs, C.WITHDRAWAL), _sum(legs, C.WITHDRAWAL_FEE)
        receipt.party_label, receipt.party = _("Account"), _name(group.payee)
        receipt.lines = [Line(_("Withdrawn from earnings"), payout + fee), Line(_("Withdrawal fee"), -fee)]
        receipt.total_label, receipt.total = _("Sent to you"), payout
        status = {t.status for t in legs}
        receipt.notes.append(
            _("Paid out.")
            if status == {"posted"}
            else _("Failed; returned to your earnings.")
            if status == {"voided"}
            else _("Processing.")
        )
    return receipt


def _latin1(text: str) -> str:
    # The core PDF fonts are Latin-1; replace what they cannot draw instead of failing.
    return text.replace("•", "*").replace("—", "-").encode("latin-1", "replace").decode("latin-1")


def receipt_pdf(receipt: Receipt) -> bytes:
    """An A4 receipt: the operator (name and address from settings), billed-to, what it was for."""
    pdf = FPDF(format="A4")
    pdf.set_title(
        _("%(operator)s receipt %(number)s") % {"operator": receipt.operator_name, "number": receipt.number}
    )
    pdf.set_creator(receipt.operator_name)
    pdf.add_page()

    def row(text: str, height: float = 7) -> None:
        pdf.multi_cell(0, height, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    pdf.set_font("Helvetica", "B", 18)
    row(receipt.operator_name, 10)
    pdf.set_font("Helvetica", "", 10)
    row(receipt.operator_address, 5)
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 14)
    row(f"{receipt.title}  -  {receipt.number}", 9)
    pdf.set_font("Helvetica", "", 11)
    row(_("Date: %(date)s UTC") % {"date": f"{receipt.issued_at:%Y-%m-%d %H:%M}"})
    row(f"{receipt.billed_to_label}: {receipt.billed_to}")
    if receipt.subject:
        row(_("For: %(subject)s") % {"subject": receipt.subject})
    row(f"{receipt.party_label}: {receipt.party}")
    pdf.ln(4)
    for line in receipt.lines:
        top = pdf.get_y()
        pdf.multi_cell(130, 8, _latin1(line.label), new_x="LMARGIN", new_y="NEXT")  # long names wrap
        bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + 130, top)
        pdf.cell(50, 8, format_cents(line.cents), align="R")
        pdf.set_xy(pdf.l_margin, bottom)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(130, 10, _latin1(receipt.total_label))
    pdf.cell(
        50, 10, f"{format_cents(receipt.total)} {receipt.currency}", align="R", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 10)
    for note in receipt.notes:
        pdf.multi_cell(0, 6, _latin1(note), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
