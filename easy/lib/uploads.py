"""What every uploaded document must pass, and the limit on request bodies.

A file is accepted when its *content* is a PDF, PNG or JPEG (the ``filetype`` package reads the
first bytes), it is at most ``DOCUMENT_MAX_BYTES``, and it cannot *do* anything when opened:

- no HTML in its first kilobytes (an HTML/PDF polyglot renders as a web page when sniffed);
- a PDF carries no JavaScript, launch action, embedded file or rich media, looked for in its
  objects, including those packed into compressed object streams, with PDF name escapes
  (``/J#53``) undone first;
- a PDF's compressed streams inflate to at most ``DOCUMENT_MAX_INFLATED_BYTES`` in total (each
  stream is inflated with a cap, so a zip bomb never fills memory);
- an image's header names at most ``DOCUMENT_MAX_PIXELS`` pixels (read lazily: the pixels of a
  decompression bomb are never decoded).

Every upload field goes through ``check_document``: ``applications.forms.base.DocumentField``
(transcripts, certificates, proofs), the renewal proofs (``renewals/forms.py``) and the
association logo (``endorsements/validators.py``).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import zlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
# How far into a file HTML markers are looked for: browsers sniff about the first 512 bytes;
# a few kilobytes more costs nothing.
HTML_SCAN_BYTES = 4096
_HTML_MARKERS = re.compile(
    # Tags of four letters or more (and <svg): short ones turn up by chance in compressed bytes.
    rb"<(?:!doctype|html|head|body|script|iframe|object|embed|svg)",
    re.IGNORECASE,
)
# PDF names that make a document act when opened. /OpenAction and /AA are harmless alone (they
# jump to a page); with JavaScript they carry /JS, which is caught.
_ACTIVE_PDF_NAMES = re.compile(
    rb"/(JS|JavaScript|Launch|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z0-9_.-])"
)
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_ENDSTREAM = b"endstream"


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
    """Raise ValidationError (a message for the field) unless the upload is an allowed file
    that does nothing when opened. Leaves the file positioned at its start."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    kind = filetype.guess(content[:261])
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            _("This file is not a PDF, PNG or JPEG image. Save or scan it as one of these."),
            code="file_type",
        )
    if _HTML_MARKERS.search(content[:HTML_SCAN_BYTES]):
        raise ValidationError(
            _(
                "This file also reads as a web page, so it cannot be accepted. Save or scan it again."
            ),
            code="polyglot",
        )
    if kind.mime == "application/pdf":
        _check_pdf(content)
    else:
        _check_image(upload, kind.mime)
    upload.seek(0)
    extension = ALLOWED[kind.mime]
    return CheckedFile(
        file=upload,
        content_type=kind.mime,
        extension=extension,
        size=upload.size,
        safe_name=safe_filename(upload.name or "", extension),
    )


def _unescape_names(data: bytes) -> bytes:
    """``/J#61vaScript`` is ``/JavaScript`` to a PDF reader; make it so for the search too."""
    return _PDF_NAME.sub(
        lambda m: _NAME_ESCAPE.sub(lambda e: bytes([int(e.group(1), 16)]), m.group(0)), data
    )


def _pdf_structure(content: bytes, budget: int):
    """Yield the parts of a PDF where actions can be named: everything outside stream bodies,
    and the inflated body of each object stream (``/Type /ObjStm``). Every Flate stream is
    inflated with a cap; raise ValidationError when together they pass ``budget`` bytes.

    Other stream bodies (page images, fonts) are binary: a name like ``/JS`` turns up in them by
    chance, and a reader never takes it for a name there, so they are not searched.
    """
    position = 0
    while match := _STREAM.search(content, position):
        before = content[position : match.start()]
        yield before
        dictionary = _unescape_names(before[before.rfind(b"obj") :])
        start = match.end()
        end = content.find(_ENDSTREAM, start)
        if end < 0:
            end = len(content)
        position = end + len(_ENDSTREAM)
        is_object_stream = b"/ObjStm" in dictionary
        inflater = zlib.decompressobj()
        try:
            # One byte over the remaining budget tells "too big" apart from "exactly fits".
            data = inflater.decompress(content[start:end], budget + 1)
        except zlib.error:
            if is_object_stream:  # objects we cannot read may name anything
                raise ValidationError(
                    _(
                        "This PDF cannot be checked. Print it to a new PDF (or scan it) and upload that."
                    ),
                    code="pdf_unreadable",
                ) from None
            continue  # not a Flate stream (a JPEG page image, say)
        budget -= len(data)
        if budget < 0 or inflater.unconsumed_tail:
            raise ValidationError(
                _("This PDF expands to more than %(limit)s when opened. Save it again or scan it.")
                % {"limit": filesizeformat(settings.DOCUMENT_MAX_INFLATED_BYTES)},
                code="pdf_bomb",
            )
        if is_object_stream:
            yield data
    yield content[position:]


def _check_pdf(content: bytes) -> None:
    # Inflate every stream first: a bomb is refused as a bomb, whatever else it holds.
    parts = list(_pdf_structure(content, settings.DOCUMENT_MAX_INFLATED_BYTES))
    for part in parts:
        if _ACTIVE_PDF_NAMES.search(_unescape_names(part)):
            raise ValidationError(
                _(
                    "This PDF contains scripts, attached files or actions that run when it is "
                    "opened. Print it to a new PDF (or scan it) and upload that."
                ),
                code="pdf_active",
            )


def _check_image(upload, mime: str) -> None:
    from PIL import Image

    unreadable = ValidationError(
        _("This image cannot be read. Save or scan it again as a PNG or JPEG."),
        code="image_unreadable",
    )
    too_many_pixels = ValidationError(
        _(
            "This image has more than %(limit)s million pixels. Scan it at a lower resolution "
            "or save it smaller."
        )
        % {"limit": settings.DOCUMENT_MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Our own limit below is stricter than Pillow's warning threshold.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:  # reads the header only, never the pixels
                width, height = image.size
                image_format = image.format
    except Image.DecompressionBombError as error:
        raise too_many_pixels from error
    except (OSError, ValueError, SyntaxError) as error:
        raise unreadable from error
    finally:
        upload.seek(0)
    if image_format != PILLOW_FORMATS[mime]:
        raise unreadable
    if width * height > settings.DOCUMENT_MAX_PIXELS:
        raise too_many_pixels


class RequestBodyLimitMiddleware:
    """Answer 413 to a request that announces a body over ``REQUEST_MAX_BYTES``, before any of
    it is read (the proxy enforces the same limit on bodies without a length)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            message = _("This request is %(size)s; the portal accepts at most %(limit)s.") % {
                "size": filesizeformat(length),
                "limit": filesizeformat(settings.REQUEST_MAX_BYTES),
            }
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            response["Connection"] = "close"  # the unread body must not be taken as a request
            return response
        return self.get_response(request)
