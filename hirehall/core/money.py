"""Money is integer cents. These helpers only format and parse; they never compute fees.

Formatting has one policy for a missing amount (`None`): people see "—" (`NO_AMOUNT`), the API
sends `null`. Templates use the `money` library in core (`{% load money %}`, `{{ x|cents }}`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import overload

from hirehall.core.errors import DomainError

CURRENCY = "USD"
# Far above any real payment; keeps cents inside a 64-bit integer column.
MAX_AMOUNT = Decimal(10) ** 12
NO_AMOUNT = "—"


@overload
def cents_to_decimal_str(cents: int) -> str: ...
@overload
def cents_to_decimal_str(cents: None) -> None: ...
@overload
def cents_to_decimal_str(cents: int | None) -> str | None: ...
def cents_to_decimal_str(cents: int | None) -> str | None:
    """600_00 -> "600.00" (the API's money representation); None stays None (JSON null)."""
    if cents is None:
        return None
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d}"


def format_cents(cents: int | None, currency: str = CURRENCY) -> str:
    """600_00 -> "$600.00", 1234567 -> "$12,345.67", None -> "—" (for people)."""
    if cents is None:
        return NO_AMOUNT
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(int(cents)), 100)
    symbol = "$" if currency == "USD" else f"{currency} "
    return f"{sign}{symbol}{whole:,}.{frac:02d}"


def format_bps(bps: int) -> str:
    """Basis points as a percentage: 2000 -> "20%", 250 -> "2.5%", 1 -> "0.01%"."""
    whole, rest = divmod(int(bps), 100)
    return f"{whole}%" if not rest else f"{whole}.{rest:02d}".rstrip("0") + "%"


def parse_money(value: str | int | Decimal, *, field: str = "amount") -> int:
    """ "600.00" / "600" / Decimal("600.5") -> cents. More than 2 decimals is refused, not rounded."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError("validation_error", f"{field} must be a decimal amount like 600.00") from None
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
        raise DomainError("validation_error", f"{field} must be a finite amount below {MAX_AMOUNT:,}")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise DomainError("validation_error", f"{field} has more than two decimal places")
    return int(cents.quantize(Decimal(1), rounding=ROUND_HALF_UP))
