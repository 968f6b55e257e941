"""Read-only admin: these rows record what the provider was asked and answered; services write them."""

from __future__ import annotations

from django.contrib import admin

from hirehall.ledger.admin import ReadOnlyAdmin
from hirehall.payments.models import CardCharge, Deposit, PaymentMethod, Withdrawal


@admin.register(PaymentMethod)
class PaymentMethodAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "brand", "last4", "created_at", "removed_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "last4"]
    exclude = ["provider_token"]


@admin.register(Deposit)
class DepositAdmin(ReadOnlyAdmin):
    list_display = ["user", "amount_cents", "status", "failure_code", "created_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "provider_ref"]


@admin.register(Withdrawal)
class WithdrawalAdmin(ReadOnlyAdmin):
    list_display = ["user", "rail", "amount_cents", "fee_cents", "status", "created_at"]
    list_filter = ["status", "rail"]
    search_fields = ["user__email", "provider_ref"]


@admin.register(CardCharge)
class CardChargeAdmin(ReadOnlyAdmin):
    list_display = ["key", "user", "amount_cents", "status", "failure_code", "created_at"]
    list_filter = ["status"]
    search_fields = ["key", "user__email", "provider_ref"]
