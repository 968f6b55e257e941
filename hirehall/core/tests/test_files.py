"""`serve_private_file`: one header policy for every stored upload that goes out."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hirehall.core.errors import DomainError
from hirehall.core.files import serve_private_file


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored(name: str, data: bytes = b"bytes") -> str:
    return default_storage.save(name, ContentFile(data))


def test_documents_are_downloads_under_the_uploaders_name():
    response = serve_private_file(stored("c/ab12.pdf"), content_type="application/pdf", filename="Plan.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Plan.pdf"'
    assert b"".join(response.streaming_content) == b"bytes"


@pytest.mark.parametrize(
    "content_type", ["text/html", "image/svg+xml", "video/mp4", "application/octet-stream"]
)
def test_anything_but_a_safe_image_is_an_attachment(content_type):
    response = serve_private_file(stored("c/x.bin"), content_type=content_type, filename="x")
    assert response["Content-Disposition"].startswith("attachment")


def test_safe_images_show_inline():
    response = serve_private_file(stored("p/ff.jpg"), content_type="image/jpeg")
    assert response["Content-Disposition"] == 'inline; filename="ff.jpg"'  # the stored name


def test_one_header_policy():
    for content_type in ("image/jpeg", "application/pdf"):
        response = serve_private_file(stored("h/f"), content_type=content_type, filename="f")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, max-age=3600"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize("path", ["", "never/stored.pdf"])
def test_a_missing_file_is_not_found(path):
    with pytest.raises(DomainError) as exc:
        serve_private_file(path, content_type="application/pdf", filename="x.pdf")
    assert exc.value.code == "not_found"
