"""Document storage on disk for `make run`: never overwrites, never served as public media.

In production the same role is played by S3 (private bucket, signed links). Views hand out
documents through ``document_url`` so the caller never knows which backend is in use.

Every document is handed out as a download, never rendered by the browser on our origin: the
local view sends ``Content-Disposition: attachment``, ``X-Content-Type-Options: nosniff`` and a
sandboxing CSP (``protect_download``); S3 links ask S3 for the same disposition.
"""

from django.core import signing
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import reverse

_SALT = "easy.document-link"


class PrivateFileSystemStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        kwargs.setdefault("base_url", None)
        super().__init__(**kwargs)

    def url(self, name: str | None) -> str:
        token = signing.dumps(name, salt=_SALT, compress=True)
        return reverse("document", kwargs={"token": token})


# Even if a file slipped past the upload checks, a browser opening it runs nothing and reaches
# nothing: no scripts, no plugins, no requests, an opaque origin.
DOWNLOAD_CSP = "sandbox; default-src 'none'"


def document_url(name: str) -> str:
    """A short-lived link to a stored document (signed S3 URL or a signed local link) that
    downloads it as an attachment."""
    if getattr(default_storage, "bucket_name", None):  # S3: S3 sets the headers it is asked for
        filename = name.rsplit("/", 1)[-1]
        return default_storage.url(
            name, parameters={"ResponseContentDisposition": f'attachment; filename="{filename}"'}
        )
    return default_storage.url(name)


def protect_download(response):
    """Mark a response that carries a stored or uploaded file so no browser renders it."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    if not response.get("Content-Disposition", "").startswith("attachment"):
        response["Content-Disposition"] = "attachment"
    return response


def name_from_token(token: str, *, max_age: int) -> str | None:
    try:
        return signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
