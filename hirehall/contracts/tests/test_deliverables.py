"""Work submissions accept what freelancers deliver (archives, source, media, design files), checked by
content and size, kept byte for byte, and always downloaded as attachments, never shown inline."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hirehall.contracts.models import ContractFile
from hirehall.contracts.services import milestone_submit
from hirehall.contracts.tests.helpers import verified_parties
from hirehall.core.errors import DomainError
from hirehall.core.uploads import sniff_deliverable
from hirehall.profiles.tests.factories import MP4_BYTES, PDF_BYTES, docx_bytes, image_bytes
from hirehall.proposals.testing import fixed_contract

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _targz() -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        info = tarfile.TarInfo("app/main.py")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"print"))
    return gzip.compress(raw.getvalue())


ACCEPTED = [
    ("site.zip", _zip({"index.html": b"<h1>hi</h1>"}), "zip", "application/zip"),
    ("logo.sketch", _zip({"document.json": b"{}"}), "sketch", "application/zip"),
    ("release.tar.gz", _targz(), "tar.gz", "application/gzip"),
    ("backup.7z", b"7z\xbc\xaf\x27\x1c" + b"\x00" * 40, "7z", "application/x-7z-compressed"),
    ("assets.rar", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 40, "rar", "application/vnd.rar"),
    ("main.py", "def hello():\n    return 'héllo'\n".encode(), "py", "text/plain; charset=utf-8"),
    ("App.tsx", b"export const App = () => null;\n", "tsx", "text/plain; charset=utf-8"),
    ("demo.mp4", MP4_BYTES, "mp4", "video/mp4"),
    ("voice.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40, "wav", "audio/wav"),
    ("jingle.mp3", b"ID3\x03\x00" + b"\x00" * 40, "mp3", "audio/mpeg"),
    ("poster.psd", b"8BPS\x00\x01" + b"\x00" * 40, "psd", "image/vnd.adobe.photoshop"),
    ("brand.ai", PDF_BYTES, "ai", "application/pdf"),
    (
        "icon.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "svg",
        "image/svg+xml",
    ),
    ("font.woff2", b"wOF2\x00\x01" + b"\x00" * 40, "woff2", "font/woff2"),
    (
        "spec.docx",
        docx_bytes(),
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("mockup.png", image_bytes("PNG", size=(2400, 1600)), "png", "image/png"),
]


@pytest.mark.parametrize(("name", "data", "ext", "content_type"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_deliverable_types_are_recognised_by_content(name, data, ext, content_type) -> None:
    assert sniff_deliverable(SimpleUploadedFile(name, data)) == (ext, content_type)


REFUSED = [
    ("setup.exe", b"MZ\x90\x00" * 10, "unsupported_file_type"),
    ("notes.py", b"print(1)\x00\x00binary", "unsupported_file_type"),  # NUL bytes: not source text
    ("run.bat", b"@echo off\n", "unsupported_file_type"),  # text, but not an accepted extension
    ("broken.zip", b"PK\x03\x04" + b"\x00" * 60, "unsupported_file_type"),
    ("latin1.py", "caf\xe9 = 1\n".encode("latin-1"), "unsupported_file_type"),
    ("fake.png", b"\x89PNG\r\n\x1a\n" + b"junk" * 10, "invalid_image"),
]


@pytest.mark.parametrize(("name", "data", "code"), REFUSED, ids=[r[0] for r in REFUSED])
def test_other_content_is_refused_whatever_its_name(name, data, code) -> None:
    with pytest.raises(DomainError) as exc:
        sniff_deliverable(SimpleUploadedFile(name, data))
    assert exc.value.code == code


def test_size_caps_and_archive_bombs(settings) -> None:
    from hirehall.core.uploads import store_deliverable

    settings.HIREHALL_UPLOAD_LIMITS = {"deliverable_bytes": 1000, "archive_entries": 3}
    with pytest.raises(DomainError) as exc:
        store_deliverable(SimpleUploadedFile("big.zip", b"PK\x03\x04" + b"\x00" * 2000), folder="t")
    assert exc.value.code == "upload_too_large"
    many = _zip({f"f{i}.txt": b"x" for i in range(5)})
    settings.HIREHALL_UPLOAD_LIMITS = {"archive_entries": 3}
    with pytest.raises(DomainError) as exc:
        store_deliverable(SimpleUploadedFile("many.zip", many), folder="t")
    assert exc.value.code == "upload_too_large"


def test_submitted_deliverables_are_kept_byte_for_byte_and_always_downloaded(user_factory) -> None:
    client, freelancer, _staff = verified_parties(user_factory)
    contract = fixed_contract(client, freelancer, (300_00,))
    milestone = contract.milestones.get()
    png = image_bytes("PNG", size=(2400, 1600))
    files = [
        SimpleUploadedFile("mockup.png", png),
        SimpleUploadedFile("site.zip", _zip({"index.html": b"<script>alert(1)</script>"})),
        SimpleUploadedFile("icon.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        SimpleUploadedFile("main.py", b"print('hi')\n"),
    ]
    submission = milestone_submit(
        actor=freelancer, contract=contract, milestone_id=milestone.pk, message="Done", files=files
    )
    stored = {f.original_name: f for f in submission.files.all()}
    assert set(stored) == {"mockup.png", "site.zip", "icon.svg", "main.py"}
    c = Client()
    c.force_login(client)
    for name, item in stored.items():
        response = c.get(f"/contracts/{contract.pk}/files/{item.pk}/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment"), name
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
    body = b"".join(c.get(f"/contracts/{contract.pk}/files/{stored['mockup.png'].pk}/").streaming_content)
    assert body == png  # not re-encoded: a designer's 2400 px PNG comes back as sent
    page = c.get(f"/contracts/{contract.pk}/").content.decode()
    assert "site.zip" in page and "download" in page
    stranger = Client()
    stranger.force_login(user_factory())
    assert stranger.get(f"/contracts/{contract.pk}/files/{stored['site.zip'].pk}/").status_code == 404


def test_a_refused_file_refuses_the_whole_submission_and_leaves_nothing(user_factory, settings) -> None:
    client, freelancer, _staff = verified_parties(user_factory)
    contract = fixed_contract(client, freelancer, (300_00,))
    milestone = contract.milestones.get()
    with pytest.raises(DomainError):
        milestone_submit(
            actor=freelancer,
            contract=contract,
            milestone_id=milestone.pk,
            message="Done",
            files=[SimpleUploadedFile("ok.zip", _zip({"a": b"b"})), SimpleUploadedFile("x.exe", b"MZ" * 40)],
        )
    assert ContractFile.objects.count() == 0
    media = settings.MEDIA_ROOT / "contracts" / str(contract.pk)
    assert not media.exists() or not any(media.iterdir())
