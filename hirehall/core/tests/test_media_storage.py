"""S3-compatible media (config/env.py `media_storage`, docs/deploy.md): chosen and configured from the
environment; private by default. No network: a signed URL is computed locally."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from django.core.files.storage import FileSystemStorage
from django.utils.module_loading import import_string
from storages.backends.s3 import S3Storage

from config.env import media_storage

MINIO = {
    "AWS_STORAGE_BUCKET_NAME": "hirehall-media",
    "AWS_S3_ENDPOINT_URL": "http://minio.internal:9000",
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "hirehall",
    "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
    "AWS_S3_ADDRESSING_STYLE": "path",
}


def _build(environ: dict[str, str]) -> object:
    config = media_storage(environ)
    return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))


def test_without_a_bucket_uploads_stay_on_local_disk() -> None:
    assert isinstance(_build({}), FileSystemStorage)


def test_a_bucket_selects_s3_with_the_endpoint_and_credentials_given() -> None:
    storage = _build(MINIO)
    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == "hirehall-media"
    assert storage.endpoint_url == "http://minio.internal:9000"
    assert storage.location == "media"
    assert storage.file_overwrite is False


def test_s3_files_are_private_and_urls_signed_and_short_lived() -> None:
    storage = _build(MINIO)
    assert storage.default_acl is None
    url = urlparse(storage.url("contracts/7/report.pdf"))
    assert (url.scheme, url.netloc, url.path) == (
        "http",
        "minio.internal:9000",
        "/hirehall-media/media/contracts/7/report.pdf",
    )
    query = parse_qs(url.query)
    assert query["X-Amz-Expires"] == ["300"] and query["X-Amz-Signature"]


def test_without_keys_boto3_finds_its_own_credentials() -> None:
    config = media_storage({"AWS_STORAGE_BUCKET_NAME": "b"})
    assert "access_key" not in config["OPTIONS"] and "secret_key" not in config["OPTIONS"]
