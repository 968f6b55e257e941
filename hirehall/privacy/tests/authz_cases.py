"""Authorization matrix rows for the data export and account deletion routes."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hirehall.core.clock import now
from hirehall.core.tests.authz import Case, World
from hirehall.privacy.models import DataExport

SIGNED_IN = {"anon": 302, "other": 200, "owner": 200, "staff": 200}
SIGNED_IN_ACTION = {"anon": 302, "other": 302, "owner": 302, "staff": 302}
OWNER_FILE = {"anon": 302, "other": 404, "owner": 200, "staff": 404}
API_ACCEPTED = {"anon": 401, "other": 202, "owner": 202, "staff": 202}
API_OWNER = {"anon": 401, "other": 404, "owner": 200, "staff": 404}
# Deleting needs the password and the typed confirmation: an empty form is refused (422), never a 404.
DELETE_FORM = {"anon": 302, "other": 422, "owner": 422, "staff": 422}


def export(w: World) -> DataExport:
    def make() -> Any:
        path = default_storage.save("exports/authz/test.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))
        at = now()
        return DataExport.objects.create(
            user=w.owner, status="ready", path=path, size=22, created_at=at, expires_at=at
        )

    if "privacy_export" not in w.objects:
        w.objects["privacy_export"] = make()
    return w.objects["privacy_export"]


CASES = [
    Case("GET", "/settings/data/", SIGNED_IN),
    Case("POST", "/settings/data/export/", SIGNED_IN_ACTION),
    Case(
        "GET",
        "/settings/data/exports/<int:pk>/download/",
        OWNER_FILE,
        url=lambda w: f"/settings/data/exports/{export(w).pk}/download/",
    ),
    Case("POST", "/settings/data/delete/", DELETE_FORM),
    Case("POST", "/api/v1/me/exports", API_ACCEPTED),
    Case(
        "GET", "/api/v1/me/exports/{export_id}", API_OWNER, url=lambda w: f"/api/v1/me/exports/{export(w).pk}"
    ),
    Case(
        "GET",
        "/api/v1/me/exports/{export_id}/download",
        API_OWNER,
        url=lambda w: f"/api/v1/me/exports/{export(w).pk}/download",
    ),
]
