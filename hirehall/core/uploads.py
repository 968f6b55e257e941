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
    # Work deliverables (archives, media, design files, source); docs/web-forms.md.
    "deliverable_bytes": 200 * 1024 * 1024,
    "source_bytes": 5 * 1024 * 1024,
    "archive_entries": 20_000,
    "archive_unpacked_bytes": 4 * 1024 * 1024 * 1024,
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


# --- deliverables: what freelancers hand over -------------------------------------------------------
# Work submissions accept far more than attachments do (archives, source, media, design files), kept
# byte for byte (a designer's PNG must not come back as a 2000 px JPEG) and therefore ALWAYS served as
# downloads (`serve_private_file(..., download=True)`), never rendered on our origin. Each type is
# recognised by its content; the uploader's extension only chooses among types whose content matches.

# Text source files: UTF-8 without NUL bytes, with one of these extensions (served as text/plain).
SOURCE_EXTENSIONS = frozenset(
    {
        *("c", "cc", "cpp", "cs", "css", "csv", "dart", "ex", "exs", "go", "gradle", "h", "hpp", "html"),
        *("java", "js", "json", "jsx", "kt", "kts", "less", "lua", "m", "md", "mjs", "php", "pl", "py"),
        *("r", "rb", "rs", "rst", "sass", "scala", "scss", "sh", "sql", "svelte", "swift", "toml", "ts"),
        *("tsx", "txt", "vue", "xml", "yaml", "yml"),
    }
)
# Magic numbers → (extension, content type). Order matters: longer, more specific first.
_MAGIC: tuple[tuple[int, bytes, str, str], ...] = (
    (0, b"7z\xbc\xaf\x27\x1c", "7z", "application/x-7z-compressed"),
    (0, b"Rar!\x1a\x07", "rar", "application/vnd.rar"),
    (0, b"\x1f\x8b", "gz", "application/gzip"),
    (0, b"BZh", "bz2", "application/x-bzip2"),
    (0, b"\xfd7zXZ\x00", "xz", "application/x-xz"),
    (257, b"ustar", "tar", "application/x-tar"),
    (0, b"8BPS", "psd", "image/vnd.adobe.photoshop"),
    (0, b"%!PS-Adobe", "eps", "application/postscript"),
    (0, b"fig-kiwi", "fig", "application/octet-stream"),
    (0, b"ID3", "mp3", "audio/mpeg"),
    (0, b"OggS", "ogg", "audio/ogg"),
    (0, b"fLaC", "flac", "audio/flac"),
    (0, b"wOFF", "woff", "font/woff"),
    (0, b"wOF2", "woff2", "font/woff2"),
    (0, b"OTTO", "otf", "font/otf"),
    (0, b"\x00\x01\x00\x00", "ttf", "font/ttf"),
)
# Extensions a matching container may keep (an .ai file is a PDF, a .sketch file a zip, a .tgz gzip).
_KEEP_EXTENSION = {
    "pdf": {"ai"},
    "zip": {"sketch", "xd", "jar", "apk", "epub", "fig"},
    "gz": {"tgz"},
    "eps": {"ps", "ai"},
}
_IMAGE_TYPES = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}


def _extension(name: str) -> str:
    base = name.lower().rsplit("/", 1)[-1]
    for double in ("tar.gz", "tar.bz2", "tar.xz"):
        if base.endswith(f".{double}"):
            return double
    return base.rsplit(".", 1)[1] if "." in base else ""


def _check_zip(upload: UploadedFile) -> None:
    """A readable zip whose listing is sane: not a zip bomb in waiting for the client who opens it."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DomainError("unsupported_file_type", "This zip archive is damaged.") from None
    finally:
        upload.seek(0)
    if len(infos) > limit("archive_entries") or sum(i.file_size for i in infos) > limit(
        "archive_unpacked_bytes"
    ):
        raise DomainError("upload_too_large", "This archive unpacks to too many files or bytes.")


def _is_source_text(upload: UploadedFile) -> bool:
    upload.seek(0)
    data = upload.read(limit("source_bytes") + 1)
    upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(data) - 3  # a character cut at the end of what was read
    return True


def sniff_deliverable(upload: UploadedFile) -> tuple[str, str]:
    """(extension, content type) of an accepted deliverable, recognised by content, or 415."""
    name = display_name(upload)
    ext = _extension(name)
    head = _read_head(upload, 300)
    if is_image(upload):
        image = _decode_image(upload)  # readable, and not a decompression bomb
        return _IMAGE_TYPES[str(image.format)]
    if head.startswith(b"%PDF-"):
        return (ext if ext in _KEEP_EXTENSION["pdf"] else "pdf"), "application/pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            return sniff_document(upload)  # Word, Excel, PowerPoint
        except DomainError:
            pass
        _check_zip(upload)
        return (ext if ext in _KEEP_EXTENSION["zip"] else "zip"), "application/zip"
    if head[4:8] == b"ftyp" or head.startswith(b"\x1a\x45\xdf\xa3"):
        return sniff_video(upload)  # MP4, QuickTime, WebM
    if head[:4] == b"RIFF" and head[8:12] in (b"WAVE", b"AVI "):
        return ("wav", "audio/wav") if head[8:12] == b"WAVE" else ("avi", "video/x-msvideo")
    if head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "mp3", "audio/mpeg"
    for offset, magic, found_ext, content_type in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            keep = _KEEP_EXTENSION.get(found_ext, set())
            if ext == f"tar.{found_ext}":  # site.tar.gz stays .tar.gz
                return ext, content_type
            return (ext if ext in keep else found_ext), content_type
    if ext == "svg" and _is_source_text(upload):
        return "svg", "image/svg+xml"  # downloaded only: never rendered, so its scripts never run
    if ext in SOURCE_EXTENSIONS and _is_source_text(upload):
        if (upload.size or 0) > limit("source_bytes"):
            raise DomainError(
                "upload_too_large", f"Text files up to {limit('source_bytes') // (1024 * 1024)} MB."
            )
        return ext, "text/plain; charset=utf-8"
    raise DomainError(
        "unsupported_file_type",
        "Deliverables must be archives (zip, tar, gz, 7z, rar), documents (PDF, Office), images, "
        "audio or video, design files (PSD, AI, EPS, Sketch, Figma, SVG, fonts) or UTF-8 source files.",
    )


def store_deliverable(upload: UploadedFile, *, folder: str) -> StoredAttachment:
    """Kept byte for byte under a server-chosen name; its content decides what it is."""
    _check_size(upload, limit("deliverable_bytes"))
    ext, content_type = sniff_deliverable(upload)
    upload.seek(0)
    path = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{ext}", upload)
    return StoredAttachment(path, "", display_name(upload), content_type, upload.size or 0)


def store_deliverables(
    uploads: Sequence[UploadedFile], *, folder: str, max_files: int
) -> list[StoredAttachment]:
    """Store every deliverable or none: a refused file removes the ones already written."""
    if len(uploads) > max_files:
        raise DomainError("validation_error", f"At most {max_files} files at once.")
    stored: list[StoredAttachment] = []
    try:
        for upload in uploads:
            stored.append(store_deliverable(upload, folder=folder))
    except Exception:
        discard(stored)
        raise
    return stored
