"""Error codes for payment-provider outcomes. Registered at import time (PaymentsConfig.ready)."""

from __future__ import annotations

from hirehall.core.errors import register_codes

register_codes(
    {
        "card_declined": (402, "The card was declined"),
        "card_insufficient_funds": (402, "The card has insufficient funds"),
        "payout_failed": (402, "The payout was refused by the destination bank"),
        "invalid_card": (422, "Not a valid card"),
        # The provider did not answer: the operation stays pending and is finished by a retry with
        # the same key or by the payments sweep, never charged twice.
        "provider_unavailable": (503, "The payment provider did not answer; retry with the same key"),
    }
)
