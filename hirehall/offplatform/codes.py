"""The detector's reasons as the public warning codes (`POST /api/v1/moderation/check` `reasons`, the
`warnings` of message, proposal and job writes, stored flags). One mapping for every app: it lives
here, below jobs, proposals and messaging, so they and moderation share it (layer order).

A personal link (LinkedIn, Calendly, meeting links) and a request to talk elsewhere are reported as
`messenger`: to the sender they are the same advice (keep the conversation on Hirehall).
"""

from __future__ import annotations

from collections.abc import Iterable

from .detector import check

REASON_CODES = {
    "email": "email",
    "phone": "phone",
    "messenger": "messenger",
    "link": "messenger",
    "off_platform_contact": "messenger",
    "payment_handle": "payment_handle",
    "off_platform_payment": "off_platform_payment",
}
CODES = ("email", "phone", "messenger", "payment_handle", "off_platform_payment")


def reason_codes(detector_reasons: Iterable[str]) -> list[str]:
    """Detector reasons → warning codes, each once, in the order of `CODES`."""
    found = {REASON_CODES[r] for r in detector_reasons if r in REASON_CODES}
    return [code for code in CODES if code in found]


def warnings(text: str, *, share_contract: bool = False) -> list[str]:
    """What a write returns as `warnings` ([] = nothing flagged; always [] between contract partners)."""
    result = check(text, share_contract=share_contract)
    return reason_codes(result.reasons) if result.flagged else []
