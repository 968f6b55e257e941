"""Checked uploads for every app: size caps, content sniffed (never the client's name or type),
images re-encoded.

Every stored file gets a server-chosen name (`<folder>/<uuid>.<ext>`); the client's file name is
kept only as text for display (`display_name`). Files are served by views that check permission
first, through `hirehall.core.files.serve_private_file`.
"""

from __future__ import annotations

import io
import uuid
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps

from hirehall.core.errors import DomainError, register_codes

register_codes(
    {
        "upload_too_large": (413, "File too large"),
        "unsupported_file_type": (415, "File type not accepted"),
        "invalid_image": (422, "Not a readable image"),
        "image_too_large": (422, "Image dimensions too large"),
    }
)

DEFAULT_LIMITS = {
    "photo_bytes": 5 * 1024 * 1024,
    "image_bytes": 10 * 1024 * 1024,
    "file_bytes": 20 * 1024 * 1024,
    "video_bytes": 100 * 1024 * 1024,
    # Pixels are what decompression bombs inflate: a 50 KB PNG can decode to gigabytes.
    "max_pixels": 40_000_000,
    "max_side": 10_000,
}
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_NAME = 200


def limit(name: str) -> int:
    return int(getattr(settings, "HIREHALL_UPLOAD_LIMITS", {}).get(name, DEFAULT_LIMITS[name]))


@dataclass(frozen=True)
class StoredImage:
    path: str
    thumb_path: str  # "" when no thumbnail was asked for
    content_type: str
    size: int


@dataclass(frozen=True)
class StoredFile:
    path: str
    content_type: str
    size: int


def _check_size(upload: UploadedFile, cap: int) -> None:
    if upload.size is None or upload.size == 0:
        raise DomainError("validation_error", "The file is empty.")
    if upload.size > cap:
        raise DomainError("upload_too_large", f"Files up to {cap // (1024 * 1024)} MB are accepted.")


def _read_head(upload: UploadedFile, n: int = 64) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def _decode_image(upload: UploadedFile) -> Image.Image:
    """Open and fully decode, refusing anything Pillow does not recognise or that is too big."""
    max_pixels = limit("max_pixels")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns at MAX_IMAGE_PIXELS and errors at twice that; we refuse at the warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = max_pixels
            image = Image.open(upload)
            if image.format not in IMAGE_FORMATS:
                raise DomainError("unsupported_file_type", "Images must be JPEG, PNG, WebP or GIF.")
            width, height = image.size
            if width * height > max_pixels or max(width, height) > limit("max_side"):
                raise DomainError("image_too_large", f"Images up to {max_pixels // 1_000_000} megapixels.")
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise DomainError("image_too_large", "This image expands to too many pixels.") from None
    except DomainError:
        raise
    except (OSError, SyntaxError, ValueError):
        raise DomainError("invalid_image", "This file is not an image we can read.") from None
    return image


def _encode_jpeg(image: Image.Image, *, max_side: int | None = None, square: int | None = None) -> bytes:
    image = ImageOps.exif_transpose(image) or image  # honour the camera's rotation, then drop EXIF
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    if square:
        image = ImageOps.fit(image, (square, square), Image.Resampling.LANCZOS)
    elif max_side and max(image.size) > max_side:
        image = image.copy()
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)  # re-encoded: no metadata, no payload
    return out.getvalue()


def _save(folder: str, ext: str, data: bytes) -> str:
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}.{ext}", ContentFile(data))


def store_image(
    upload: UploadedFile,
    *,
    folder: str,
    cap_name: str = "image_bytes",
    square_thumb: int | None = None,
    thumbnail: bool = True,
) -> StoredImage:
    """Re-encode to JPEG (max 2000 px) and, unless told not to, make a thumbnail (square crop, or
    480 px)."""
    _check_size(upload, limit(cap_name))
    image = _decode_image(upload)
    main = _encode_jpeg(image, max_side=2000)
    path = _save(folder, "jpg", main)
    thumb_path = ""
    if thumbnail:
        shape = {"square": square_thumb} if square_thumb else {"max_side": 480}
        thumb = _encode_jpeg(image, **shape)
        thumb_path = _save(folder, "jpg", thumb)
    return StoredImage(path=path, thumb_path=thumb_path, content_type="image/jpeg", size=len(main))


# Non-image files: sniffed by their first bytes, and only these.
OFFICE_TYPES = {
    "word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}


def sniff_document(upload: UploadedFile) -> tuple[str, str]:
    """(extension, content type) of an accepted document, or 415."""
    head = _read_head(upload)
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            names = []
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, spec in OFFICE_TYPES.items():
                if any(n.startswith(prefix) for n in names):
                    return spec
    raise DomainError(
        "unsupported_file_type", "Files must be images, PDF, or Word/Excel/PowerPoint documents."
    )


def store_document(upload: UploadedFile, *, folder: str) -> StoredFile:
    _check_size(upload, limit("file_bytes"))
    ext, content_type = sniff_document(upload)
    upload.seek(0)
    path = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{ext}", upload)
    return StoredFile(path=path, content_type=content_type, size=upload.size or 0)


def is_image(upload: UploadedFile) -> bool:
    head = _read_head(upload, 16)
    return head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    )


def sniff_video(upload: UploadedFile) -> tuple[str, str]:
    head = _read_head(upload, 16)
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return "mov", "video/quicktime"
        return "mp4", "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm", "video/webm"
    raise DomainError("unsupported_file_type", "Intro videos must be MP4, WebM or QuickTime files.")


def store_video(upload: UploadedFile, *, folder: str) -> StoredFile:
    _check_size(upload, limit("video_bytes"))
    ext, content_type = sniff_video(upload)
    upload.seek(0)
    path = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{ext}", upload)
    return StoredFile(path=path, content_type=content_type, size=upload.size or 0)


def delete_stored(*paths: str) -> None:
    for path in paths:
        if path:
            default_storage.delete(path)


def display_name(upload: UploadedFile) -> str:
    """The client's file name, for display and downloads only: its last path part, 200 characters."""
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (name or "file")[:MAX_NAME]


@dataclass(frozen=True)
class StoredAttachment:
    """An attachment (job, proposal, submission, evidence): a re-encoded image or a sniffed document."""

    path: str
    thumb_path: str  # images only, when thumbnails were asked for
    name: str
    content_type: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def store_attachment(upload: UploadedFile, *, folder: str, thumbnail: bool = True) -> StoredAttachment:
    """An image (re-encoded, optionally with a thumbnail) or an accepted document, else 413/415/422."""
    name = display_name(upload)
    if is_image(upload):
        image = store_image(upload, folder=folder, thumbnail=thumbnail)
        return StoredAttachment(image.path, image.thumb_path, name, image.content_type, image.size)
    document = store_document(upload, folder=folder)
    return StoredAttachment(document.path, "", name, document.content_type, document.size)


def store_attachments(
    uploads: Sequence[UploadedFile], *, folder: str, max_files: int, thumbnail: bool = True
) -> list[StoredAttachment]:
    """Store every file or none: a refused file removes the ones already written."""
    if len(uploads) > max_files:
        raise DomainError("validation_error", f"At most {max_files} files at once.")
    stored: list[StoredAttachment] = []
    try:
        for upload in uploads:
            stored.append(store_attachment(upload, folder=folder, thumbnail=thumbnail))
    except Exception:
        discard(stored)
        raise
    return stored


def discard(stored: Sequence[StoredAttachment]) -> None:
    """Remove stored attachments again (their database rows were not written)."""
    for item in stored:
        delete_stored(item.path, item.thumb_path)
