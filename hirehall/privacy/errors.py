"""Error codes of data export and account deletion. Registered at import time (PrivacyConfig.ready)."""

from __future__ import annotations

from hirehall.core.errors import register_codes

register_codes(
    {
        "account_deletion_blocked": (409, "The account cannot be deleted yet"),
        "export_not_ready": (409, "The export is not ready"),
    }
)
