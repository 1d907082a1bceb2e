"""Uploads are checked for what they do: crafted PDFs and images built here, one per trick."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from easy.lib.uploads import check_document

ACTIVE = (
    "This PDF contains scripts, attached files or actions that run when it is opened. "
    "Print it to a new PDF (or scan it) and upload that."
)


def pdf(*objects: bytes) -> bytes:
    """A small well-formed PDF whose catalog and extra objects are given."""
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    for number, content in enumerate(objects, start=1):
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    return body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def flate_stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return (
        b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra)
        + packed
        + b"\nendstream"
    )


def image(image_format: str, size=(20, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, image_format)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims a size its (tiny) data never fills: a decompression bomb's
    header, without building gigabytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr
    chunk += struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    idat = zlib.compress(b"\x00" * 64)
    chunk += (
        struct.pack(">I", len(idat))
        + b"IDAT"
        + idat
        + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
    )
    return b"\x89PNG\r\n\x1a\n" + chunk + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def refused(content: bytes, name="file.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile(name, content))
    return error.value


CLEAN_PAGE = pdf(
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
    flate_stream(b"BT /F1 12 Tf 72 712 Td (Transcript) Tj ET"),
)


def test_check_document_accepts_an_ordinary_pdf_with_a_compressed_page():
    checked = check_document(SimpleUploadedFile("t.pdf", CLEAN_PAGE))

    assert (checked.content_type, checked.safe_name) == ("application/pdf", "t.pdf")


def test_check_document_accepts_a_pdf_that_opens_at_a_page():
    # /OpenAction that only jumps to a page is what many scanners write.
    content = pdf(b"<< /Type /Catalog /OpenAction [3 0 R /Fit] >>")

    assert check_document(SimpleUploadedFile("t.pdf", content)).extension == "pdf"


@pytest.mark.parametrize(
    "catalog",
    [
        pytest.param(
            b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
            id="openaction-js",
        ),
        pytest.param(b"<< /Type /Catalog /Names << /JavaScript 2 0 R >> >>", id="names-javascript"),
        pytest.param(
            b"<< /Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >> >>", id="launch"
        ),
        pytest.param(
            b"<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>", id="embedded-files"
        ),
        pytest.param(
            b"<< /Type /Filespec /EF << /F 3 0 R >> /Type /EmbeddedFile >>", id="embedded-file"
        ),
        pytest.param(
            b"<< /Type /Catalog /AA << /O << /S /J#61vaScript /J#53 (x) >> >> >>",
            id="escaped-names",
        ),
        pytest.param(b"<< /Type /Annot /Subtype /RichMedia >>", id="rich-media"),
    ],
)
def test_check_document_refuses_a_pdf_that_acts_when_opened(catalog):
    error = refused(pdf(catalog))

    assert (error.code, error.messages) == ("pdf_active", [ACTIVE])


def test_check_document_refuses_javascript_hidden_in_a_compressed_object_stream():
    hidden = flate_stream(
        b"5 0 << /S /JavaScript /JS (this.exportDataObject()) >>", b"/Type /ObjStm "
    )
    content = pdf(b"<< /Type /Catalog /OpenAction 5 0 R >>", hidden)

    error = refused(content)

    assert error.code == "pdf_active"


def test_check_document_refuses_a_pdf_that_inflates_past_the_limit(settings):
    settings.DOCUMENT_MAX_INFLATED_BYTES = 1_000_000
    # 50 MB of zeros packs into about 50 KB: the check stops after 1 MB.
    content = pdf(b"<< /Type /Catalog >>", flate_stream(b"\x00" * 50_000_000))

    error = refused(content)

    assert error.code == "pdf_bomb"
    assert error.messages == [
        "This PDF expands to more than 976.6\xa0KB when opened. Save it again or scan it."
    ]


def test_check_document_counts_every_stream_against_one_inflate_budget(settings):
    settings.DOCUMENT_MAX_INFLATED_BYTES = 1_000_000
    streams = [flate_stream(b"\x00" * 400_000) for _ in range(3)]  # 1.2 MB together

    assert refused(pdf(b"<< /Type /Catalog >>", *streams)).code == "pdf_bomb"
    assert check_document(SimpleUploadedFile("t.pdf", pdf(b"<< >>", *streams[:2]))).size > 0


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script>\n%%EOF", "poly.pdf"),
        (b"%PDF-1.4\n%" + b" " * 900 + b"<!DOCTYPE html><p>hi\n%%EOF", "poly.pdf"),
        (b"%PDF-1.4\n<svg onload=alert(1)>\n%%EOF", "poly.pdf"),
        (image("PNG")[:-12] + b"<iframe src=x>" + image("PNG")[-12:], "poly.png"),
    ],
)
def test_check_document_refuses_html_polyglots(content, name):
    error = refused(content, name)

    assert error.code == "polyglot"
    assert error.messages == [
        "This file also reads as a web page, so it cannot be accepted. Save or scan it again."
    ]


@pytest.mark.parametrize("image_format", ["PNG", "JPEG"])
def test_check_document_accepts_an_image_under_the_pixel_limit(image_format, settings):
    settings.DOCUMENT_MAX_PIXELS = 200

    checked = check_document(SimpleUploadedFile("scan", image(image_format)))

    assert checked.extension == {"PNG": "png", "JPEG": "jpg"}[image_format]


def test_check_document_refuses_an_image_over_the_pixel_limit(settings):
    settings.DOCUMENT_MAX_PIXELS = 199

    error = refused(image("JPEG"), "scan.jpg")

    assert error.code == "too_many_pixels"


def test_check_document_refuses_a_decompression_bomb_from_its_header_alone(settings):
    settings.DOCUMENT_MAX_PIXELS = 50_000_000

    # 100,000 by 100,000 pixels would take 30 GB decoded; the file is under 200 bytes.
    error = refused(png_header_only(100_000, 100_000), "bomb.png")

    assert (error.code, error.messages) == (
        "too_many_pixels",
        [
            "This image has more than 50 million pixels. Scan it at a lower resolution or "
            "save it smaller."
        ],
    )


def test_check_document_refuses_an_image_pillow_cannot_read():
    error = refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "broken.png")

    assert error.code == "image_unreadable"


def test_check_document_ignores_action_names_inside_binary_page_images():
    # A scan's image bytes may contain "/JS" by chance; a reader never takes it for a name.
    picture = b"<< /Type /XObject /Subtype /Image /Length 9 /Filter /DCTDecode >>\nstream\n\xff\xd8/JS \xff\xd9\nendstream"
    content = pdf(b"<< /Type /Catalog >>", picture, flate_stream(b"\x00/JavaScript\x00" * 10))

    assert check_document(SimpleUploadedFile("scan.pdf", content)).content_type == "application/pdf"


def test_check_document_refuses_an_object_stream_it_cannot_inflate():
    hidden = b"<< /Type /ObjStm /Filter /ASCIIHexDecode /Length 4 >>\nstream\n2F4A53\nendstream"

    assert refused(pdf(b"<< /Type /Catalog >>", hidden)).code == "pdf_unreadable"


@pytest.mark.django_db
def test_association_logo_upload_refuses_a_pixel_bomb_and_a_polyglot(association):
    """The logo field (endorsements/validators.py) goes through the same checks."""
    bomb = SimpleUploadedFile("logo.png", png_header_only(100_000, 100_000))
    polyglot = SimpleUploadedFile("logo.png", image("PNG")[:-12] + b"<html>" + image("PNG")[-12:])
    codes = []
    for upload in (bomb, polyglot):
        association.logo = upload
        with pytest.raises(ValidationError) as error:
            association.full_clean()
        codes.append([e.code for e in error.value.error_dict["logo"]])

    assert codes == [["too_many_pixels"], ["polyglot"]]
