"""The one source of "now". Tests move it with time-machine; sweeps receive it as an argument."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime


def now() -> datetime:
    return timezone.now()


def parse_instant(value: str) -> datetime:
    """ISO 8601 -> aware UTC datetime; naive input is taken as UTC (all Hirehall times are UTC)."""
    parsed = parse_datetime(value.strip().replace("Z", "+00:00"))
    if parsed is None:
        raise ValueError(f"not an ISO 8601 date-time: {value!r}")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed.astimezone(UTC)
