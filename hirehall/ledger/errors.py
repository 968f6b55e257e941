"""Error codes the ledger raises. Registered at import time (LedgerConfig.ready)."""

from __future__ import annotations

from hirehall.core.errors import register_codes

register_codes(
    {
        "insufficient_funds": (409, "Insufficient funds"),
        "already_resolved": (409, "This pending transfer was already posted or voided"),
        "escrow_not_funded": (409, "Nothing is held in escrow for this reference"),
        "escrow_already_funded": (409, "Escrow for this reference is already funded"),
    }
)
