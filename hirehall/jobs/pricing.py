"""The Connects cost card (DESIGN §3): projected value → 4, 6 or 8 Connects."""

from __future__ import annotations

HOURS_PER_WEEK = {"as_needed": 10, "lt30": 20, "gt30": 40}
WEEKS = {"lt1": 4, "1to3": 13, "3to6": 26, "gt6": 39}
LOW_CENTS = 500_00
HIGH_CENTS = 5_000_00


def projected_value_cents(
    *,
    budget_type: str,
    fixed_cents: int | None,
    hourly_min_cents: int | None,
    hourly_max_cents: int | None,
    workload: str,
    length: str,
) -> int:
    if budget_type == "fixed":
        return fixed_cents or 0
    low = hourly_min_cents or hourly_max_cents or 0
    high = hourly_max_cents or low
    # Midpoint in cents, kept exact by doubling before the halving at the end.
    return (low + high) * HOURS_PER_WEEK[workload] * WEEKS[length] // 2


def connects_for_value(value_cents: int) -> int:
    """< $500 → 4; $500–$5,000 (both ends included) → 6; > $5,000 → 8."""
    if value_cents < LOW_CENTS:
        return 4
    if value_cents <= HIGH_CENTS:
        return 6
    return 8
