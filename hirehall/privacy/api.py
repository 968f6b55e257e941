"""Your data: ask for an export (a ZIP built in the background), read its status, download it."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from ninja import Router, Status

from hirehall.core.api import problems
from hirehall.core.schemas import Id
from hirehall.core.web import request_user
from hirehall.privacy import selectors, services
from hirehall.privacy.files import export_response
from hirehall.privacy.schemas import DataExportOut

router = Router(tags=["privacy"])


@router.post(
    "/me/exports",
    response={202: DataExportOut, **problems(401)},
    summary="Ask for a ZIP of your data (built in the background; poll the export for its status)",
)
def create_export(request: HttpRequest) -> Status:
    export = services.export_request(actor=request_user(request))
    export.refresh_from_db()  # the embedded default builds it at once, after commit
    return Status(202, export)


@router.get(
    "/me/exports/{export_id}", response={200: DataExportOut, **problems(400, 401, 404)}, summary="An export"
)
def get_export(request: HttpRequest, export_id: Id) -> object:
    return selectors.export_get_for(request_user(request), export_id)


@router.get(
    "/me/exports/{export_id}/download",
    response={200: None, **problems(400, 401, 404, 409)},
    url_name="privacy_export_download",
    summary="Download a ready export (application/zip)",
)
def download_export(request: HttpRequest, export_id: Id) -> FileResponse:
    return export_response(selectors.export_get_for(request_user(request), export_id))
