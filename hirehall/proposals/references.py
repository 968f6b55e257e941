"""What "offer:7:m1" (the first milestone funded with an offer) means to people.

Registered in apps.ready. Once the offer is accepted the contract's first milestone carries the same
escrow reference, so the contract's words win; before that, the offer's own.
"""

from __future__ import annotations

from hirehall.contracts.references import first_milestones
from hirehall.ledger.references import register_describer
from hirehall.proposals.models import OfferMilestone


def offers(references: list[str]) -> dict[str, str]:
    labels = first_milestones(references)
    missing = [r for r in references if r not in labels]
    if missing:
        by_ref: dict[int, str] = {}
        for ref in missing:
            offer_id = ref.split(":")[1] if ref.count(":") >= 1 else ""
            if offer_id.isascii() and offer_id.isdigit():
                by_ref[int(offer_id)] = ref
        rows = OfferMilestone.objects.filter(offer_id__in=by_ref, position=1).select_related("offer")
        for m in rows.only("description", "offer_id", "offer__title"):
            labels[by_ref[m.offer_id]] = f"'{m.description}' — {m.offer.title}"
    return labels


def register() -> None:
    register_describer("offer", offers)
