"""Every upload rejection, through the services and through the API, and what is stored when accepted."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from hirehall.core.errors import DomainError
from hirehall.profiles import services
from hirehall.profiles.models import FreelancerProfile, PortfolioFile
from hirehall.profiles.tests.factories import (
    MP4_BYTES,
    PDF_BYTES,
    WEBM_BYTES,
    docx_bytes,
    image_bytes,
    make_profile,
    png_upload,
    upload,
)

pytestmark = pytest.mark.django_db


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims huge dimensions: the shape of a decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    data = zlib.compress(b"\x00" * 1024)
    idat = b"IDAT" + data
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(data))
        + idat
        + struct.pack(">I", zlib.crc32(idat))
        + struct.pack(">I", 0)
        + b"IEND"
        + struct.pack(">I", zlib.crc32(b"IEND"))
    )


@pytest.fixture
def profile(freelancer):
    return make_profile(freelancer, title="Designer")


def _set_photo(profile, up):
    return services.freelancer_profile_set_photo(actor=profile.user, profile=profile, upload=up)


def _refused(code, fn, *args):
    with pytest.raises(DomainError) as exc:
        fn(*args)
    assert exc.value.code == code, exc.value.detail
    return exc.value


def _no_files_stored():
    folders = ("profiles/photos", "profiles/videos", "portfolio/images", "portfolio/files")
    return all(not default_storage.exists(f) or default_storage.listdir(f) == ([], []) for f in folders)


# --- photo ---------------------------------------------------------------------------------------


def test_photo_accepted_is_reencoded_square_thumbnailed_and_renamed(profile):
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    data = image_bytes("JPEG", size=(800, 600), exif=exif.tobytes())
    _set_photo(profile, upload("../../etc/passwd.jpg", data, "image/jpeg"))
    profile.refresh_from_db()
    assert profile.photo.startswith("profiles/photos/") and profile.photo.endswith(".jpg")
    assert "passwd" not in profile.photo
    with default_storage.open(profile.photo) as fh:
        stored = fh.read()
    assert stored != data and b"secret description" not in stored
    with default_storage.open(profile.photo_thumb) as fh:
        thumb = Image.open(io.BytesIO(fh.read()))
        assert thumb.size == (256, 256) and thumb.format == "JPEG"


def test_photo_replacement_deletes_the_old_files_after_commit(profile, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _set_photo(profile, png_upload())
    old = (profile.photo, profile.photo_thumb)
    with django_capture_on_commit_callbacks(execute=True):
        _set_photo(profile, png_upload(color="blue"))
    assert not any(default_storage.exists(p) for p in old)
    assert default_storage.exists(profile.photo)


def test_photo_too_large(profile, settings):
    settings.HIREHALL_UPLOAD_LIMITS = {"photo_bytes": 1000}
    _refused("upload_too_large", _set_photo, profile, png_upload(size=(300, 300)))


def test_photo_empty(profile):
    _refused("validation_error", _set_photo, profile, upload("a.png", b"", "image/png"))


def test_photo_not_an_image(profile):
    _refused(
        "invalid_image", _set_photo, profile, upload("a.jpg", b"<html>not an image</html>", "image/jpeg")
    )


def test_photo_truncated_image(profile):
    data = image_bytes("JPEG", size=(500, 500))
    _refused("invalid_image", _set_photo, profile, upload("a.jpg", data[: len(data) // 3], "image/jpeg"))


def test_photo_unaccepted_image_format(profile):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "BMP")
    _refused("unsupported_file_type", _set_photo, profile, upload("a.bmp", out.getvalue(), "image/bmp"))


def test_photo_decompression_bomb(profile):
    bomb = png_header_only(30_000, 30_000)  # 900 megapixels declared in a ~1 KB file
    assert len(bomb) < 2000
    _refused("image_too_large", _set_photo, profile, upload("bomb.png", bomb, "image/png"))


def test_photo_too_many_pixels_by_policy(profile, settings):
    settings.HIREHALL_UPLOAD_LIMITS = {"max_pixels": 100 * 100}
    _refused("image_too_large", _set_photo, profile, png_upload(size=(200, 200)))


def test_photo_side_too_long(profile, settings):
    settings.HIREHALL_UPLOAD_LIMITS = {"max_side": 500}
    _refused("image_too_large", _set_photo, profile, png_upload(size=(600, 10)))


def test_rejected_photo_changes_nothing(profile):
    _refused("invalid_image", _set_photo, profile, upload("a.png", b"garbage" * 10, "image/png"))
    profile.refresh_from_db()
    assert profile.photo == "" and _no_files_stored()


# --- intro video ------------------------------------------------------------------------------


def _set_video(profile, up):
    return services.freelancer_profile_set_video(actor=profile.user, profile=profile, upload=up)


def test_video_mp4_and_webm_accepted(profile):
    _set_video(profile, upload("intro.exe", MP4_BYTES, "application/x-msdownload"))
    profile.refresh_from_db()
    assert profile.video.endswith(".mp4") and profile.video_content_type == "video/mp4"
    _set_video(profile, upload("intro", WEBM_BYTES))
    profile.refresh_from_db()
    assert profile.video.endswith(".webm")


def test_video_wrong_type(profile):
    _refused("unsupported_file_type", _set_video, profile, upload("intro.mp4", PDF_BYTES, "video/mp4"))


def test_video_too_large(profile, settings):
    settings.HIREHALL_UPLOAD_LIMITS = {"video_bytes": 50}
    _refused("upload_too_large", _set_video, profile, upload("intro.mp4", MP4_BYTES, "video/mp4"))


@pytest.mark.parametrize(
    "url",
    [
        "http://youtube.com/watch?v=1",
        "https://evil.example/video",
        "javascript:alert(1)",
        "ftp://vimeo.com/1",
    ],
)
def test_video_link_must_be_https_on_a_known_host(profile, url):
    _refused(
        "validation_error",
        lambda: services.freelancer_profile_update(actor=profile.user, profile=profile, video_url=url),
    )


# --- portfolio files ------------------------------------------------------------------------------


@pytest.fixture
def item(profile):
    return services.portfolio_item_create(actor=profile.user, profile=profile, title="Case")


def _add(item, up):
    return services.portfolio_file_add(actor=item.profile.user, item=item, upload=up)


def test_portfolio_image_pdf_and_docx_accepted(item):
    image = _add(item, png_upload("shot.png"))
    pdf = _add(item, upload("deck.pdf", PDF_BYTES))
    docx = _add(item, upload("brief.docx", docx_bytes()))
    assert image.kind == "image" and image.thumb_path and image.content_type == "image/jpeg"
    assert pdf.kind == "file" and pdf.content_type == "application/pdf" and pdf.path.endswith(".pdf")
    assert docx.content_type.endswith("wordprocessingml.document") and docx.original_name == "brief.docx"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("run.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 100),
        ("notes.txt", b"just text"),
    ],
)
def test_portfolio_file_types_refused(item, name, data):
    _refused("unsupported_file_type", _add, item, upload(name, data))
    assert not PortfolioFile.objects.exists() and _no_files_stored()


def test_portfolio_file_too_large(item, settings):
    settings.HIREHALL_UPLOAD_LIMITS = {"file_bytes": 10}
    _refused("upload_too_large", _add, item, upload("deck.pdf", PDF_BYTES))


def test_portfolio_image_too_large(item, settings):
    settings.HIREHALL_UPLOAD_LIMITS = {"image_bytes": 10}
    _refused("upload_too_large", _add, item, png_upload())


def test_portfolio_file_count_is_capped(item, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILES_PER_ITEM", 1)
    _add(item, upload("a.pdf", PDF_BYTES))
    _refused("conflict", _add, item, upload("b.pdf", PDF_BYTES))


# --- through the API: problem+json, nothing changed ---------------------------------------------


def test_api_upload_rejections_are_problem_json(client, freelancer, settings):
    client.force_login(freelancer)
    settings.HIREHALL_UPLOAD_LIMITS = {"photo_bytes": 100}
    response = client.post("/api/v1/me/freelancer-profile/photo", {"photo": png_upload()})
    assert response.status_code == 413 and response.json()["code"] == "upload_too_large"
    assert response["Content-Type"] == "application/problem+json"
    settings.HIREHALL_UPLOAD_LIMITS = {}
    response = client.post("/api/v1/me/freelancer-profile/photo", {"photo": upload("x.png", b"nope")})
    assert response.status_code == 422 and response.json()["code"] == "invalid_image"
    response = client.post("/api/v1/me/freelancer-profile/video", {"video": upload("x.mp4", b"nope" * 10)})
    assert response.status_code == 415 and response.json()["code"] == "unsupported_file_type"
    assert FreelancerProfile.objects.get(user=freelancer).photo == ""
    response = client.post("/api/v1/me/freelancer-profile/photo", {"photo": png_upload()})
    assert response.status_code == 200 and response.json()["photo_url"]
