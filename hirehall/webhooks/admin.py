from typing import Any

from django.contrib import admin

from hirehall.core.clock import now
from hirehall.webhooks import ssrf
from hirehall.webhooks.models import WebhookDelivery, WebhookEndpoint
from hirehall.webhooks.services import new_secret


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("id", "owner", "url", "is_operator", "is_active", "consecutive_failures", "created_at")
    list_filter = ("is_operator", "is_active")
    search_fields = ("url", "owner__email")
    raw_id_fields = ("owner",)
    readonly_fields = ("secret", "consecutive_failures", "disabled_at", "disabled_reason", "created_at")

    def save_model(self, request: Any, obj: WebhookEndpoint, form: Any, change: bool) -> None:
        # Operator endpoints are made here by staff: the URL is checked like the API's (SSRF).
        ssrf.resolve(obj.url)
        if not obj.secret:
            obj.secret = new_secret()
        if obj.created_at is None:
            obj.created_at = now()
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "endpoint", "event_type", "status", "attempts", "response_code", "next_attempt_at")
    list_filter = ("status", "event_type")
    raw_id_fields = ("endpoint",)
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
