"""`hirehall.core.uploads`: the one home of upload checks (every app's attachments go through it)."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hirehall.core import uploads
from hirehall.core.errors import DomainError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(name: str = "shot.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 200, 30, 128)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def refused(code: str, fn, *args, **kwargs) -> None:
    with pytest.raises(DomainError) as exc:
        fn(*args, **kwargs)
    assert exc.value.code == code


class TestStoreAttachment:
    def test_image_is_reencoded_under_a_server_chosen_name(self):
        stored = uploads.store_attachment(png("../../etc/passwd.png"), folder="things")
        assert stored.path.startswith("things/") and stored.path.endswith(".jpg")
        assert "passwd" not in stored.path
        assert stored.name == "passwd.png"  # the client's name, for display only
        assert stored.content_type == "image/jpeg" and stored.is_image
        with default_storage.open(stored.path, "rb") as f:
            assert Image.open(f).format == "JPEG"
        assert stored.thumb_path and default_storage.exists(stored.thumb_path)

    def test_no_thumbnail_is_written_when_none_is_wanted(self, tmp_path):
        stored = uploads.store_attachment(png(), folder="jobs", thumbnail=False)
        assert stored.thumb_path == ""
        assert [p.name for p in (tmp_path / "media" / "jobs").iterdir()] == [stored.path.split("/")[-1]]

    def test_document_is_sniffed_by_content_not_by_name_or_type(self):
        stored = uploads.store_attachment(SimpleUploadedFile("brief", PDF, "text/plain"), folder="docs")
        assert stored.path.endswith(".pdf") and stored.content_type == "application/pdf"
        assert not stored.is_image
        refused(
            "unsupported_file_type",
            uploads.store_attachment,
            SimpleUploadedFile("evil.pdf", b"<script>alert(1)</script>", "application/pdf"),
            folder="docs",
        )

    def test_size_caps(self, settings):
        settings.HIREHALL_UPLOAD_LIMITS = {"file_bytes": 10, "image_bytes": 10}
        refused("upload_too_large", uploads.store_attachment, SimpleUploadedFile("a.pdf", PDF), folder="d")
        refused("upload_too_large", uploads.store_attachment, png(), folder="d")
        refused("validation_error", uploads.store_attachment, SimpleUploadedFile("e.pdf", b""), folder="d")

    @pytest.mark.parametrize(
        ("name", "shown"),
        [
            ("C:\\Users\\me\\plan.pdf", "plan.pdf"),
            ("a/b/c.pdf", "c.pdf"),
            (None, "file"),
            ("x" * 300, "x" * 200),
        ],
    )
    def test_display_name_is_the_last_path_part(self, name, shown):
        upload = SimpleUploadedFile("tmp", PDF)
        upload.name = name
        assert uploads.display_name(upload) == shown


class TestStoreAttachments:
    def test_all_or_none(self, tmp_path):
        bad = SimpleUploadedFile("notes.txt", b"plain text", "text/plain")
        refused("unsupported_file_type", uploads.store_attachments, [png(), bad], folder="sub", max_files=5)
        # The image stored before the refused file is removed again.
        assert not any((tmp_path / "media" / "sub").iterdir())

    def test_file_count_cap(self):
        refused("validation_error", uploads.store_attachments, [png(), png()], folder="sub", max_files=1)

    def test_discard_removes_what_was_stored(self):
        stored = uploads.store_attachments(
            [png(), SimpleUploadedFile("a.pdf", PDF)], folder="sub", max_files=5
        )
        assert all(default_storage.exists(s.path) for s in stored)
        uploads.discard(stored)
        assert not any(default_storage.exists(p) for s in stored for p in (s.path, s.thumb_path) if p)
