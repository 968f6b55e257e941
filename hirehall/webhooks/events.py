"""The catalogue of event types an endpoint can subscribe to (a public contract: only add)."""

from __future__ import annotations

EVENT_TYPES: dict[str, str] = {
    "job.posted": "A job of yours was posted (opened to proposals)",
    "proposal.received": "A freelancer sent a proposal to your job",
    "offer.accepted": "An offer was accepted and the contract started",
    "milestone.funded": "A milestone was funded (money in escrow)",
    "milestone.submitted": "Work was submitted for a milestone",
    "milestone.approved": "A milestone was approved (by the client or automatically)",
    "invoice.issued": "A weekly hourly invoice was issued",
    "payment.released": "Money was released to the freelancer (milestone or invoice)",
    "dispute.opened": "A dispute was opened",
    "dispute.decided": "A dispute was decided (agreed, or decided by staff)",
}

# ContractEvent.kind (hirehall/contracts/services) -> the event types it stands for.
CONTRACT_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "milestone_funded": ("milestone.funded",),
    "work_submitted": ("milestone.submitted",),
    "milestone_approved": ("milestone.approved", "payment.released"),
    "milestone_auto_approved": ("milestone.approved", "payment.released"),
    "invoiced": ("invoice.issued",),
    "invoice_paid": ("payment.released",),
    "dispute_opened": ("dispute.opened",),
    "dispute_resolved": ("dispute.decided",),
}
