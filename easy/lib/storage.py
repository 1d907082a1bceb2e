"""Document storage on disk for `make run`: never overwrites, never served as public media.

In production the same role is played by S3 (private bucket, signed links). Views hand out
documents through ``document_url`` so the caller never knows which backend is in use.
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


def document_url(name: str) -> str:
    """A short-lived link to a stored document (signed S3 URL or a signed local link)."""
    return default_storage.url(name)


def name_from_token(token: str, *, max_age: int) -> str | None:
    try:
        return signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
