"""Documents: S3 through django-storages (moto's server stands in for S3) and signed local links."""

import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse

from easy.lib.storage import document_url
from tests.conftest import skip_or_fail
from tests.service_support import free_port


@pytest.fixture(scope="module")
def s3_endpoint():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        skip_or_fail("moto[server] is not installed")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_endpoint, monkeypatch):
    import boto3
    from storages.backends.s3 import S3Storage

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket="docs")
    # The same options production settings build from STORAGE_* (easy/settings/base.py).
    return S3Storage(
        bucket_name="docs",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        access_key="testing",
        secret_key="testing",
        default_acl="private",
        querystring_auth=True,
        querystring_expire=300,
        file_overwrite=False,
        addressing_style="path",
    )


def test_settings_select_s3_when_a_bucket_is_named(monkeypatch):
    import importlib

    import easy.settings.base as base

    monkeypatch.setenv("STORAGE_BUCKET", "easy-docs")
    monkeypatch.setenv("STORAGE_ENDPOINT_URL", "http://minio:9000")
    try:
        reloaded = importlib.reload(base)
        options = reloaded.STORAGES["default"]["OPTIONS"]
        assert reloaded.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
        assert (
            options["bucket_name"],
            options["default_acl"],
            options["querystring_auth"],
            options["file_overwrite"],
        ) == ("easy-docs", "private", True, False)
    finally:
        monkeypatch.delenv("STORAGE_BUCKET")
        importlib.reload(base)


def test_s3_documents_are_private_signed_and_never_overwritten(s3_storage):
    first = s3_storage.save("transcripts/t.pdf", ContentFile(b"%PDF-1.4 first"))
    second = s3_storage.save("transcripts/t.pdf", ContentFile(b"%PDF-1.4 second"))

    assert first == "transcripts/t.pdf"
    assert second != first
    signed = s3_storage.url(first)
    assert "Signature=" in signed or "X-Amz-Signature=" in signed
    with urllib.request.urlopen(signed) as response:  # noqa: S310 (local moto server)
        assert response.read() == b"%PDF-1.4 first"
    unsigned = signed.split("?", 1)[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned)  # noqa: S310
    assert refused.value.code == 403
    refused.value.close()


@pytest.mark.django_db
def test_local_document_link_serves_the_file(client):
    name = default_storage.save("proofs/card.png", ContentFile(b"\x89PNG demo"))

    response = client.get(document_url(name))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG demo"
    assert (
        response["Content-Disposition"],
        response["X-Content-Type-Options"],
        response["Content-Security-Policy"],
    ) == ('attachment; filename="card.png"', "nosniff", "sandbox; default-src 'none'")
    response.close()


def test_s3_document_links_download_as_attachments(s3_storage, monkeypatch):
    import easy.lib.storage

    monkeypatch.setattr(easy.lib.storage, "default_storage", s3_storage)
    name = s3_storage.save("transcripts/t.html", ContentFile(b"<script>alert(1)</script>"))

    with urllib.request.urlopen(document_url(name)) as response:  # noqa: S310 (local moto)
        disposition = response.headers["Content-Disposition"]

    assert disposition == 'attachment; filename="t.html"'


@pytest.mark.django_db
def test_local_document_link_refuses_tampered_and_expired_tokens(client, settings):
    name = default_storage.save("proofs/card.png", ContentFile(b"\x89PNG demo"))
    url = document_url(name)

    tampered = client.get(url[:-3] + "abc/")
    settings.DOCUMENT_LINK_SECONDS = -1
    expired = client.get(url)

    assert tampered.status_code == 404
    assert expired.status_code == 404


@pytest.mark.django_db
def test_local_storage_never_overwrites():
    first = default_storage.save("t/x.pdf", ContentFile(b"1"))
    second = default_storage.save("t/x.pdf", ContentFile(b"2"))

    assert first != second
    with default_storage.open(first) as stored:
        assert stored.read() == b"1"


@override_settings(DOCUMENT_LINK_SECONDS=300)
def test_document_route_exists():
    assert reverse("document", args=["x"]) == "/documents/x/"
