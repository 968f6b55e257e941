"""Error codes of the outgoing webhooks. Registered at import time (WebhooksConfig.ready)."""

from __future__ import annotations

from hirehall.core.errors import register_codes

register_codes(
    {
        "webhook_url_refused": (422, "This address cannot receive webhooks"),
        "unknown_event_type": (422, "Unknown event type"),
        "too_many_endpoints": (409, "Too many webhook endpoints"),
    }
)
