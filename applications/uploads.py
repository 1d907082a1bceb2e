"""Checking and storing uploaded documents.

A file is accepted when its *content* is a PDF, PNG or JPEG (the ``filetype`` package reads the
first bytes) and it is at most ``settings.DOCUMENT_MAX_BYTES``. The stored name sits in a random
folder so that it cannot be guessed, and the original name is reduced to safe characters.
"""

import re
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from easy.lib.tokens import random_key

ALLOWED = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


@dataclass(frozen=True)
class CheckedFile:
    file: object
    content_type: str
    extension: str
    size: int
    safe_name: str


def safe_filename(name: str, extension: str) -> str:
    """ASCII letters, digits, dots, dashes and underscores only, with the extension of the
    actual content (a PDF called "cv.exe" becomes "cv.pdf")."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = base.rsplit(".", 1)[0] if "." in base else base
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", base).strip("-_")[:80] or "document"
    return f"{base}.{extension}"


def check_document(upload) -> CheckedFile:
    """Raise ValidationError (a message for the field) unless the upload is an allowed file."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(261)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            _("This file is not a PDF, PNG or JPEG image. Save or scan it as one of these."),
            code="file_type",
        )
    extension = ALLOWED[kind.mime]
    return CheckedFile(
        file=upload,
        content_type=kind.mime,
        extension=extension,
        size=upload.size,
        safe_name=safe_filename(upload.name or "", extension),
    )


def store(checked: CheckedFile, application) -> str:
    """Save the file under an unguessable name; returns the storage name."""
    name = f"applications/{application.uuid}/{random_key(18)}/{checked.safe_name}"
    return default_storage.save(name, checked.file)
