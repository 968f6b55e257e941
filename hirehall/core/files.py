"""Serving stored uploads. The caller has already authorised the request through a selector (another
user's file is a 404 before this runs); this decides only how the bytes go out, the same way for
every app, so an uploaded file can never run as a page on our origin."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse

from hirehall.core.errors import DomainError

# Uploaded images are re-encoded on the way in (core.uploads), so these are safe to show inline.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
CACHE_CONTROL = "private, max-age=3600"
SANDBOX_CSP = "default-src 'none'; sandbox"


def serve_private_file(
    path: str, *, content_type: str, filename: str = "", download: bool = False
) -> FileResponse:
    """One header policy: nosniff, a download (attachment) unless a safe image, cached only by the
    person's own browser, and a sandbox CSP in case a browser renders it anyway.

    `filename` is the name the uploader gave (display only); without one, the stored name is used.
    `download=True` makes even an image a download (deliverables are kept byte for byte, not re-encoded).
    """
    if not path or not default_storage.exists(path):
        raise DomainError("not_found", "The file is gone.")
    inline = content_type in INLINE_TYPES and not download  # deliverables: always a download
    response = FileResponse(
        default_storage.open(path, "rb"),
        content_type=content_type,
        as_attachment=not inline,
        filename=filename or path.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response
