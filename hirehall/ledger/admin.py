"""Read-only admin: staff can look at the ledger; only `ledger.services` may change it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hirehall.ledger.models import Account, BillingRelationship, FeeSchedule, FeeTier, Transfer, TransferGroup


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = [
        "key",
        "kind",
        "owner",
        "debits_pending",
        "debits_posted",
        "credits_pending",
        "credits_posted",
    ]
    list_filter = ["kind", "currency"]
    search_fields = ["key", "owner__email", "reference"]


@admin.register(TransferGroup)
class TransferGroupAdmin(ReadOnlyAdmin):
    list_display = ["key", "kind", "reference", "payer", "payee", "gross_cents", "created_at"]
    list_filter = ["kind"]
    search_fields = ["key", "reference"]


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["key", "code", "debit_account", "credit_account", "amount", "posted_amount", "status"]
    list_filter = ["code", "status"]
    search_fields = ["key", "reference"]


@admin.register(BillingRelationship)
class BillingRelationshipAdmin(ReadOnlyAdmin):
    list_display = ["client", "freelancer", "billed_cents"]


class FeeTierInline(admin.TabularInline):
    model = FeeTier
    extra = 0


@admin.register(FeeSchedule)
class FeeScheduleAdmin(admin.ModelAdmin):
    """Operators add new versions with a future effective date; past versions stay as they were."""

    list_display = ["version", "effective_from", "marketplace_fee_bps", "security_hold_days"]
    inlines = [FeeTierInline]
