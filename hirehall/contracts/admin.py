"""Staff work disputes, protection claims and identity verification here; actions call services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from hirehall.accounts.models import User
from hirehall.contracts.models import (
    Contract,
    ContractEvent,
    ContractFile,
    ContractMilestone,
    Dispute,
    DisputeMessage,
    IdentityVerification,
    Invoice,
    ProtectionClaim,
    RefundRequest,
)
from hirehall.contracts.services import identity_set_verified
from hirehall.contracts.services.disputes import fixed_dispute_decide, hourly_dispute_decide
from hirehall.core.errors import DomainError


def _staff(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - the admin only lets staff users in
    return request.user


class MilestoneInline(admin.TabularInline):
    model = ContractMilestone
    extra = 0
    can_delete = False
    fields = (
        "position",
        "description",
        "amount_cents",
        "status",
        "paid_cents",
        "auto_approve_at",
        "escrow_reference",
    )
    readonly_fields = fields


class EventInline(admin.TabularInline):
    model = ContractEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "text", "actor", "amount_cents")
    readonly_fields = fields


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "kind", "status", "client", "freelancer", "started_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "client__email", "freelancer__email")
    raw_id_fields = ("offer", "job", "client", "freelancer", "paused_by", "ended_by")
    inlines = [MilestoneInline, EventInline]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # contracts change only through their services


# Both parties read the decision's reason on their case file: staff write it before deciding.
NO_REASON = "Write the decision's reason (both parties read it) first."


class MessageInline(admin.TabularInline):
    model = DisputeMessage
    extra = 0
    can_delete = False
    fields = ("created_at", "author", "body")
    readonly_fields = ("created_at", "author")


class EvidenceInline(admin.TabularInline):
    model = ContractFile
    fk_name = "dispute"
    extra = 0
    can_delete = False
    fields = ("original_name", "uploaded_by", "content_type", "size", "created_at")
    readonly_fields = fields


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "kind",
        "status",
        "contract",
        "amount_cents",
        "respond_by",
        "mediation_until",
        "mediation_overdue",
    )
    list_filter = ("status", "kind", "mediation_overdue")
    ordering = ("-mediation_overdue", "respond_by")
    readonly_fields = (
        "contract",
        "kind",
        "status",
        "opened_by",
        "reason",
        "invoice",
        "amount_cents",
        "opened_at",
        "respond_by",
        "responded_at",
        "response",
        "mediation_until",
        "mediation_overdue",
        "freelancer_cents",
        "client_cents",
        "outcome",
        "decided_by",
        "resolved_at",
    )
    fields = (*readonly_fields, "proposed_freelancer_cents", "decision_reason")
    exclude = ("segments",)
    inlines = [MessageInline, EvidenceInline]
    actions = ["decide_hourly", "post_fixed_split"]

    @admin.action(description="Hourly: pay protected disputed time, refund the rest")
    def decide_hourly(self, request: HttpRequest, queryset: QuerySet[Dispute]) -> None:
        for dispute in queryset:
            if not dispute.decision_reason.strip():
                self.message_user(request, f"Dispute {dispute.pk}: {NO_REASON}", messages.ERROR)
                continue
            try:
                hourly_dispute_decide(actor=_staff(request), dispute=dispute)
                self.message_user(request, f"Dispute {dispute.pk} decided.")
            except DomainError as exc:
                self.message_user(request, f"Dispute {dispute.pk}: {exc.detail}", messages.ERROR)

    @admin.action(description="Fixed price: post the proposed split (cents to the freelancer)")
    def post_fixed_split(self, request: HttpRequest, queryset: QuerySet[Dispute]) -> None:
        for dispute in queryset:
            if dispute.proposed_freelancer_cents is None or not dispute.decision_reason.strip():
                self.message_user(
                    request,
                    f"Dispute {dispute.pk}: set the proposed split first. {NO_REASON}",
                    messages.ERROR,
                )
                continue
            try:
                fixed_dispute_decide(
                    actor=_staff(request), dispute=dispute, freelancer_cents=dispute.proposed_freelancer_cents
                )
                self.message_user(request, f"Dispute {dispute.pk}: split posted.")
            except DomainError as exc:
                self.message_user(request, f"Dispute {dispute.pk}: {exc.detail}", messages.ERROR)


@admin.register(IdentityVerification)
class IdentityVerificationAdmin(admin.ModelAdmin):
    list_display = ("user", "identity_verified", "verified_by", "verified_at")
    list_filter = ("identity_verified",)
    raw_id_fields = ("user",)
    readonly_fields = ("verified_by", "verified_at")
    actions = ["mark_verified", "mark_unverified"]

    def save_model(self, request: HttpRequest, obj: IdentityVerification, form: object, change: bool) -> None:
        identity_set_verified(
            actor=_staff(request), user=obj.user, verified=obj.identity_verified, note=obj.note
        )

    @admin.action(description="Mark identity verified")
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[IdentityVerification]) -> None:
        for row in queryset.select_related("user"):
            identity_set_verified(actor=_staff(request), user=row.user, verified=True, note=row.note)

    @admin.action(description="Mark identity not verified")
    def mark_unverified(self, request: HttpRequest, queryset: QuerySet[IdentityVerification]) -> None:
        for row in queryset.select_related("user"):
            identity_set_verified(actor=_staff(request), user=row.user, verified=False, note=row.note)


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "contract",
        "week_start",
        "status",
        "amount_cents",
        "billable_minutes",
        "protected_minutes",
    )
    list_filter = ("status",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ProtectionClaim)
class ProtectionClaimAdmin(admin.ModelAdmin):
    list_display = ("id", "invoice", "status", "failure_code", "protected_cents", "paid_cents", "decide_at")
    list_filter = ("status",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(RefundRequest)
class RefundRequestAdmin(admin.ModelAdmin):
    list_display = ("id", "contract", "status", "amount_cents", "respond_by")
    list_filter = ("status",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
