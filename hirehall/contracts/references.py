"""What the contracts app's ledger references mean to people (registered in apps.ready).

"milestone:5" → "'Payments and tests' — Booking app", "invoice:3" → "Week of 2 Mar 2026 — Booking app",
"contract:4" (bonuses) → "Booking app". One query per prefix, whatever the number of references.
"""

from __future__ import annotations

from hirehall.contracts.models import Contract, ContractMilestone, Invoice
from hirehall.ledger.references import ids_after, register_describer


def _milestone_label(m: ContractMilestone) -> str:
    return f"'{m.description}' — {m.contract.title}"


def _week_label(invoice: Invoice) -> str:
    return f"Week of {invoice.week_start:%-d %b %Y} — {invoice.contract.title}"


def milestones(references: list[str]) -> dict[str, str]:
    ids = ids_after("milestone", references)
    rows = (
        ContractMilestone.objects.filter(pk__in=ids)
        .select_related("contract")
        .only("description", "contract__title")
    )
    return {ids[m.pk]: _milestone_label(m) for m in rows}


def first_milestones(references: list[str]) -> dict[str, str]:
    """ "offer:7:m1": the first milestone funded with the offer; once accepted, the contract's."""
    rows = ContractMilestone.objects.filter(escrow_reference__in=references).select_related("contract")
    return {
        m.escrow_reference: _milestone_label(m)
        for m in rows.only("escrow_reference", "description", "contract__title")
    }


def invoices(references: list[str]) -> dict[str, str]:
    ids = ids_after("invoice", references)
    rows = Invoice.objects.filter(pk__in=ids).select_related("contract").only("week_start", "contract__title")
    return {ids[i.pk]: _week_label(i) for i in rows}


def protections(references: list[str]) -> dict[str, str]:
    ids = ids_after("protection", references)
    rows = Invoice.objects.filter(pk__in=ids).select_related("contract").only("week_start", "contract__title")
    return {ids[i.pk]: f"Protected time, {_week_label(i)}" for i in rows}


def contracts(references: list[str]) -> dict[str, str]:
    ids = ids_after("contract", references)
    return {ids[c.pk]: c.title for c in Contract.objects.filter(pk__in=ids).only("title")}


def register() -> None:
    register_describer("milestone", milestones)
    register_describer("invoice", invoices)
    register_describer("protection", protections)
    register_describer("contract", contracts)
