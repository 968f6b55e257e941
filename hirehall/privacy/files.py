"""How a ready export leaves the server: through core's one private-file policy, owner only."""

from __future__ import annotations

from django.http import FileResponse
from django.utils import translation

from hirehall.core.errors import DomainError
from hirehall.core.files import serve_private_file
from hirehall.privacy.models import DataExport, ExportStatus


def export_response(export: DataExport) -> FileResponse:
    """`export` came from `selectors.export_get_for` (the caller's own)."""
    if export.status != ExportStatus.READY:
        with translation.override(None):  # an API detail: English whatever the page's language
            status = export.get_status_display().lower()
        raise DomainError("export_not_ready", f"The export is {status}.")
    day = export.created_at.date().isoformat()
    return serve_private_file(
        export.path, content_type="application/zip", filename=f"hirehall-data-{day}.zip"
    )
