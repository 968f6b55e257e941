"""Contract uploads (submission files, dispute evidence): size-capped, sniffed, server-named."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile

from hirehall.core.errors import DomainError
from hirehall.profiles.uploads import delete_stored, is_image, store_document, store_image


@dataclass(frozen=True)
class Stored:
    path: str
    thumb: str
    name: str
    content_type: str
    size: int


def store_uploads(uploads: Sequence[UploadedFile], *, folder: str, max_files: int) -> list[Stored]:
    """Store every file or none: a refused file removes the ones already written."""
    if len(uploads) > max_files:
        raise DomainError("validation_error", f"At most {max_files} files at once.")
    stored: list[Stored] = []
    try:
        for upload in uploads:
            name = (upload.name or "file").rsplit("/", 1)[-1][:200]
            if is_image(upload):
                image = store_image(upload, folder=folder)
                stored.append(Stored(image.path, image.thumb_path, name, image.content_type, image.size))
            else:
                doc = store_document(upload, folder=folder)
                stored.append(Stored(doc.path, "", name, doc.content_type, doc.size))
    except Exception:
        discard(stored)
        raise
    return stored


def discard(stored: Sequence[Stored]) -> None:
    for item in stored:
        delete_stored(item.path, item.thumb)
