"""An endorsee downloads the certificate and the credential and joins the registry; a visitor
verifies the number, checks the credential and finds the person in the registry."""

import io
import json

import pytest
from pypdf import PdfReader

from endorsements.models import RegistryListing
from tests.e2e.support import sign_in, sign_out
from tests.endorsements.records import endorsement, make_signing_keys

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tick(page, box) -> None:
    """Tick a USWDS checkbox as a person does: on its label (the box is drawn there)."""
    page.locator(f'label[for="{box.get_attribute("id")}"]').click()
    assert box.is_checked()


def test_endorsee_shows_an_employer_a_certificate_and_credential(
    page, association, other_association, monkeypatch, tmp_path
):
    make_signing_keys(tmp_path / "keys", monkeypatch, association, other_association)
    held = endorsement(association)

    sign_in(page, "jane@example.org")
    page.get_by_role(
        "link", name="Download your certificate, letter and digital credential"
    ).click()
    page.get_by_role("heading", name="Your endorsements").wait_for()
    with page.expect_download() as certificate:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    pdf = certificate.value.path().read_bytes()
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Jane Marie Doe" in text
    assert "WI-IFS-000123" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the digital credential (Open Badge, JSON)").click()
    credential = json.loads(download.value.path().read_text())
    assert credential["credentialSubject"]["licenseNumber"] == "WI-IFS-000123"
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"

    page.get_by_role("link", name="Change your registry settings").click()
    tick(page, page.get_by_label("show me in the public registry"))
    page.get_by_label("City").fill("Madison")
    page.get_by_label("State").fill("Wisconsin")
    page.get_by_label("Languages spoken (optional)").fill("English, Spanish")
    tick(page, page.get_by_label("I provide reflective supervision/consultation (RS/C)"))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("You are listed in the public registry.").first.wait_for()
    assert RegistryListing.objects.get(user=held.user).listed is True
    sign_out(page)

    # A visitor (the employer) checks the number and surname...
    page.goto("/verify/")
    page.get_by_label("Endorsement number").fill("WI-IFS-000123")
    page.get_by_label("Surname (optional)").fill("Doe")
    page.get_by_role("button", name="Verify").click()
    assert page.locator("[data-status]").first.inner_text() == "Current"
    assert page.get_by_role("heading", name="Jane Marie Doe").is_visible()

    # ...pastes the credential the endorsee sent...
    page.goto("/verify/credential/")
    page.get_by_label("Credential (JSON)").fill(json.dumps(credential))
    page.get_by_role("button", name="Check").click()
    page.get_by_text("The credential is genuine and current.").wait_for()

    # ...and finds endorsed RS/C providers who speak Spanish in the registry.
    page.goto("/registry/")
    page.get_by_label("Language").fill("Spanish")
    tick(page, page.get_by_label("Provides RS/C"))
    page.get_by_role("button", name="Search").click()
    row = page.get_by_role("row", name="Jane Marie Doe")
    row.wait_for()
    assert "IFS" in row.inner_text()
    assert "Madison, Wisconsin" in row.inner_text()
    assert page.get_by_role("status").first.inner_text() == "1 person found."
