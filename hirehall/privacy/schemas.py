"""The data-export API's output shape."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from ninja import Schema

from hirehall.core.schemas import IdStr
from hirehall.privacy.models import DataExport, ExportStatus


class DataExportOut(Schema):
    id: IdStr
    status: str
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None
    size: int
    download_url: str | None

    @staticmethod
    def resolve_download_url(export: DataExport) -> str | None:
        if export.status != ExportStatus.READY:
            return None
        return reverse("api:privacy_export_download", kwargs={"export_id": export.pk})
