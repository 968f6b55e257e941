"""Error codes for payment-provider outcomes. Registered at import time (PaymentsConfig.ready)."""

from __future__ import annotations

from hirehall.core.errors import register_codes

register_codes(
    {
        "card_declined": (402, "The card was declined"),
        "card_insufficient_funds": (402, "The card has insufficient funds"),
        "payout_failed": (402, "The payout was refused by the destination bank"),
        "invalid_card": (422, "Not a valid card"),
    }
)
