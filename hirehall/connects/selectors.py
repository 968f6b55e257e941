"""Reads: balance, history, upcoming expiries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet, Sum

from hirehall.accounts.models import User
from hirehall.connects import policy
from hirehall.connects.models import ConnectsAccount, ConnectsEntry, ConnectsLot
from hirehall.core.clock import now as clock_now


def connects_balance(user: User, now: datetime | None = None) -> int:
    now = now or clock_now()
    total = ConnectsLot.objects.filter(user=user, expired_at__isnull=True, expires_at__gt=now).aggregate(
        n=Sum("remaining")
    )["n"]
    return int(total or 0)


def connects_history(user: User) -> QuerySet[ConnectsEntry]:
    return ConnectsEntry.objects.filter(user=user).order_by("-id")


def connects_expiring(user: User, now: datetime | None = None) -> list[ConnectsLot]:
    """Lots with Connects left that expire in the next 30 days, soonest first."""
    now = now or clock_now()
    return list(
        ConnectsLot.objects.filter(
            user=user,
            expired_at__isnull=True,
            remaining__gt=0,
            expires_at__gt=now,
            expires_at__lte=now + policy.UPCOMING_EXPIRY_WINDOW,
        ).order_by("expires_at", "id")
    )


@dataclass(frozen=True)
class ConnectsSummary:
    balance: int
    plan: str
    next_cycle_at: datetime | None
    plus_cancelled: bool
    expiring: list[ConnectsLot]


def connects_summary(user: User) -> ConnectsSummary:
    now = clock_now()
    account = ConnectsAccount.objects.filter(user=user).first()
    return ConnectsSummary(
        balance=connects_balance(user, now),
        plan=account.plan if account else "basic",
        next_cycle_at=account.next_cycle_at if account else None,
        plus_cancelled=bool(account and account.plus_cancelled_at),
        expiring=connects_expiring(user, now),
    )
