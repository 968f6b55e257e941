"""Receipts and invoices: one per payment group, worded for whoever looks at it (payer or payee).

Built from the ledger rows of the group (the legs it created and the pending legs it resolved), so a
receipt can never disagree with the money. PDF rendering uses fpdf2 (pure Python, no system packages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from fpdf import FPDF

from hirehall.accounts.models import User
from hirehall.core.money import CURRENCY, format_cents
from hirehall.ledger.models import Transfer, TransferGroup

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
    reference: str
    party_label: str
    party: str
    lines: list[Line] = field(default_factory=list)
    total_label: str = "Total"
    total: int = 0
    notes: list[str] = field(default_factory=list)
    currency: str = CURRENCY
    kind: str = ""
    group_id: int = 0  # the transfer group it documents (the receipt's id in the API and its PDF's URL)


def _sum(transfers: list[Transfer], *codes: str) -> int:
    total = 0
    for t in transfers:
        if t.code in codes:
            total += t.posted_amount if t.posted_amount is not None else t.amount
    return total


def _name(user: User | None) -> str:
    return f"{user.display_name} <{user.email}>" if user else "Hirehall"


def receipt_for(group: TransferGroup, viewer: User) -> Receipt:
    legs = list(group.transfers.all())
    resolved = list(group.resolved_transfers.all())
    as_payer = group.payer_id == viewer.pk or (viewer.is_staff and group.payee_id != viewer.pk)
    receipt = Receipt(
        number=f"HH-{group.pk:08d}",
        title=group.get_kind_display(),
        issued_at=group.created_at,
        reference=group.reference,
        party_label="Paid to" if as_payer else "Paid by",
        party=_name(group.payee if as_payer else group.payer),
        kind=group.kind,
        group_id=group.pk,
    )
    C = Transfer.Code
    if group.kind == TransferGroup.Kind.DEPOSIT:
        amount = _sum(legs, C.DEPOSIT)
        receipt.party_label, receipt.party = "Account", _name(group.payer)
        receipt.lines = [Line("Added to wallet", amount)]
        receipt.total_label, receipt.total = "Charged to your card", amount
    elif group.kind == TransferGroup.Kind.ESCROW_FUND:
        held, fee = _sum(legs, C.ESCROW_HOLD), _sum(legs, C.ESCROW_FEE_HOLD)
        if as_payer:
            receipt.lines = [Line(f"Escrow for {group.reference}", held), Line("Marketplace fee (5%)", fee)]
            receipt.total_label, receipt.total = "Total charged", held + fee
            if _sum(legs, C.CARD_CHARGE):
                receipt.notes.append("Paid by card.")
            receipt.notes.append("Held in escrow until released; refunded with its fee if not.")
        else:
            receipt.lines = [Line(f"Funded in escrow for {group.reference}", held)]
            receipt.total_label, receipt.total = "In escrow", held
    elif group.kind in (TransferGroup.Kind.ESCROW_RELEASE, TransferGroup.Kind.BONUS):
        gross, market = group.gross_cents, _sum(legs, C.MARKETPLACE_FEE)
        service, net = _sum(legs, C.SERVICE_FEE), _sum(legs, C.EARNING)
        title = "Payment" if group.kind == TransferGroup.Kind.ESCROW_RELEASE else "Bonus"
        if as_payer:
            receipt.title = f"Invoice: {title.lower()}"
            receipt.lines = [Line(f"{title} for {group.reference}", gross), Line("Marketplace fee", market)]
            receipt.total_label, receipt.total = "Total", gross + market
            unreleased = sum(t.amount - (t.posted_amount or 0) for t in resolved if t.code == C.ESCROW_HOLD)
            if unreleased:
                receipt.notes.append(
                    f"{format_cents(unreleased)} of escrow returned to your wallet with its fee."
                )
        else:
            receipt.lines = [Line(f"{title} for {group.reference}", gross), Line("Service fee", -service)]
            receipt.total_label, receipt.total = "You receive", net
            hold = next((t.hold_until for t in legs if t.code == C.EARNING and t.hold_until), None)
            if hold:
                receipt.notes.append(
                    f"Available for withdrawal on {hold:%Y-%m-%d %H:%M} UTC (security hold)."
                )
    elif group.kind == TransferGroup.Kind.ESCROW_REFUND:
        held, fee = _sum(resolved, C.ESCROW_HOLD), _sum(resolved, C.ESCROW_FEE_HOLD)
        if as_payer:
            receipt.lines = [
                Line(f"Escrow refunded for {group.reference}", held),
                Line("Marketplace fee refunded", fee),
            ]
            receipt.total_label, receipt.total = "Returned to your wallet", held + fee
        else:
            receipt.lines = [Line(f"Escrow refunded to the client for {group.reference}", held)]
            receipt.total_label, receipt.total = "Refunded", held
    elif group.kind == TransferGroup.Kind.WITHDRAWAL:
        payout, fee = _sum(legs, C.WITHDRAWAL), _sum(legs, C.WITHDRAWAL_FEE)
        receipt.party_label, receipt.party = "Account", _name(group.payee)
        receipt.lines = [Line("Withdrawn from earnings", payout + fee), Line("Withdrawal fee", -fee)]
        receipt.total_label, receipt.total = "Sent to you", payout
        status = {t.status for t in legs}
        receipt.notes.append(
            "Paid out."
            if status == {"posted"}
            else "Failed; returned to your earnings."
            if status == {"voided"}
            else "Processing."
        )
    return receipt


def _latin1(text: str) -> str:
    # The core PDF fonts are Latin-1; replace what they cannot draw instead of failing.
    return text.replace("•", "*").replace("—", "-").encode("latin-1", "replace").decode("latin-1")


def receipt_pdf(receipt: Receipt) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(f"Hirehall receipt {receipt.number}")
    pdf.set_creator("Hirehall")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 12, "Hirehall", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(0, 8, _latin1(f"{receipt.title}  ·  {receipt.number}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, f"Date: {receipt.issued_at:%Y-%m-%d %H:%M} UTC", new_x="LMARGIN", new_y="NEXT")
    if receipt.reference:
        pdf.cell(0, 8, _latin1(f"Reference: {receipt.reference}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, _latin1(f"{receipt.party_label}: {receipt.party}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for line in receipt.lines:
        pdf.cell(130, 8, _latin1(line.label))
        pdf.cell(50, 8, format_cents(line.cents), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(130, 10, _latin1(receipt.total_label))
    pdf.cell(
        50, 10, f"{format_cents(receipt.total)} {receipt.currency}", align="R", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 10)
    for note in receipt.notes:
        pdf.multi_cell(0, 6, _latin1(note), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
