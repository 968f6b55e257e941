"""The numbers of DESIGN §3, in one place."""

from __future__ import annotations

from datetime import datetime, timedelta

SIGNUP_GRANT = 40
MONTHLY_GRANT = 10
PLUS_MONTHLY_GRANT = 80
PLUS_PRICE_CENTS = 14_99
PRICE_PER_CONNECT_CENTS = 15
BUNDLES = (10, 20, 40, 60, 80)
LOT_LIFETIME = timedelta(days=365)
UPCOMING_EXPIRY_WINDOW = timedelta(days=30)


def add_month(instant: datetime, billing_day: int) -> datetime:
    """The same time of day on `billing_day` of the next month (billing days stop at 28)."""
    year, month = (instant.year + 1, 1) if instant.month == 12 else (instant.year, instant.month + 1)
    return instant.replace(year=year, month=month, day=billing_day)
