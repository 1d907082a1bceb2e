"""The training CSV import answers over-long cells, NUL bytes and broken files with a message at
the field, never a server error."""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.forms.training_import import MAX_CELL_CHARS
from applications.models import Training

HEADER = "date,title,provider,hours,topics,competency_areas\n"


def post_file(client, application, text: str):
    return client.post(
        reverse("applications:training_import", kwargs={"uuid": application.uuid}),
        {"file": SimpleUploadedFile("log.csv", text.encode())},
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            HEADER + "2023-01-10," + "x" * (MAX_CELL_CHARS + 1) + ",WI-AIMH,6,,\n",
            "Line 2 has a cell longer than 1000 characters.",
        ),
        (
            HEADER + "2023-01-10," + "x" * 200_000 + ",WI-AIMH,6,,\n",
            "Line 2 cannot be read as CSV: a cell is longer than 1000 characters or a quote is "
            "not closed.",
        ),
        (
            HEADER + '2023-01-10,"' + "x" * 140_000 + "\n",
            "Line 2 cannot be read as CSV: a cell is longer than 1000 characters or a quote is "
            "not closed.",
        ),
        (
            HEADER + "2023-01-10,Basics\x00,WI-AIMH,6,,\n",
            "The file contains NUL characters: it is not a CSV text file.",
        ),
    ],
)
def test_training_import_refuses_unreadable_files_at_the_field(
    owner_client, application, text, message
):
    response = post_file(owner_client, application, text)

    assert response.status_code == 422
    assert response.context["form"].errors == {"file": [message]}
    assert Training.objects.count() == 0


def test_training_import_pasted_text_with_a_long_cell_is_a_file_error(owner_client, application):
    response = owner_client.post(
        reverse("applications:training_import", kwargs={"uuid": application.uuid}),
        {"csv_text": HEADER + "2023-01-10," + "x" * 5000 + ",WI-AIMH,6,,\n", "confirm": "1"},
    )

    assert response.status_code == 422
    assert response.context["file_errors"] == ["Line 2 has a cell longer than 1000 characters."]
    assert Training.objects.count() == 0


def test_training_import_takes_back_a_full_size_file_posted_as_text(owner_client, application):
    # The preview posts the file back URL-encoded: a 1 MB file of commas grows to 3 MB, which
    # must stay under DATA_UPLOAD_MAX_MEMORY_SIZE (refused with 400 otherwise).
    text = HEADER + "2023-01-10,Basics,WI-AIMH,6,," + "," * 1_000_000 + "\n"

    response = owner_client.post(
        reverse("applications:training_import", kwargs={"uuid": application.uuid}),
        urlencode({"csv_text": text}),  # as the browser sends the preview form
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert [r["line"] for r in response.context["rows"]] == [2]
