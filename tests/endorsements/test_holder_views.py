"""The holder's pages and the staff pages around granted endorsements."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from easy.accounts.enums import Role
from easy.audit.models import AuditEvent
from tests.endorsements.records import endorsement
from tests.factories.accounts import UserFactory, staff

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    """Read a streamed file response to the end and close its file."""
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


def test_holder_downloads_the_certificate_and_the_letter(client, association):
    held = endorsement(association)
    client.force_login(held.user)

    certificate = client.get(f"/catalog/mine/{held.uuid}/certificate.pdf")
    letter = client.get(f"/catalog/mine/{held.uuid}/letter.pdf")

    assert certificate["Content-Type"] == "application/pdf"
    assert certificate["Content-Disposition"] == (
        'attachment; filename="certificate-WI-IFS-000123.pdf"'
    )
    assert body(certificate).startswith(b"%PDF")
    assert letter["Content-Disposition"] == 'attachment; filename="letter-WI-IFS-000123.pdf"'
    assert (letter["X-Content-Type-Options"], letter["Content-Security-Policy"]) == (
        "nosniff",
        "sandbox; default-src 'none'",
    )
    assert body(letter).startswith(b"%PDF")


def test_coordinator_of_the_association_may_download_the_certificate(
    client, association, coordinator
):
    held = endorsement(association)
    client.force_login(coordinator)

    response = client.get(f"/catalog/mine/{held.uuid}/certificate.pdf")

    assert response.status_code == 200
    assert body(response).startswith(b"%PDF")


def test_stranger_gets_not_found_for_the_certificate(client, association, other_association):
    held = endorsement(association)
    client.force_login(staff(other_association))

    assert client.get(f"/catalog/mine/{held.uuid}/certificate.pdf").status_code == 404


def test_documents_refuse_other_methods(client, association):
    held = endorsement(association)
    client.force_login(held.user)

    assert client.post(f"/catalog/mine/{held.uuid}/certificate.pdf").status_code == 405


def test_my_endorsements_page_lists_downloads_and_registry(client, association):
    held = endorsement(association)
    client.force_login(held.user)

    html = client.get("/catalog/mine/").content.decode()

    assert "IFS · WI-IFS-000123" in html
    assert f"/catalog/mine/{held.uuid}/credential.json" in html
    assert "You are not listed in the public registry." in html


def test_dashboard_asks_about_the_registry_after_the_grant(client, association):
    held = endorsement(association)
    client.force_login(held.user)

    html = client.get("/dashboard/").content.decode()

    assert "You hold the IFS endorsement, number WI-IFS-000123" in html
    assert "Would you like to appear in the public registry" in html


def png(size=(60, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 80, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_administrator_uploads_the_logo(client, association):
    admin = staff(association, Role.ASSOCIATION_ADMIN)
    client.force_login(admin)

    response = client.post(
        f"/catalog/staff/{association.code}/logo/",
        {"logo": SimpleUploadedFile("logo.png", png(), "image/png")},
    )

    association.refresh_from_db()
    assert response.status_code == 302
    assert association.logo.name.startswith("associations/logos/logo")
    assert AuditEvent.objects.filter(action="association.logo_changed").count() == 1


def test_logo_page_refuses_a_disguised_file(client, association):
    client.force_login(staff(association, Role.ASSOCIATION_ADMIN))

    response = client.post(
        f"/catalog/staff/{association.code}/logo/",
        {"logo": SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", "image/png")},
    )

    association.refresh_from_db()
    assert response.status_code == 200
    assert not association.logo
    assert "Upload a valid image" in response.content.decode()


def test_coordinator_may_not_change_the_logo(client, association, coordinator):
    client.force_login(coordinator)

    assert client.get(f"/catalog/staff/{association.code}/logo/").status_code == 404


def test_staff_list_of_endorsees(client, association, coordinator):
    endorsement(association)
    client.force_login(coordinator)

    html = client.get(f"/catalog/staff/{association.code}/endorsees/", {"q": "Doe"}).content
    html = html.decode()

    assert "WI-IFS-000123" in html
    assert "Jane Marie Doe" in html


def test_a_person_without_a_role_gets_not_found_on_staff_pages(client, association):
    endorsement(association)
    client.force_login(UserFactory())

    assert client.get(f"/catalog/staff/{association.code}/endorsees/").status_code == 404


def test_revoked_endorsement_gets_no_new_certificate_or_credential(
    client, association, coordinator
):
    from endorsements.services import revoke

    held = endorsement(association)
    revoke(held, actor=coordinator, reason="Ethics committee decision.")
    client.force_login(held.user)

    certificate = client.get(f"/catalog/mine/{held.uuid}/certificate.pdf")
    credential = client.get(f"/catalog/mine/{held.uuid}/credential.json")

    assert (certificate.status_code, credential.status_code) == (410, 410)
    assert "revoked" in certificate.content.decode()


def test_key_command_gives_every_association_without_a_key_one(
    association, other_association, tmp_path, monkeypatch
):
    from django.core.management import call_command

    monkeypatch.setenv("ISSUER_KEYS_DIR", str(tmp_path))
    call_command("generate_issuer_key", association.code, verbosity=0)
    association.refresh_from_db()
    first = association.public_key_multibase

    call_command("generate_issuer_key", missing=True, verbosity=0)

    association.refresh_from_db()
    other_association.refresh_from_db()
    assert association.public_key_multibase == first
    assert other_association.public_key_multibase.startswith("z6Mk")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wa-aimh.key", "wi-aimh.key"]
