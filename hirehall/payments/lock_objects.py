"""Payments' row locks (docs/money.md: the one lock order across apps)."""

from __future__ import annotations

from django.db.models import QuerySet

from hirehall.payments.models import Deposit, Withdrawal


def deposits_qs_select_for_update() -> QuerySet[Deposit]:
    return Deposit.objects.order_by("pk").select_for_update(of=("self",))


def withdrawals_qs_select_for_update() -> QuerySet[Withdrawal]:
    return Withdrawal.objects.order_by("pk").select_for_update(of=("self",))
