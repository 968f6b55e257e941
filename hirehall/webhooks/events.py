"""The catalogue of event types an endpoint can subscribe to (a public contract: only add)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

# Descriptions in English (the catalogue is public); the pages translate them.
EVENT_TYPES: dict[str, str] = {
    "job.posted": gettext_noop("A job of yours was posted (opened to proposals)"),
    "proposal.received": gettext_noop("A freelancer sent a proposal to your job"),
    "offer.accepted": gettext_noop("An offer was accepted and the contract started"),
    "milestone.funded": gettext_noop("A milestone was funded (money in escrow)"),
    "milestone.submitted": gettext_noop("Work was submitted for a milestone"),
    "milestone.approved": gettext_noop("A milestone was approved (by the client or automatically)"),
    "invoice.issued": gettext_noop("A weekly hourly invoice was issued"),
    "payment.released": gettext_noop("Money was released to the freelancer (milestone or invoice)"),
    "dispute.opened": gettext_noop("A dispute was opened"),
    "dispute.decided": gettext_noop("A dispute was decided (agreed, or decided by staff)"),
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
