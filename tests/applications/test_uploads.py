import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.uploads import check_document, safe_filename
from tests.factories.applications import PDF_BYTES


def _image(image_format: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, image_format)
    return buffer.getvalue()


# Real images: the check reads their headers (easy/lib/uploads.py).
PNG_BYTES = _image("PNG")
JPEG_BYTES = _image("JPEG")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("content", "mime", "name"),
    [
        (PDF_BYTES, "application/pdf", "transcript.pdf"),
        (PNG_BYTES, "image/png", "transcript.png"),
        (JPEG_BYTES, "image/jpeg", "transcript.jpg"),
    ],
)
def test_check_document_accepts_pdf_png_jpeg_by_content(content, mime, name):
    checked = check_document(upload("transcript.bin", content))

    assert checked.content_type == mime
    assert checked.safe_name == name
    assert checked.size == len(content)


def test_check_document_names_a_pdf_called_exe_by_its_content():
    checked = check_document(upload("cv.exe", PDF_BYTES))

    assert checked.content_type == "application/pdf"
    assert checked.safe_name == "cv.pdf"


def test_check_document_refuses_text_named_pdf():
    with pytest.raises(ValidationError) as error:
        check_document(upload("transcript.pdf", b"just some text, not a PDF\n" * 10))

    assert error.value.messages == [
        "This file is not a PDF, PNG or JPEG image. Save or scan it as one of these."
    ]


def test_check_document_refuses_a_file_over_the_limit(settings):
    settings.DOCUMENT_MAX_BYTES = 100

    with pytest.raises(ValidationError) as error:
        check_document(upload("big.pdf", PDF_BYTES + b"0" * 200))

    assert error.value.messages == ["This file is 245\xa0bytes; files may be at most 100\xa0bytes."]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\Relevé de notes.PDF", "Releve-de-notes.pdf"),
        ("<script>.pdf", "script.pdf"),
        (".pdf", "document.pdf"),
        ("a" * 300 + ".pdf", "a" * 80 + ".pdf"),
    ],
)
def test_safe_filename_keeps_only_safe_characters(name, expected):
    assert safe_filename(name, "pdf") == expected


def test_check_document_reads_from_the_start_after_checking():
    f = upload("x.pdf", PDF_BYTES)

    check_document(f)

    assert f.read() == PDF_BYTES
    assert isinstance(f.file, io.BytesIO)
