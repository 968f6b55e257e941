"""The one upper bound on amounts of money (docs/money.md, "Largest amount").

`settings.HIREHALL_MAX_AMOUNT_CENTS` ($1,000,000.00 unless the operator sets HIREHALL_MAX_AMOUNT).
Input parsers refuse larger amounts; the services check again (defense in depth: tasks, the admin
and other services call them without a parser), so no amount can overflow a column or a sum.
"""

from __future__ import annotations

from django.conf import settings

from hirehall.core.errors import DomainError
from hirehall.core.money import format_cents

DEFAULT_MAX_AMOUNT_CENTS = 100_000_000


def max_amount_cents() -> int:
    return int(getattr(settings, "HIREHALL_MAX_AMOUNT_CENTS", DEFAULT_MAX_AMOUNT_CENTS))


def check_amount_max(cents: int | None, what: str = "amount") -> None:
    """Refuse (422 `amount_too_large`) an amount above the maximum. None (no amount) passes."""
    maximum = max_amount_cents()
    if cents is not None and cents > maximum:
        raise DomainError(
            "amount_too_large",
            f"The {what} is at most {format_cents(maximum, locale='en')}.",
            maximum=f"{maximum // 100}.{maximum % 100:02d}",
        )
