"""Row locks of Connects (docs/money.md, "Lock order"): a freelancer's ConnectsAccount row first, then
their lots. Every path that changes lots holds the account row, so the lots' own order (FIFO to spend,
newest first to refund) cannot deadlock."""

from __future__ import annotations

from django.db.models import QuerySet

from hirehall.connects.models import ConnectsAccount, ConnectsLot


def connects_accounts_qs_select_for_update(*, skip_locked: bool = False) -> QuerySet[ConnectsAccount]:
    return ConnectsAccount.objects.order_by("pk").select_for_update(skip_locked=skip_locked, of=("self",))


def connects_lots_qs_select_for_update() -> QuerySet[ConnectsLot]:
    """Oldest to expire first (the spending order), then pk; callers may re-order for refunds."""
    return ConnectsLot.objects.order_by("expires_at", "pk").select_for_update(of=("self",))
