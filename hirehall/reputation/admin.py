"""Staff views of reputation; Expert-Vetted is granted here (through the service)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hirehall.reputation.models import (
    BadgeEvaluation,
    ExpertVetting,
    Feedback,
    FeedbackWindow,
    FreelancerReputation,
    LargeContractThreshold,
)
from hirehall.reputation.services import expert_vetting_set


@admin.register(ExpertVetting)
class ExpertVettingAdmin(admin.ModelAdmin):
    list_display = ("user", "active", "granted_by", "granted_at")
    fields = ("user", "active", "note")
    raw_id_fields = ("user",)

    def save_model(self, request: HttpRequest, obj: ExpertVetting, form: Any, change: bool) -> None:
        # The badge changes at once; the service records who granted it and when.
        expert_vetting_set(actor=request.user, user=obj.user, active=obj.active, note=obj.note)  # type: ignore[arg-type]


@admin.register(LargeContractThreshold)
class LargeContractThresholdAdmin(admin.ModelAdmin):
    list_display = ("category", "amount_cents")


@admin.register(FreelancerReputation)
class FreelancerReputationAdmin(admin.ModelAdmin):
    list_display = ("user", "jss", "rating", "reviews", "badges", "computed_at")
    readonly_fields = [f.name for f in FreelancerReputation._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(BadgeEvaluation)
class BadgeEvaluationAdmin(admin.ModelAdmin):
    list_display = ("user", "week_start", "top_rated_eligible", "badges")
    readonly_fields = [f.name for f in BadgeEvaluation._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(FeedbackWindow)
class FeedbackWindowAdmin(admin.ModelAdmin):
    list_display = ("contract", "period", "opens_at", "closes_at", "revealed_at")
    readonly_fields = [f.name for f in FeedbackWindow._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("contract", "side", "author", "subject", "score", "created_at")
    readonly_fields = [f.name for f in Feedback._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
