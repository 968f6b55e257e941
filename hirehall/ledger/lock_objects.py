"""Row locks of the ledger, pk-ordered (docs/money.md, "Lock order").

Within the ledger: claim the group's key (INSERT), then accounts, then pending transfers, then the
billing relationship. Across apps the ledger comes last: a use-case locks its own rows (job, offer,
proposal, contract, milestone, Connects account) first, then calls the ledger.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hirehall.ledger.models import Account, BillingRelationship, Transfer


def accounts_qs_select_for_update() -> QuerySet[Account]:
    return Account.objects.order_by("pk").select_for_update()


def transfers_qs_select_for_update() -> QuerySet[Transfer]:
    return Transfer.objects.order_by("pk").select_for_update()


def billing_relationships_qs_select_for_update() -> QuerySet[BillingRelationship]:
    return BillingRelationship.objects.order_by("pk").select_for_update()
