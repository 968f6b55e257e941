"""The numbers and calendar of DESIGN §7–8, in one place.

Defaults; an operator overrides them with the `HIREHALL_CONTRACTS` setting (a dict of the same names).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings


@dataclass(frozen=True)
class Policy:
    auto_approve_days: int = 14
    reminder_days_before: int = 3
    refund_answer_days: int = 7
    hourly_dispute_answer_days: int = 3
    fixed_dispute_answer_business_days: int = 5
    mediation_days: int = 30
    segment_minutes: int = 10
    max_screenshot_bytes: int = 2 * 1024 * 1024
    max_memo_chars: int = 300
    max_counts_per_minute: int = 10_000
    max_manual_hours: int = 24
    max_files_per_submission: int = 10


def policy() -> Policy:
    overrides = getattr(settings, "HIREHALL_CONTRACTS", {})
    known = {f.name for f in fields(Policy)}
    return Policy(**{k: v for k, v in overrides.items() if k in known})


# --- the hourly week (DESIGN §8): Monday 00:00 – Sunday 23:59:59 UTC -----------------------------
def week_start_of(instant: datetime) -> date:
    day = instant.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def _at(day: date, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=UTC)


def week_begins(week_start: date) -> datetime:
    return _at(week_start)


def invoice_at(week_start: date) -> datetime:
    """Monday 12:00 after the week; the freelancer may edit the week until then."""
    return _at(week_start + timedelta(days=7), 12)


def review_until(week_start: date) -> datetime:
    """Friday 23:59:59 of the invoicing week: the client's review and dispute window."""
    return _at(week_start + timedelta(days=11), 23, 59, 59)


def hourly_available_at(week_start: date) -> datetime:
    """The Wednesday 10 days after the week ended (Sunday + 10 days), at 00:00."""
    return _at(week_start + timedelta(days=16))


def next_monday(instant: datetime) -> date:
    return week_start_of(instant) + timedelta(days=7)


def add_business_days(instant: datetime, days: int) -> datetime:
    """`days` working days later at the same time of day (Saturdays and Sundays do not count)."""
    result = instant
    while days > 0:
        result += timedelta(days=1)
        if result.weekday() < 5:
            days -= 1
    return result
