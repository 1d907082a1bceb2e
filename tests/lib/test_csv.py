"""CSV exports neutralise formulas through one helper; bad input on staff pages is a 400."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from easy.accounts.enums import Role
from easy.lib.csv import safe_cell, writer
from tests.factories.accounts import UserFactory, staff
from tests.factories.applications import ApplicationFactory
from tests.factories.reviews import load_catalog


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ada = Applicant", "Ada = Applicant"),
        ("", ""),
        (None, ""),
        (-5, -5),
        (Decimal("-2.50"), Decimal("-2.50")),
    ],
)
def test_safe_cell_quotes_text_that_a_spreadsheet_would_run(value, cell):
    assert safe_cell(value) == cell


def test_writer_writes_every_cell_through_safe_cell():
    out = io.StringIO()

    writer(out).writerows([["=cmd|' /C calc'!A0", 3, "plain"]])

    assert out.getvalue() == "'=cmd|' /C calc'!A0,3,plain\r\n"


@pytest.mark.django_db
def test_review_queue_export_neutralises_formulas_in_names(
    client, association, django_capture_on_commit_callbacks
):
    load_catalog()
    coordinator = staff(association)
    ApplicationFactory(
        association=association,
        applicant=UserFactory(full_name="=cmd|' /C calc'!A0", email="ada@example.org"),
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    client.force_login(coordinator)

    # The export is made in the background (easy.jobs): ask, then fetch the finished file.
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.get(reverse("reviews:export", kwargs={"code": association.code}))
    job = asked["Location"].rstrip("/").rsplit("/", 1)[-1]
    link = client.get(reverse("jobs:download", kwargs={"uuid": job}))
    download = client.get(link["Location"])
    text = b"".join(download.streaming_content).decode()
    download.close()

    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:2] == ["'=cmd|' /C calc'!A0", "ada@example.org"]


@pytest.mark.django_db
@pytest.mark.parametrize("revoke", ["abc", "1.5", "-1", "9" * 40, "\u0661", ""])
def test_people_page_answers_bad_role_ids_with_400(client, association, revoke):
    admin = staff(association, Role.ASSOCIATION_ADMIN)
    client.force_login(admin)

    response = client.post(
        reverse("association_people", args=[association.code]), {"revoke": revoke}
    )

    assert (response.status_code, response.content.decode()) == (
        400,
        "This is not a role on this page.",
    )


@pytest.mark.django_db
def test_people_page_answers_an_unknown_role_id_with_404(client, association):
    admin = staff(association, Role.ASSOCIATION_ADMIN)
    client.force_login(admin)

    response = client.post(
        reverse("association_people", args=[association.code]), {"revoke": "999999999"}
    )

    assert response.status_code == 404


def test_endorsee_import_refuses_a_csv_with_nul_bytes():
    # PostgreSQL cannot store NUL in text: found by the form fuzz test as a server error.
    from endorsements.imports import read_file
    from endorsements.services import EndorsementError

    with pytest.raises(EndorsementError) as error:
        read_file(b"date,title\x00\n2023-01-01,x\n", "people.csv")

    assert str(error.value) == "The file contains NUL characters: it is not a CSV file."
